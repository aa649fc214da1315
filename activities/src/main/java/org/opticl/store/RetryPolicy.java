package org.opticl.store;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long an S3 operation keeps trying through transient failures (connection refused or reset,
 * timeouts, 5xx, SlowDown) before the store reports itself unavailable: bounded, so a dead server
 * becomes a clear error in seconds rather than a hung activity, and left to Temporal's own retry
 * policy after that.
 *
 * @param maxAttempts tries in total, at least 1
 * @param initialBackoff wait before the second try; doubles after each failure
 * @param maxBackoff cap on one wait
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  /** 6 tries, 200 ms doubling to at most 3 s: about 7 s of outage tolerated. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(3));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "need 0 <= initialBackoff <= maxBackoff, got " + initialBackoff + " and " + maxBackoff);
    }
  }

  /**
   * The wait after failed attempt {@code attempt} (from 1): exponential, capped, with ±20% jitter
   * so that writers that failed together do not retry in lockstep.
   */
  public Duration backoff(int attempt) {
    double base =
        Math.min(
            maxBackoff.toNanos(), initialBackoff.toNanos() * Math.pow(2, Math.max(0, attempt - 1)));
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return Duration.ofNanos((long) (base * jitter));
  }
}
