package org.opticl.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.opticl.schema.ArtifactRef;
import org.opticl.schema.Manifest;
import org.opticl.schema.json.CanonicalJson;
import org.opticl.schema.json.Digests;
import org.opticl.schema.key.StageKey;

/**
 * What {@code opticl cache ls | verify | gc} do, on any {@link ArtifactStore}. Listing and
 * verifying only read (they report corruption, they do not repair it); collecting garbage deletes
 * only blobs that no manifest names and that are older than a grace period, so a result being
 * written right now (blobs stored, manifest not yet) is not collected under its writer.
 */
public final class StoreMaintenance {

  private StoreMaintenance() {}

  /**
   * One committed stage result.
   *
   * @param key its stage key
   * @param outputs its outputs (empty if the manifest is broken)
   * @param bytes total size of the outputs
   * @param problem why the manifest cannot be used, if it cannot
   */
  public record StageListing(
      StageKey key, List<Manifest.Output> outputs, long bytes, Optional<String> problem) {}

  /**
   * What {@code cache verify} found.
   *
   * @param manifests manifests checked
   * @param blobs blobs re-hashed
   * @param bytes bytes re-hashed
   * @param corrupt every problem, by object
   */
  public record VerifyReport(int manifests, int blobs, long bytes, List<Corruption> corrupt) {
    /** Whether everything checked out. */
    public boolean ok() {
      return corrupt.isEmpty();
    }
  }

  /**
   * What {@code cache gc} removed (or would remove, in a dry run).
   *
   * @param removed unreferenced blobs
   * @param removedBytes their total size
   * @param kept blobs still referenced, or too young to collect
   * @param temporaries stale temporary files of dead writers
   * @param dryRun whether anything was actually deleted
   */
  public record GcReport(
      List<BlobInfo> removed,
      long removedBytes,
      int kept,
      List<String> temporaries,
      boolean dryRun) {}

  /** Every stage result with its outputs and sizes. */
  public static List<StageListing> list(ArtifactStore store) {
    List<StageListing> listings = new ArrayList<>();
    for (StageKey key : store.stageKeys()) {
      Optional<byte[]> bytes = store.manifestBytes(key);
      if (bytes.isEmpty()) {
        continue; // invalidated between listing and reading
      }
      try {
        Manifest manifest = parse(key, bytes.get());
        long total = manifest.outputs().stream().mapToLong(Manifest.Output::size).sum();
        listings.add(new StageListing(key, manifest.outputs(), total, Optional.empty()));
      } catch (RuntimeException e) {
        listings.add(new StageListing(key, List.of(), 0, Optional.of(e.getMessage())));
      }
    }
    return listings;
  }

  /**
   * Re-hashes every blob and checks every manifest (parses, hashes to its key, every output present
   * with its listed size). Reports; changes nothing.
   */
  public static VerifyReport verify(ArtifactStore store) {
    List<Corruption> corrupt = new ArrayList<>();
    List<BlobInfo> blobs = store.blobs();
    Set<String> present = new HashSet<>();
    long bytes = 0;
    for (BlobInfo blob : blobs) {
      bytes += blob.size();
      Optional<String> problem = store.check(blob);
      if (problem.isPresent()) {
        corrupt.add(
            new Corruption(store.location(), ArtifactRef.blobUri(blob.sha256()), problem.get()));
      } else {
        present.add(blob.sha256() + "/" + blob.size());
      }
    }
    int manifests = 0;
    for (StageListing listing : list(store)) {
      manifests++;
      String manifestKey = listing.key().manifestPath();
      if (listing.problem().isPresent()) {
        corrupt.add(new Corruption(store.location(), manifestKey, listing.problem().get()));
        continue;
      }
      for (Manifest.Output output : listing.outputs()) {
        String hex = Digests.hexOf(output.digest());
        if (!present.contains(hex + "/" + output.size())) {
          corrupt.add(
              new Corruption(
                  store.location(),
                  manifestKey,
                  "output '"
                      + output.name()
                      + "' ("
                      + output.digest()
                      + ", "
                      + output.size()
                      + " bytes) is missing or corrupt"));
        }
      }
    }
    return new VerifyReport(manifests, blobs.size(), bytes, corrupt);
  }

  /**
   * Deletes blobs that no manifest references and that were written more than {@code grace} ago,
   * and temporaries older than {@code grace}.
   */
  public static GcReport gc(ArtifactStore store, boolean dryRun, Duration grace) {
    Set<String> referenced = new HashSet<>();
    for (StageListing listing : list(store)) {
      for (Manifest.Output output : listing.outputs()) {
        referenced.add(Digests.hexOf(output.digest()));
      }
    }
    Instant cutoff = Instant.now().minus(grace);
    List<BlobInfo> removed = new ArrayList<>();
    long removedBytes = 0;
    int kept = 0;
    for (BlobInfo blob : store.blobs()) {
      if (referenced.contains(blob.sha256()) || blob.lastModified().isAfter(cutoff)) {
        kept++;
        continue;
      }
      removed.add(blob);
      removedBytes += blob.size();
      if (!dryRun) {
        store.deleteBlob(blob.sha256());
      }
    }
    List<String> temporaries = store.removeStaleTemporaries(grace, dryRun);
    return new GcReport(removed, removedBytes, kept, temporaries, dryRun);
  }

  private static Manifest parse(StageKey key, byte[] bytes) {
    Manifest manifest = CanonicalJson.read(bytes, Manifest.class);
    if (!manifest.stageKey().equals(key)) {
      throw new IllegalArgumentException(
          "stored under " + key + " but is the manifest of " + manifest.stageKey());
    }
    return manifest;
  }
}
