package org.opticl.store;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InsufficientDataException;
import io.minio.errors.ServerException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import okhttp3.OkHttpClient;
import org.opticl.schema.ArtifactRef;
import org.opticl.schema.Manifest;
import org.opticl.schema.json.CanonicalJson;
import org.opticl.schema.json.Digests;
import org.opticl.schema.key.StageKey;

/**
 * An artifact store in an S3 bucket (MinIO, S3Proxy, AWS) through the MinIO Java client: the store
 * of cluster runs, shared by every worker.
 *
 * <p>Single PUTs and completed multipart uploads are atomic on S3, so a blob is visible whole or
 * not at all. The manifest is written with {@code If-None-Match: *}: the server creates it only if
 * absent, so of two racing writers exactly one wins and the other reads the winner's manifest back
 * (a 412 answer). Every call is retried through transient failures with bounded exponential backoff
 * ({@link RetryPolicy}); then {@link StoreUnavailableException} names the endpoint, the object and
 * the last error. Nothing is half-visible after such a failure: blobs without a manifest are
 * garbage, and the manifest is the last write.
 */
public final class S3ArtifactStore implements ArtifactStore {

  private static final String MANIFEST_SUFFIX = "/manifest.json";
  private static final long PART_SIZE = 16L << 20;
  private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchObject", "NotFound");
  private static final Set<String> TRANSIENT_CODES =
      Set.of("InternalError", "ServiceUnavailable", "SlowDown", "RequestTimeout", "Throttling");

  private final S3Config config;
  private final CorruptionListener listener;
  private final MinioClient client;
  private volatile Runnable beforeManifestPublish = () -> {};

  /** Opens the store, creating the bucket if absent; logs corruption. */
  public S3ArtifactStore(S3Config config) {
    this(config, CorruptionListener.logging());
  }

  /** Opens the store, creating the bucket if absent; reports corruption to {@code listener}. */
  public S3ArtifactStore(S3Config config, CorruptionListener listener) {
    this.config = config;
    this.listener = listener;
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(config.connectTimeout())
            .readTimeout(config.ioTimeout())
            .writeTimeout(config.ioTimeout())
            // Lets OkHttp replace a pooled connection the server closed (e.g. after a restart)
            // once, silently; real outages still reach our bounded retry below.
            .retryOnConnectionFailure(true)
            .build();
    this.client =
        MinioClient.builder()
            .endpoint(config.endpoint())
            .credentials(config.accessKey(), config.secretKey())
            .region(config.region())
            .httpClient(http, true)
            .build();
    try {
      ensureBucket();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public String location() {
    return config.toString();
  }

  /** The configuration this store was opened with. */
  public S3Config config() {
    return config;
  }

  @Override
  public ArtifactRef put(byte[] bytes, String mediaType) {
    String hex = Digests.sha256Hex(bytes);
    String object = object(ArtifactRef.blobUri(hex));
    if (statSize(object) != bytes.length) {
      retrying(
          "put",
          object,
          () ->
              client.putObject(
                  PutObjectArgs.builder().bucket(config.bucket()).object(object).stream(
                          new ByteArrayInputStream(bytes), (long) bytes.length, PART_SIZE)
                      .contentType(mediaType)
                      .build()));
    }
    return ArtifactRef.blob(hex, bytes.length, mediaType);
  }

  @Override
  public ArtifactRef put(Path file, String mediaType) {
    String hex;
    long size;
    try {
      hex = Digests.sha256Hex(file);
      size = Files.size(file);
    } catch (IOException e) {
      throw new StoreException("cannot read " + file + " to store it: " + e, e);
    }
    String object = object(ArtifactRef.blobUri(hex));
    if (statSize(object) != size) {
      retrying(
          "put",
          object,
          () -> {
            try (InputStream in = Files.newInputStream(file)) {
              return client.putObject(
                  PutObjectArgs.builder().bucket(config.bucket()).object(object).stream(
                          in, size, PART_SIZE)
                      .contentType(mediaType)
                      .build());
            }
          });
    }
    return ArtifactRef.blob(hex, size, mediaType);
  }

  @Override
  public boolean contains(String sha256) {
    return statSize(object(ArtifactRef.blobUri(sha256))) >= 0;
  }

  @Override
  public Optional<byte[]> get(ArtifactRef ref) {
    String uri = ArtifactRef.blobUri(ref.sha256());
    Optional<byte[]> bytes = readObject(object(uri));
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    String actual = Digests.sha256Hex(bytes.get());
    if (bytes.get().length != ref.size() || !actual.equals(ref.sha256())) {
      corrupt(uri, mismatch(actual, bytes.get().length, ref));
      return Optional.empty();
    }
    return bytes;
  }

  @Override
  public boolean get(ArtifactRef ref, Path target) {
    String uri = ArtifactRef.blobUri(ref.sha256());
    Path parent = target.toAbsolutePath().getParent();
    Path temp = parent.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      Files.createDirectories(parent);
      Optional<String> actual =
          retrying(
              "get",
              object(uri),
              () -> {
                MessageDigest md = Digests.newSha256();
                try (InputStream in = open(object(uri));
                    OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), md)) {
                  in.transferTo(out);
                } catch (ErrorResponseException e) {
                  if (isMissing(e)) {
                    return Optional.<String>empty();
                  }
                  throw e;
                }
                return Optional.of(Digests.hex(md));
              });
      if (actual.isEmpty()) {
        return false;
      }
      long size = Files.size(temp);
      if (size != ref.size() || !actual.get().equals(ref.sha256())) {
        corrupt(uri, mismatch(actual.get(), size, ref));
        return false;
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return true;
    } catch (IOException e) {
      throw new StoreException("cannot copy " + uri + " to " + target + ": " + e, e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // best effort
      }
    }
  }

