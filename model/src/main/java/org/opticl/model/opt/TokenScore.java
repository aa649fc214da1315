package org.opticl.model.opt;

/**
 * The answer to a {@link ScoreRequest}.
 *
 * @param logprob Σ log p(continuation token | everything before it)
 * @param greedy whether every continuation token is the argmax of its distribution
 * @param tokens how many continuation tokens were scored
 */
public record TokenScore(double logprob, boolean greedy, int tokens) {}
