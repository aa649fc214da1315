package org.opticl.model.hub;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where the hub is, who we are to it, where snapshots go and how hard to try. Read from the
 * environment the way Hugging Face's own tools read it ({@code HF_ENDPOINT}, {@code HF_TOKEN},
 * {@code HF_HUB_OFFLINE}), plus {@code OPTICL_MODEL_CACHE} for the cache root, so a worker in a
 * container is configured without flags. {@link #toString()} never shows the token.
 *
 * @param endpoint the hub, e.g. {@code https://huggingface.co} or a mirror
 * @param token bearer token for private or gated repositories; sent to the endpoint's host only
 * @param cacheRoot snapshots live in {@code cacheRoot/<id>/<commit>/}
 * @param parallelism files downloaded at once; a few streams saturate most links, and each one
 *     holds a connection and a thread
 * @param attempts tries per file before giving up; each retry resumes where the last one stopped
 * @param retryPause pause before the first retry, doubled for each further one
 * @param connectTimeout TCP connect timeout; short, because an unreachable hub should fail fast
 * @param stallTimeout a transfer that receives nothing for this long is abandoned and resumed
 * @param offline never contact the hub: answer from the cache or fail
 */
public record HubOptions(
    URI endpoint,
    Optional<String> token,
    Path cacheRoot,
    int parallelism,
    int attempts,
    Duration retryPause,
    Duration connectTimeout,
    Duration stallTimeout,
    boolean offline) {

  /** The public hub. */
  public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

  /** Environment variable naming the hub endpoint (same as Hugging Face's tools). */
  public static final String ENV_ENDPOINT = "HF_ENDPOINT";

  /** Environment variable holding the access token (same as Hugging Face's tools). */
  public static final String ENV_TOKEN = "HF_TOKEN";

  /** Environment variable that, when {@code 1} or {@code true}, forbids contacting the hub. */
  public static final String ENV_OFFLINE = "HF_HUB_OFFLINE";

  /** Environment variable overriding the snapshot cache root. */
  public static final String ENV_CACHE = "OPTICL_MODEL_CACHE";

  public HubOptions {
    String scheme = endpoint.getScheme();
    if (scheme == null || !scheme.matches("https?") || endpoint.getHost() == null) {
      throw new IllegalArgumentException(
          "hub endpoint must be an http(s) URL like https://huggingface.co, got '"
              + endpoint
              + "'");
    }
    String path = endpoint.getPath() == null ? "" : endpoint.getPath();
    if (path.endsWith("/")) {
      endpoint = URI.create(endpoint.toString().replaceAll("/+$", ""));
    }
    token = token.filter(t -> !t.isBlank()).map(String::strip);
    if (parallelism < 1 || parallelism > 64) {
      throw new IllegalArgumentException("parallelism must be in 1..64, got " + parallelism);
    }
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    }
    for (Duration d : new Duration[] {retryPause, connectTimeout, stallTimeout}) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("durations must not be negative, got " + d);
      }
    }
    if (connectTimeout.isZero() || stallTimeout.isZero()) {
      throw new IllegalArgumentException("connect and stall timeouts must be positive");
    }
  }

  /** Defaults, with endpoint, token, offline flag and cache root taken from {@code env}. */
  public static HubOptions fromEnvironment(Map<String, String> env) {
    String endpoint = env.getOrDefault(ENV_ENDPOINT, "").strip();
    String cache = env.getOrDefault(ENV_CACHE, "").strip();
    String offline = env.getOrDefault(ENV_OFFLINE, "").strip().toLowerCase();
    return new HubOptions(
        endpoint.isEmpty() ? DEFAULT_ENDPOINT : URI.create(endpoint),
        Optional.ofNullable(env.get(ENV_TOKEN)),
        cache.isEmpty() ? defaultCacheRoot() : Path.of(cache),
        4,
        5,
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        offline.equals("1") || offline.equals("true") || offline.equals("yes"));
  }

  /** {@code ~/.cache/opticl/models}. */
  public static Path defaultCacheRoot() {
    return Path.of(System.getProperty("user.home"), ".cache", "opticl", "models");
  }

  public HubOptions withEndpoint(URI value) {
    return new HubOptions(
        value,
        token,
        cacheRoot,
        parallelism,
        attempts,
        retryPause,
        connectTimeout,
        stallTimeout,
        offline);
  }

  public HubOptions withToken(Optional<String> value) {
    return new HubOptions(
        endpoint,
        value,
        cacheRoot,
        parallelism,
        attempts,
        retryPause,
        connectTimeout,
        stallTimeout,
        offline);
  }

  public HubOptions withCacheRoot(Path value) {
    return new HubOptions(
        endpoint,
        token,
        value,
        parallelism,
        attempts,
        retryPause,
        connectTimeout,
        stallTimeout,
        offline);
  }

  public HubOptions withParallelism(int value) {
    return new HubOptions(
        endpoint,
        token,
        cacheRoot,
        value,
        attempts,
        retryPause,
        connectTimeout,
        stallTimeout,
        offline);
  }

  /** Tries per file and the pause before the first retry. */
  public HubOptions withRetries(int tries, Duration pause) {
    return new HubOptions(
        endpoint,
        token,
        cacheRoot,
        parallelism,
        tries,
        pause,
        connectTimeout,
        stallTimeout,
        offline);
  }

  public HubOptions withStallTimeout(Duration value) {
    return new HubOptions(
        endpoint,
        token,
        cacheRoot,
        parallelism,
        attempts,
        retryPause,
        connectTimeout,
        value,
        offline);
  }

  public HubOptions withOffline(boolean value) {
    return new HubOptions(
        endpoint,
        token,
        cacheRoot,
        parallelism,
        attempts,
        retryPause,
        connectTimeout,
        stallTimeout,
        value);
  }

  @Override
  public String toString() {
    return "HubOptions[endpoint="
        + endpoint
        + ", token="
        + (token.isPresent() ? "<set>" : "<none>")
        + ", cacheRoot="
        + cacheRoot
        + ", parallelism="
        + parallelism
        + ", attempts="
        + attempts
        + ", offline="
        + offline
        + "]";
  }
}
