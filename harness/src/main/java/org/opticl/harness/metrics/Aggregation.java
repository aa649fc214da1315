package org.opticl.harness.metrics;

/**
 * How per-document results become one number, mirroring the aggregation functions of
 * lm-evaluation-harness at 11fa0bf ({@code mean}, {@code acc_all}, {@code cb_multi_fi}, {@code
 * perplexity}), each with the standard error that harness reports.
 */
public enum Aggregation {
  /** Mean of the per-document values; stderr = sample std / √n. */
  MEAN,
  /**
   * MultiRC: a question counts as correct only if all its answers are; stderr grouped by question
   * id alone, as the original's {@code acc_all_stderr}.
   */
  ACC_ALL,
  /** CB: unweighted mean of the three one-vs-rest F1 scores; bootstrap stderr. */
  MACRO_F1,
  /** LAMBADA: exp(−mean log-likelihood); bootstrap stderr. */
  PERPLEXITY
}
