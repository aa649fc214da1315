package org.opticl.harness.scoring;

import java.util.Arrays;

/**
 * One scoring request in token ids: the model scores {@code continuation} given {@code context},
 * i.e. Σ log p(continuation_t | context, continuation_<t). The harness has already applied the
 * original's rules (context {@code [2]} when the context text is empty, left-truncation of the
 * joined sequence to {@code maxLength + 1} tokens); the model drops the joined sequence's last
 * token itself, as {@code BaseLM._loglikelihood_tokens} does.
 */
public record LoglikelihoodRequest(int[] context, int[] continuation) {
  public LoglikelihoodRequest {
    if (context.length == 0) {
      throw new IllegalArgumentException("context must hold at least one token (use [2] for \"\")");
    }
    if (continuation.length == 0) {
      throw new IllegalArgumentException("continuation must hold at least one token");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LoglikelihoodRequest r
        && Arrays.equals(context, r.context)
        && Arrays.equals(continuation, r.continuation);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(context) + Arrays.hashCode(continuation);
  }

  @Override
  public String toString() {
    return "LoglikelihoodRequest[context="
        + Arrays.toString(context)
        + ", continuation="
        + Arrays.toString(continuation)
        + "]";
  }
}
