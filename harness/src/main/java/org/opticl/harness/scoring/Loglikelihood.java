package org.opticl.harness.scoring;

/**
 * The answer to one {@link LoglikelihoodRequest}: the summed log-probability of the continuation
 * and whether every continuation token was the model's argmax (LAMBADA's accuracy).
 */
public record Loglikelihood(double logprob, boolean greedy) {}
