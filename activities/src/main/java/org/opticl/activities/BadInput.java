package org.opticl.activities;

import io.temporal.failure.ApplicationFailure;

/**
 * Turns a problem with the input (missing file, malformed config, wrong shapes, unknown task) into
 * a non-retryable activity failure: retrying cannot fix it, so the run stops at once with the
 * message, and nothing already committed is lost.
 */
public final class BadInput {
  /** The failure type workflows list as not retryable. */
  public static final String TYPE = "BadInput";

  private BadInput() {}

  public static ApplicationFailure of(String context, Exception cause) {
    return ApplicationFailure.newNonRetryableFailureWithCause(
        context + ": " + cause.getMessage(), TYPE, cause);
  }
}
