package org.opticl.store;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Where an S3 artifact store is and how to talk to it. Parsed from {@code s3://bucket/prefix} plus
 * the environment ({@code OPTICL_S3_ENDPOINT}, {@code OPTICL_S3_ACCESS_KEY}, {@code
 * OPTICL_S3_SECRET_KEY}, optional {@code OPTICL_S3_REGION}), so secrets never appear on command
 * lines or in specs. {@link #toString()} omits the secret.
 *
 * @param endpoint e.g. {@code http://127.0.0.1:9000}
 * @param accessKey access key id
 * @param secretKey secret key
 * @param bucket bucket name (created if absent)
 * @param prefix object-name prefix, empty or ending in {@code /}
 * @param region signing region; S3Proxy and MinIO accept {@code us-east-1}
 * @param retry retry budget for transient failures
 * @param connectTimeout TCP connect timeout
 * @param ioTimeout read/write timeout of one request
 */
public record S3Config(
    String endpoint,
    String accessKey,
    String secretKey,
    String bucket,
    String prefix,
    String region,
    RetryPolicy retry,
    Duration connectTimeout,
    Duration ioTimeout) {

  /** Environment variable naming the endpoint. */
  public static final String ENV_ENDPOINT = "OPTICL_S3_ENDPOINT";

  /** Environment variable holding the access key. */
  public static final String ENV_ACCESS_KEY = "OPTICL_S3_ACCESS_KEY";

  /** Environment variable holding the secret key. */
  public static final String ENV_SECRET_KEY = "OPTICL_S3_SECRET_KEY";

  /** Environment variable overriding the region. */
  public static final String ENV_REGION = "OPTICL_S3_REGION";

  public S3Config {
    URI uri = URI.create(endpoint);
    if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "S3 endpoint must be an http(s) URL like http://127.0.0.1:9000, got '" + endpoint + "'");
    }
    if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
      throw new IllegalArgumentException(
          "S3 credentials are missing: set " + ENV_ACCESS_KEY + " and " + ENV_SECRET_KEY);
    }
    if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException("not a valid S3 bucket name: '" + bucket + "'");
    }
    prefix =
        prefix == null || prefix.isEmpty() || prefix.endsWith("/")
            ? nullToEmpty(prefix)
            : prefix + "/";
    if (prefix.startsWith("/")) {
      throw new IllegalArgumentException("S3 prefix must not start with '/': '" + prefix + "'");
    }
  }

  /** Whether {@code spec} names an S3 store ({@code s3://...}). */
  public static boolean isS3(String spec) {
    return spec.startsWith("s3://");
  }

  /**
   * Config for {@code s3://bucket[/prefix]} with endpoint and credentials from {@code env}.
   *
   * @throws IllegalArgumentException naming the missing variable or the malformed URI
   */
  public static S3Config fromUri(String spec, Map<String, String> env) {
    if (!isS3(spec)) {
      throw new IllegalArgumentException("not an s3:// store: '" + spec + "'");
    }
    String rest = spec.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    String endpoint = env.get(ENV_ENDPOINT);
    if (endpoint == null || endpoint.isBlank()) {
      throw new IllegalArgumentException(
          spec + " needs an endpoint: set " + ENV_ENDPOINT + " (e.g. http://127.0.0.1:9000)");
    }
    return new S3Config(
        endpoint,
        env.get(ENV_ACCESS_KEY),
        env.get(ENV_SECRET_KEY),
        bucket,
        prefix,
        env.getOrDefault(ENV_REGION, "us-east-1"),
        RetryPolicy.DEFAULT,
        Duration.ofSeconds(2),
        Duration.ofSeconds(60));
  }

  /** A copy with another retry policy. */
  public S3Config withRetry(RetryPolicy newRetry) {
    return new S3Config(
        endpoint,
        accessKey,
        secretKey,
        bucket,
        prefix,
        region,
        newRetry,
        connectTimeout,
        ioTimeout);
  }

  /** A copy with another prefix. */
  public S3Config withPrefix(String newPrefix) {
    return new S3Config(
        endpoint,
        accessKey,
        secretKey,
        bucket,
        newPrefix,
        region,
        retry,
        connectTimeout,
        ioTimeout);
  }

  /** {@code s3://bucket/prefix}. */
  public String uri() {
    return "s3://" + bucket + "/" + prefix;
  }

  @Override
  public String toString() {
    return uri() + " @ " + endpoint;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
