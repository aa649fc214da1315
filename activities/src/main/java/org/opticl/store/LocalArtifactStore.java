package org.opticl.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.opticl.schema.ArtifactRef;
import org.opticl.schema.Manifest;
import org.opticl.schema.json.CanonicalJson;
import org.opticl.schema.json.Digests;
import org.opticl.schema.key.StageKey;

/**
 * An artifact store in a local directory: the default for laptop runs and tests, with the same
 * layout as the S3 store so a directory can be synced to a bucket as is.
 *
 * <p>Every file appears whole or not at all: it is written to {@code tmp/} under the root, fsynced,
 * then renamed (blobs) or hard-linked (manifests) into place on the same filesystem. Linking fails
 * if the manifest already exists, which makes the commit create-if-absent, as {@code If-None-Match:
 * *} does on S3; where hard links are unsupported it falls back to an atomic rename (then the last
 * of two racing writers wins, and still exactly one complete manifest exists).
 */
public final class LocalArtifactStore implements ArtifactStore {

  private static final String MANIFEST = "manifest.json";
  private static final int BUFFER = 1 << 16;

  private final Path root;
  private final Path tmp;
  private final CorruptionListener listener;
  private volatile Runnable beforeManifestPublish = () -> {};

  /** A store at {@code root} (created if absent) that logs corruption. */
  public LocalArtifactStore(Path root) {
    this(root, CorruptionListener.logging());
  }

  /** A store at {@code root} (created if absent) that reports corruption to {@code listener}. */
  public LocalArtifactStore(Path root, CorruptionListener listener) {
    this.root = root.toAbsolutePath().normalize();
    this.tmp = this.root.resolve("tmp");
    this.listener = listener;
    try {
      Files.createDirectories(this.root.resolve("cas/sha256"));
      Files.createDirectories(this.root.resolve("stages"));
      Files.createDirectories(tmp);
    } catch (IOException e) {
      throw new StoreException("cannot create artifact store at " + this.root + ": " + e, e);
    }
  }

  /** The store's root directory. */
  public Path root() {
    return root;
  }

  @Override
  public String location() {
    return root.toString();
  }

