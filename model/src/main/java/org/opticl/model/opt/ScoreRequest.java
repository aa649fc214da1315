package org.opticl.model.opt;

/**
 * A log-likelihood question: how likely is {@code continuation} after {@code context}? Token ids
 * only; an empty context is scored after {@code </s>} as lm-evaluation-harness does.
 */
public record ScoreRequest(int[] context, int[] continuation) {
  public ScoreRequest {
    if (continuation.length == 0) {
      throw new IllegalArgumentException("a score request needs at least one continuation token");
    }
  }
}