  @Override
  public CommitResult commit(Manifest manifest) {
    StageKey key = manifest.stageKey();
    for (Manifest.Output output : manifest.outputs()) {
      long size = statSize(object(ArtifactRef.blobUri(Digests.hexOf(output.digest()))));
      if (size != output.size()) {
        throw new StoreException(
            "cannot commit "
                + key
                + ": output '"
                + output.name()
                + "' ("
                + output.digest()
                + ", "
                + output.size()
                + " bytes) is "
                + (size < 0 ? "not in the store" : "stored with " + size + " bytes")
                + " at "
                + location());
      }
    }
    byte[] bytes = CanonicalJson.bytes(manifest);
    String object = object(key.manifestPath());
    beforeManifestPublish.run();
    int[] attempts = {0};
    boolean created =
        retrying(
            "commit manifest",
            object,
            () -> {
              attempts[0]++;
              try {
                client.putObject(
                    PutObjectArgs.builder().bucket(config.bucket()).object(object).stream(
                            new ByteArrayInputStream(bytes), (long) bytes.length, PART_SIZE)
                        .contentType(ArtifactRef.JSON)
                        .headers(Map.of("If-None-Match", "*"))
                        .build());
                return true;
              } catch (ErrorResponseException e) {
                int status = e.response() == null ? 0 : e.response().code();
                // 412: a manifest exists. 409: another conditional write to it is in flight.
                if (status == 412 || "PreconditionFailed".equals(e.errorResponse().code())) {
                  return false;
                }
                if (status == 409) {
                  throw new ConcurrentCommitException();
                }
                throw e;
              }
            });
    if (created) {
      return new CommitResult(manifest, true);
    }
    Manifest existing =
        readManifest(key)
            .orElseThrow(
                () ->
                    new StoreException(
                        "S3 answered that manifest "
                            + key
                            + " exists, but it cannot be read from "
                            + location()));
    // A retried PUT whose earlier attempt landed (the answer was lost) also sees 412: then the
    // stored manifest is byte-for-byte our own and this call did write it.
    return new CommitResult(existing, attempts[0] > 1 && existing.equals(manifest));
  }

