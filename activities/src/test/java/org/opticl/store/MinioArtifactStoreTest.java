package org.opticl.store;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract against a real MinIO (or any S3) named by {@code OPTICL_S3_ENDPOINT}, {@code
 * OPTICL_S3_ACCESS_KEY} and {@code OPTICL_S3_SECRET_KEY}; bucket {@code OPTICL_S3_BUCKET} (default
 * {@code opticl-test}). Skipped when no endpoint is set. Each test writes under its own random
 * prefix and removes it afterwards.
 */
@EnabledIfEnvironmentVariable(named = S3Config.ENV_ENDPOINT, matches = ".+")
class MinioArtifactStoreTest extends ArtifactStoreContract {

  private S3Config config;
  private MinioClient raw;

  private S3Config config() {
    if (config == null) {
      String bucket = System.getenv().getOrDefault("OPTICL_S3_BUCKET", "opticl-test");
      config =
          S3Config.fromUri(
                  "s3://" + bucket + "/contract-" + UUID.randomUUID() + "/", System.getenv())
              .withRetry(new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1)));
      raw =
          MinioClient.builder()
              .endpoint(config.endpoint())
              .credentials(config.accessKey(), config.secretKey())
              .region(config.region())
              .build();
    }
    return config;
  }

  @Override
  protected ArtifactStore openStore(CorruptionListener listener) {
    return new S3ArtifactStore(config(), listener);
  }

  @Override
  protected void overwriteObject(String objectKey, byte[] bytes) throws Exception {
    raw.putObject(
        PutObjectArgs.builder().bucket(config.bucket()).object(config.prefix() + objectKey).stream(
                new ByteArrayInputStream(bytes), (long) bytes.length, -1L)
            .build());
  }

  @Override
  protected void beforeManifestPublish(ArtifactStore store, Runnable hook) {
    ((S3ArtifactStore) store).beforeManifestPublish(hook);
  }

  @AfterEach
  void removePrefix() throws Exception {
    if (raw == null) {
      return;
    }
    for (Result<Item> item :
        raw.listObjects(
            ListObjectsArgs.builder()
                .bucket(config.bucket())
                .prefix(config.prefix())
                .recursive(true)
                .build())) {
      raw.removeObject(
          RemoveObjectArgs.builder()
              .bucket(config.bucket())
              .object(item.get().objectName())
              .build());
    }
    raw.close();
  }
}
