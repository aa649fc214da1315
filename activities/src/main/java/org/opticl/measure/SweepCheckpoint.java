package org.opticl.measure;

import java.util.List;
import java.util.Objects;

/**
 * Where a {@link MaskSweep} stands: the results of its first {@code done().size()} masks, in mask
 * order, and the digest of the inputs they belong to. Evaluations are deterministic, so resuming
 * from any checkpoint yields the same results as an uninterrupted sweep.
 *
 * @param inputDigest {@link MaskSweep#digest} of the sweep that wrote it
 * @param done results so far, one per mask, in mask order
 */
public record SweepCheckpoint(String inputDigest, List<SweepPoint> done) {
  public SweepCheckpoint {
    Objects.requireNonNull(inputDigest, "inputDigest");
    done = List.copyOf(done);
  }
}