  @Override
  public Optional<Manifest> lookup(StageKey key) {
    Optional<Manifest> manifest = readManifest(key);
    if (manifest.isEmpty()) {
      return Optional.empty();
    }
    for (Manifest.Output output : manifest.get().outputs()) {
      String uri = ArtifactRef.blobUri(Digests.hexOf(output.digest()));
      long size = statSize(object(uri));
      if (size < 0) {
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
    return readObject(object(key.manifestPath()));
  }

  @Override
  public void invalidate(StageKey key) {
    remove(object(key.manifestPath()));
  }

  @Override
  public List<StageKey> stageKeys() {
    String stagesPrefix = object("stages/");
    List<StageKey> keys = new ArrayList<>();
    for (Item item : list(stagesPrefix)) {
      String name = item.objectName().substring(stagesPrefix.length());
      if (!name.endsWith(MANIFEST_SUFFIX)) {
        continue;
      }
      String[] parts = name.substring(0, name.length() - MANIFEST_SUFFIX.length()).split("/");
      if (parts.length == 2 && Digests.isHex(parts[1])) {
        keys.add(new StageKey(parts[0], parts[1]));
      }
    }
    keys.sort(Comparator.comparing(StageKey::stage).thenComparing(StageKey::hex));
    return keys;
  }

  @Override
  public List<BlobInfo> blobs() {
    String casPrefix = object("cas/sha256/");
    List<BlobInfo> blobs = new ArrayList<>();
    for (Item item : list(casPrefix)) {
      String name = item.objectName();
      String hex = name.substring(name.lastIndexOf('/') + 1);
      if (Digests.isHex(hex)) {
        blobs.add(
            new BlobInfo(
                hex,
                item.size(),
                item.lastModified() == null
                    ? java.time.Instant.EPOCH
                    : item.lastModified().toInstant()));
      }
    }
    blobs.sort(Comparator.comparing(BlobInfo::sha256));
    return blobs;
  }

  @Override
  public void deleteBlob(String sha256) {
    remove(object(ArtifactRef.blobUri(sha256)));
  }

  @Override
  public Optional<String> check(BlobInfo blob) {
    String object = object(ArtifactRef.blobUri(blob.sha256()));
    return retrying(
        "verify",
        object,
        () -> {
          try (InputStream in = open(object)) {
            String actual = Digests.sha256Hex(in);
            return actual.equals(blob.sha256())
                ? Optional.<String>empty()
                : Optional.of("sha256 is " + actual);
          } catch (ErrorResponseException e) {
            if (isMissing(e)) {
              return Optional.of("missing");
            }
            throw e;
          }
        });
  }

  @Override
  public List<String> removeStaleTemporaries(Duration olderThan, boolean dryRun) {
    return List.of(); // S3 has no temporaries: an upload is invisible until complete
  }

  @Override
  public void close() {
    try {
      // MinioClient owns the OkHttp client (httpClient(http, true)); closing it stops OkHttp's
      // non-daemon threads, which otherwise keep a finished JVM alive for a minute.
      client.close();
    } catch (Exception e) {
      throw new StoreException("cannot close the S3 client of " + location() + ": " + e, e);
    }
  }

  @Override
  public String toString() {
    return "S3ArtifactStore[" + location() + "]";
  }

  /** Test seam: runs after every output is checked, right before the manifest PUT. */
  void beforeManifestPublish(Runnable hook) {
    this.beforeManifestPublish = hook;
  }

  private void ensureBucket() {
    retrying(
        "create bucket",
        config.bucket(),
        () -> {
          if (!client.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build())) {
            try {
              client.makeBucket(MakeBucketArgs.builder().bucket(config.bucket()).build());
            } catch (ErrorResponseException e) {
              // Another worker created it between our check and our request.
              if (!e.errorResponse().code().startsWith("BucketAlreadyOwnedByYou")) {
                throw e;
              }
            }
          }
          return null;
        });
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
      return Optional.empty();
    }
  }