  @Override
  public ArtifactRef put(byte[] bytes, String mediaType) {
    String hex = Digests.sha256Hex(bytes);
    Path blob = root.resolve(ArtifactRef.blobUri(hex));
    if (sizeOf(blob) == bytes.length) {
      return ArtifactRef.blob(hex, bytes.length, mediaType);
    }
    Path temp = newTemp("blob");
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(bytes));
        ch.force(true);
      }
      publishBlob(temp, blob);
    } catch (IOException e) {
      throw new StoreException("cannot store blob " + hex + " in " + root + ": " + e, e);
    } finally {
      deleteQuietly(temp);
    }
    return ArtifactRef.blob(hex, bytes.length, mediaType);
  }

  @Override
  public ArtifactRef put(Path file, String mediaType) {
    Path temp = newTemp("blob");
    try {
      MessageDigest md = Digests.newSha256();
      long size;
      try (InputStream in = Files.newInputStream(file);
          FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
          OutputStream out =
              new DigestOutputStream(java.nio.channels.Channels.newOutputStream(ch), md)) {
        size = in.transferTo(out);
        out.flush();
        ch.force(true);
      }
      String hex = Digests.hex(md);
      Path blob = root.resolve(ArtifactRef.blobUri(hex));
      if (sizeOf(blob) != size) {
        publishBlob(temp, blob);
      }
      return ArtifactRef.blob(hex, size, mediaType);
    } catch (NoSuchFileException e) {
      throw new StoreException("cannot store " + file + ": no such file", e);
    } catch (IOException e) {
      throw new StoreException("cannot store " + file + " in " + root + ": " + e, e);
    } finally {
      deleteQuietly(temp);
    }
  }

  @Override
  public boolean contains(String sha256) {
    return Files.isRegularFile(root.resolve(ArtifactRef.blobUri(sha256)));
  }

  @Override
  public Optional<byte[]> get(ArtifactRef ref) {
    Path blob = root.resolve(ArtifactRef.blobUri(ref.sha256()));
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(blob);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("cannot read " + blob + ": " + e, e);
    }
    String actual = Digests.sha256Hex(bytes);
    if (bytes.length != ref.size() || !actual.equals(ref.sha256())) {
      corrupt(ArtifactRef.blobUri(ref.sha256()), mismatch(actual, bytes.length, ref));
      return Optional.empty();
    }
    return Optional.of(bytes);
  }

  @Override
  public boolean get(ArtifactRef ref, Path target) {
    Path blob = root.resolve(ArtifactRef.blobUri(ref.sha256()));
    if (!Files.isRegularFile(blob)) {
      return false;
    }
    Path parent = target.toAbsolutePath().getParent();
    Path temp = parent.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      Files.createDirectories(parent);
      MessageDigest md = Digests.newSha256();
      long size;
      try (InputStream in = Files.newInputStream(blob);
          OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), md)) {
        size = in.transferTo(out);
      }
      String actual = Digests.hex(md);
      if (size != ref.size() || !actual.equals(ref.sha256())) {
        corrupt(ArtifactRef.blobUri(ref.sha256()), mismatch(actual, size, ref));
        return false;
      }
      moveAtomically(temp, target);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new StoreException("cannot copy blob " + ref.sha256() + " to " + target + ": " + e, e);
    } finally {
      deleteQuietly(temp);
    }
  }

  @Override
  public CommitResult commit(Manifest manifest) {
    StageKey key = manifest.stageKey();
    requireOutputsPresent(manifest);
    Path target = root.resolve(key.manifestPath());
    Optional<Manifest> existing = readManifest(key);
    if (existing.isPresent()) {
      return new CommitResult(existing.get(), false);
    }
    Path temp = newTemp("manifest");
    try {
      Files.createDirectories(target.getParent());
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(CanonicalJson.bytes(manifest)));
        ch.force(true);
      }
      beforeManifestPublish.run();
      boolean won;
      try {
        Files.createLink(target, temp);
        won = true;
      } catch (FileAlreadyExistsException e) {
        won = false;
      } catch (UnsupportedOperationException e) {
        moveAtomically(temp, target);
        won = true;
      }
      fsyncDirectory(target.getParent());
      if (won) {
        return new CommitResult(manifest, true);
      }
    } catch (IOException e) {
      throw new StoreException("cannot commit manifest " + key + " in " + root + ": " + e, e);
    } finally {
      deleteQuietly(temp);
    }
    return new CommitResult(
        readManifest(key)
            .orElseThrow(
                () ->
                    new StoreException(
                        "manifest " + key + " vanished while committing in " + root)),
        false);
  }

  @Override
  public Optional<Manifest> lookup(StageKey key) {
    Optional<Manifest> manifest = readManifest(key);
    if (manifest.isEmpty()) {
      return Optional.empty();
    }
    for (Manifest.Output output : manifest.get().outputs()) {
      String hex = Digests.hexOf(output.digest());
      String uri = ArtifactRef.blobUri(hex);
      long size = sizeOf(root.resolve(uri));
      if (size < 0) {
        // Garbage-collected or removed as corrupt: the result is incomplete, so drop the manifest;
        // otherwise a recompute that yields different bytes could never commit.
        invalidate(key);
        return Optional.empty();
      }
      if (size != output.size()) {
        corrupt(uri, "size " + size + " bytes, manifest " + key + " lists " + output.size());
        invalidate(key);
        return Optional.empty();
      }
    }
    return manifest;
  }

  @Override
  public Optional<byte[]> manifestBytes(StageKey key) {
    try {
      return Optional.of(Files.readAllBytes(root.resolve(key.manifestPath())));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("cannot read manifest " + key + " in " + root + ": " + e, e);
    }
  }

  @Override
  public void invalidate(StageKey key) {
    Path manifest = root.resolve(key.manifestPath());
    deleteQuietly(manifest);
    try {
      Files.deleteIfExists(manifest.getParent());
    } catch (IOException e) {
      // not empty (someone is committing there right now) or already gone: either is fine
    }
  }

  @Override
  public List<StageKey> stageKeys() {
    List<StageKey> keys = new ArrayList<>();
    try (Stream<Path> stages = Files.list(root.resolve("stages"))) {
      for (Path stage : stages.sorted().toList()) {
        try (Stream<Path> entries = Files.list(stage)) {
          for (Path entry : entries.sorted().toList()) {
            if (Files.isRegularFile(entry.resolve(MANIFEST))
                && Digests.isHex(entry.getFileName().toString())) {
              keys.add(
                  new StageKey(stage.getFileName().toString(), entry.getFileName().toString()));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new StoreException("cannot list stages in " + root + ": " + e, e);
    }
    return keys;
  }

  @Override
  public List<BlobInfo> blobs() {
    try (Stream<Path> files = Files.walk(root.resolve("cas/sha256"), 2)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> Digests.isHex(f.getFileName().toString()))
          .map(
              f -> {
                try {
                  return new BlobInfo(
                      f.getFileName().toString(),
                      Files.size(f),
                      Files.getLastModifiedTime(f).toInstant());
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .sorted(Comparator.comparing(BlobInfo::sha256))
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new StoreException("cannot list blobs in " + root + ": " + e, e);
    }
  }

  @Override
  public void deleteBlob(String sha256) {
    deleteQuietly(root.resolve(ArtifactRef.blobUri(sha256)));
  }

  @Override
  public Optional<String> check(BlobInfo blob) {
    Path file = root.resolve(ArtifactRef.blobUri(blob.sha256()));
    try {
      long size = Files.size(file);
      String actual = Digests.sha256Hex(file);
      return actual.equals(blob.sha256())
          ? Optional.empty()
          : Optional.of("sha256 is " + actual + " (" + size + " bytes)");
    } catch (NoSuchFileException e) {
      return Optional.of("missing");
    } catch (IOException e) {
      return Optional.of("unreadable: " + e);
    }
  }

  @Override
  public List<String> removeStaleTemporaries(Duration olderThan, boolean dryRun) {
    Instant cutoff = Instant.now().minus(olderThan);
    List<String> removed = new ArrayList<>();
    try (Stream<Path> files = Files.list(tmp)) {
      for (Path f : files.sorted().toList()) {
        if (!Files.getLastModifiedTime(f).toInstant().isAfter(cutoff)) {
          removed.add(root.relativize(f).toString());
          if (!dryRun) {
            deleteQuietly(f);
          }
        }
      }
    } catch (IOException e) {
      throw new StoreException("cannot list temporaries in " + tmp + ": " + e, e);
    }
    return removed;
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "LocalArtifactStore[" + root + "]";
  }

  /** Test seam: runs after the manifest's temporary file is durable, before it is published. */
  void beforeManifestPublish(Runnable hook) {
    this.beforeManifestPublish = hook;
  }

  private Optional<Manifest> readManifest(StageKey key) {
    Optional<byte[]> bytes = manifestBytes(key);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      Manifest manifest = CanonicalJson.read(bytes.get(), Manifest.class);
      if (!manifest.stageKey().equals(key)) {
        throw new IllegalArgumentException("it holds the manifest of " + manifest.stageKey());
      }
      return Optional.of(manifest);
    } catch (RuntimeException e) {
      corrupt(key.manifestPath(), "manifest does not parse or check: " + e.getMessage());
      invalidate(key);
      return Optional.empty();
    }
  }

  private void requireOutputsPresent(Manifest manifest) {
    for (Manifest.Output output : manifest.outputs()) {
      long size = sizeOf(root.resolve(ArtifactRef.blobUri(Digests.hexOf(output.digest()))));
      if (size != output.size()) {
        throw new StoreException(
            "cannot commit "
                + manifest.stageKey()
                + ": output '"
                + output.name()
                + "' ("
                + output.digest()
                + ", "
                + output.size()
                + " bytes) is "
                + (size < 0 ? "not in the store" : "stored with " + size + " bytes")
                + " at "
                + root);
      }
    }
  }

  private void publishBlob(Path temp, Path blob) throws IOException {
    Files.createDirectories(blob.getParent());
    moveAtomically(temp, blob);
    // The manifest that will name this blob is fsynced after it; make the blob's directory entry
    // durable first so a crash cannot leave a manifest pointing at a blob that never landed.
    fsyncDirectory(blob.getParent());
  }

  private void corrupt(String objectKey, String problem) {
    deleteQuietly(root.resolve(objectKey));
    listener.corrupted(new Corruption(location(), objectKey, problem));
  }

  private static String mismatch(String actual, long size, ArtifactRef ref) {
    return "sha256 is "
        + actual
        + " and size "
        + size
        + " bytes; expected "
        + ref.sha256()
        + " and "
        + ref.size()
        + " bytes";
  }

  private Path newTemp(String kind) {
    try {
      return Files.createFile(tmp.resolve(kind + "-" + UUID.randomUUID() + ".tmp"));
    } catch (IOException e) {
      throw new StoreException("cannot create a temporary file in " + tmp + ": " + e, e);
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  private static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "cannot rename " + from + " to " + to + " atomically (different filesystems?)", e);
    }
  }

  private static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms cannot open directories; the rename itself is still atomic there.
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // best effort: a leftover temporary is collected by `opticl cache gc`
    }
  }
}
