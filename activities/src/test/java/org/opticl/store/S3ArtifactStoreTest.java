package org.opticl.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opticl.schema.ArtifactRef;
import org.opticl.schema.json.Digests;
import org.opticl.schema.key.KeyMaterial;
import org.opticl.store.s3proxy.S3ProxyProcess;

/**
 * The contract against a real S3 server: S3Proxy in its own JVM on loopback, started once for the
 * class (its classpath is resolved with Maven on first use and cached in target/s3proxy), plus what
 * only a network store can suffer: the server going away and coming back.
 */
class S3ArtifactStoreTest extends ArtifactStoreContract {

  private static final String BUCKET = "opticl-test";
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  /** Short, so an outage test fails fast: 4 tries, 50 ms doubling to 400 ms. */
  private static final RetryPolicy FAST_FAIL =
      new RetryPolicy(4, Duration.ofMillis(50), Duration.ofMillis(400));

  private static S3ProxyProcess server;
  private static MinioClient raw;
  private String prefix;

  @BeforeAll
  static void startServer() throws Exception {
    Path target = Path.of(System.getProperty("opticl.target", "target"));
    Path work = Files.createTempDirectory(Files.createDirectories(target), "s3proxy-test-");
    server = S3ProxyProcess.start(target.resolve("s3proxy"), work, S3ProxyProcess.testJvmOptions());
    raw =
        MinioClient.builder()
            .endpoint(server.endpoint())
            .credentials(S3ProxyProcess.ACCESS_KEY, S3ProxyProcess.SECRET_KEY)
            .region("us-east-1")
            .build();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (raw != null) {
      raw.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private S3Config config() {
    if (prefix == null) {
      prefix = "t" + PREFIXES.incrementAndGet() + "/";
    }
    return new S3Config(
        server.endpoint(),
        S3ProxyProcess.ACCESS_KEY,
        S3ProxyProcess.SECRET_KEY,
        BUCKET,
        prefix,
        "us-east-1",
        FAST_FAIL,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30));
  }

  @Override
  protected ArtifactStore openStore(CorruptionListener listener) {
    return new S3ArtifactStore(config(), listener);
  }

  @Override
  protected void overwriteObject(String objectKey, byte[] bytes) throws Exception {
    raw.putObject(
        PutObjectArgs.builder().bucket(BUCKET).object(prefix + objectKey).stream(
                new ByteArrayInputStream(bytes), (long) bytes.length, -1L)
            .build());
  }

  @Override
  protected void beforeManifestPublish(ArtifactStore store, Runnable hook) {
    ((S3ArtifactStore) store).beforeManifestPublish(hook);
  }

  @Test
  void layoutIsTheSameAsOnDiskUnderThePrefix() throws Exception {
    KeyMaterial key = Fixtures.key("baseline", 1);
    ArtifactRef ref =
        new StageOutputs(store)
            .bytes("result.json", Fixtures.bytes("{}"), ArtifactRef.JSON)
            .commit(key, Fixtures.provenance("w1"))
            .manifest()
            .outputs()
            .get(0)
            .ref();
    raw.statObject(StatObjectArgs.builder().bucket(BUCKET).object(prefix + ref.uri()).build());
    raw.statObject(
        StatObjectArgs.builder().bucket(BUCKET).object(prefix + key.key().manifestPath()).build());
  }

  @Test
  void serverDownIsAClearErrorAfterBoundedRetriesAndNothingHalfWrittenBecomesVisible()
      throws Exception {
    KeyMaterial key = Fixtures.key("head-importance", 77);
    StageOutputs outputs = new StageOutputs(store).record("hi", Fixtures.headImportance(77));
    server.stop();
    try {
      long start = System.nanoTime();
      StoreUnavailableException e =
          assertThrows(
              StoreUnavailableException.class,
              () -> outputs.commit(key, Fixtures.provenance("w1")));
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(ms < 20_000, "bounded retries, took " + ms + " ms");
      assertTrue(e.getMessage().contains(server.endpoint()), e.getMessage());
      assertTrue(e.getMessage().contains("after 4 attempts"), e.getMessage());
      assertThrows(
          StoreUnavailableException.class, () -> store.put(Fixtures.bytes("x"), "text/plain"));
    } finally {
      server.start();
    }
    // Same client, server back: the interrupted result is not visible, and recomputing works.
    assertTrue(store.lookup(key.key()).isEmpty());
    assertTrue(
        new StageOutputs(store)
            .record("hi", Fixtures.headImportance(77))
            .commit(key, Fixtures.provenance("w2"))
            .won());
    assertTrue(store.lookup(key.key()).isPresent());
  }

  @Test
  void serverKilledDuringALargeUploadLeavesNoPartialBlobAndNoResult() throws Exception {
    byte[] data = new byte[32 << 20];
    new Random(5).nextBytes(data);
    Path file = Files.write(scratch.resolve("large.bin"), data);
    // put(Path) hashes the file before its first request; time that, to stop the server while
    // the multipart upload (two 16 MiB parts) is on the wire rather than before it starts.
    long hashMs = System.nanoTime();
    String sha256 = Digests.sha256Hex(file);
    hashMs = (System.nanoTime() - hashMs) / 1_000_000;
    KeyMaterial key = Fixtures.key("ffn-knockoff", 3);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              try {
                new StageOutputs(store)
                    .file("captures.bin", file, "application/octet-stream")
                    .commit(key, Fixtures.provenance("w1"));
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    writer.start();
    Thread.sleep(hashMs + 150);
    server.stop();
    writer.join(30_000);
    server.start();
    if (failure.get() != null) {
      assertTrue(
          failure.get() instanceof StoreUnavailableException, "clear error: " + failure.get());
      assertTrue(store.lookup(key.key()).isEmpty(), "no result after a failed write");
    }
    // Whatever landed is whole: the blob is either absent or verifies; never partial.
    ArtifactRef ref = ArtifactRef.blob(sha256, data.length, "application/octet-stream");
    if (store.contains(sha256)) {
      assertArrayEquals(data, store.get(ref).orElseThrow());
    }
    assertTrue(reported.isEmpty(), reported.toString());
  }

  @Test
  void outageShorterThanTheRetryBudgetIsRiddenOut() throws Exception {
    RetryPolicy patient = new RetryPolicy(12, Duration.ofMillis(100), Duration.ofMillis(1000));
    try (S3ArtifactStore patientStore =
        new S3ArtifactStore(config().withRetry(patient), reported::add)) {
      byte[] data = new byte[3 << 20];
      new Random(3).nextBytes(data);
      Path file = Files.write(scratch.resolve("blob.bin"), data);
      server.stop();
      Thread restarter =
          new Thread(
              () -> {
                try {
                  Thread.sleep(300);
                  server.start();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      restarter.start();
      ArtifactRef ref = patientStore.put(file, "application/octet-stream");
      restarter.join();
      assertArrayEquals(data, patientStore.get(ref).orElseThrow());
    }
  }
}
