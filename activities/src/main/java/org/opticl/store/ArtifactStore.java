package org.opticl.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.opticl.schema.ArtifactRef;
import org.opticl.schema.Manifest;
import org.opticl.schema.key.StageKey;

/**
 * Where stage results live between processes and runs. A result is a set of content-addressed blobs
 * and a manifest naming them; the manifest is written last and only if absent, so a result is
 * either completely visible or not at all, concurrent writers of one key agree on a single winner,
 * and a writer that dies half-way leaves only unreferenced blobs for {@code cache gc}.
 *
 * <p>Reads never return unverified bytes: a blob whose SHA-256 or size does not match is reported
 * to the store's {@link CorruptionListener}, removed so that the next write restores it, and read
 * as absent. Implementations are thread-safe.
 */
public interface ArtifactStore extends AutoCloseable {

  /** Where this store is, for messages: a directory, or {@code s3://bucket/prefix @ endpoint}. */
  String location();

  /**
   * Stores {@code bytes} as a blob; storing the same bytes again is cheap and harmless.
   *
   * @return a reference carrying the digest, size and {@code mediaType}
   */
  ArtifactRef put(byte[] bytes, String mediaType);

  /** Stores a file's content as a blob without holding it in memory (large artifacts). */
  ArtifactRef put(Path file, String mediaType);

  /** Whether a blob with this hex digest is present (not verified: see {@link #get}). */
  boolean contains(String sha256);

  /**
   * The blob's bytes, verified against {@code ref}'s digest and size; empty if it is missing or
   * corrupt (corruption is reported and the blob removed).
   */
  Optional<byte[]> get(ArtifactRef ref);

  /**
   * Copies the blob to {@code target}, verified, replacing {@code target} atomically only when the
   * bytes are right; returns false (and leaves {@code target} alone) if missing or corrupt.
   */
  boolean get(ArtifactRef ref, Path target);

  /**
   * Commits {@code manifest} under its key unless a manifest is already there: the first writer
   * wins, later writers get the existing manifest back. Every output must already be stored.
   *
   * @throws StoreException if an output is missing, or the store cannot be reached
   */
  CommitResult commit(Manifest manifest);

  /**
   * The committed manifest of {@code key}, if it is intact (parses, its key material hashes to
   * {@code key}) and every output it lists is present with the listed size. A broken manifest is
   * reported and removed; either way the answer is a miss and the stage is recomputed.
   */
  Optional<Manifest> lookup(StageKey key);

  /**
   * The verified bytes of one output of a committed result. If the output is missing or corrupt,
   * the result is {@linkplain #invalidate invalidated} so that the recompute can commit afresh.
   */
  default Optional<byte[]> readOutput(Manifest manifest, String name) {
    Manifest.Output output =
        manifest
            .output(name)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "manifest "
                            + manifest.stageKey()
                            + " has no output '"
                            + name
                            + "'; it has "
                            + manifest.outputs().stream().map(Manifest.Output::name).toList()));
    Optional<byte[]> bytes = get(output.ref());
    if (bytes.isEmpty()) {
      invalidate(manifest.stageKey());
    }
    return bytes;
  }

  /**
   * The raw bytes of {@code key}'s manifest, unverified and without side effects: for {@code cache
   * ls} and {@code cache verify}, which must report rather than repair.
   */
  Optional<byte[]> manifestBytes(StageKey key);

  /** Removes {@code key}'s manifest, making the result a miss; its blobs become garbage. */
  void invalidate(StageKey key);

  /** Every committed stage key, sorted by stage then key. */
  List<StageKey> stageKeys();

  /** Every blob, sorted by digest. */
  List<BlobInfo> blobs();

  /** Deletes a blob (for {@code cache gc}); absent blobs are ignored. */
  void deleteBlob(String sha256);

  /**
   * Re-hashes a blob in full and reports whether it matches its name: for {@code cache verify},
   * which must not delete anything while it looks. Returns the problem, or empty if intact.
   */
  Optional<String> check(BlobInfo blob);

  /**
   * Removes temporary files older than {@code olderThan} left by writers that died before
   * publishing (local store only: an S3 upload that never completed is invisible, and the server
   * discards it).
   *
   * @param dryRun list only
   * @return the removed (or removable) temporary files, store-relative
   */
  List<String> removeStaleTemporaries(java.time.Duration olderThan, boolean dryRun);

  @Override
  void close();
}