  private Optional<byte[]> readObject(String object) {
    return retrying(
        "get",
        object,
        () -> {
          try (InputStream in = open(object)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return Optional.of(out.toByteArray());
          } catch (ErrorResponseException e) {
            if (isMissing(e)) {
              return Optional.<byte[]>empty();
            }
            throw e;
          }
        });
  }

  private InputStream open(String object) throws Exception {
    return client.getObject(GetObjectArgs.builder().bucket(config.bucket()).object(object).build());
  }

  /** Size of {@code object}, or -1 if absent. */
  private long statSize(String object) {
    return retrying(
        "stat",
        object,
        () -> {
          try {
            StatObjectResponse stat =
                client.statObject(
                    StatObjectArgs.builder().bucket(config.bucket()).object(object).build());
            return stat.size();
          } catch (ErrorResponseException e) {
            if (isMissing(e)) {
              return -1L;
            }
            throw e;
          }
        });
  }

  private void remove(String object) {
    retrying(
        "delete",
        object,
        () -> {
          client.removeObject(
              RemoveObjectArgs.builder().bucket(config.bucket()).object(object).build());
          return null;
        });
  }

  private List<Item> list(String prefix) {
    return retrying(
        "list",
        prefix,
        () -> {
          List<Item> items = new ArrayList<>();
          for (Result<Item> result :
              client.listObjects(
                  ListObjectsArgs.builder()
                      .bucket(config.bucket())
                      .prefix(prefix)
                      .recursive(true)
                      .build())) {
            items.add(result.get());
          }
          return items;
        });
  }

  private void corrupt(String objectKey, String problem) {
    remove(object(objectKey));
    listener.corrupted(new Corruption(location(), objectKey, problem));
  }

  private String object(String storeRelative) {
    return config.prefix() + storeRelative;
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

  private static boolean isMissing(ErrorResponseException e) {
    return MISSING.contains(e.errorResponse().code())
        || (e.response() != null && e.response().code() == 404);
  }

  /** A call to S3 that may fail transiently. */
  @FunctionalInterface
  private interface S3Call<T> {
    T call() throws Exception;
  }

  /** Two writers' conditional PUTs of one manifest overlapped; retry to learn the winner. */
  private static final class ConcurrentCommitException extends IOException {
    private static final long serialVersionUID = 1L;

    ConcurrentCommitException() {
      super("409 ConditionalRequestConflict: a concurrent conditional write is in progress");
    }
  }

  private <T> T retrying(String what, String object, S3Call<T> call) {
    RetryPolicy policy = config.retry();
    long start = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        return call.call();
      } catch (Exception e) {
        if (!isTransient(e)) {
          throw new StoreException(
              "S3 " + what + " of " + object + " failed at " + location() + ": " + describe(e), e);
        }
        if (attempt >= policy.maxAttempts()) {
          long ms = (System.nanoTime() - start) / 1_000_000;
          throw new StoreUnavailableException(
              "S3 endpoint "
                  + config.endpoint()
                  + " did not complete "
                  + what
                  + " of "
                  + object
                  + " after "
                  + attempt
                  + " attempts over "
                  + ms
                  + " ms: "
                  + describe(e),
              e);
        }
        try {
          Thread.sleep(policy.backoff(attempt).toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new StoreException("interrupted while retrying S3 " + what + " of " + object, e);
        }
      }
    }
  }

  private static boolean isTransient(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ErrorResponseException r) {
        return TRANSIENT_CODES.contains(r.errorResponse().code());
      }
      if (t instanceof ServerException || t instanceof InsufficientDataException) {
        return true; // 5xx, or a body cut short by a dying server
      }
      if (t instanceof FileSystemException) {
        return false; // our own file, not the network
      }
      if (t instanceof IOException || t instanceof InterruptedIOException) {
        return true; // refused, reset, timed out, EOF
      }
    }
    return false;
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = e.getMessage();
    String rootMessage =
        root == e ? "" : " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message) + rootMessage;
  }
}
