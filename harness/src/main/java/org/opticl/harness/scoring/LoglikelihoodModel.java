package org.opticl.harness.scoring;

import java.util.List;

/**
 * The seam between the evaluation harness and a language model: a model only scores token
 * sequences, the harness owns prompts, tokenisation rules and metrics. Implementations may reorder,
 * batch, share prefixes or cache internally, but must answer in request order.
 */
public interface LoglikelihoodModel {
  /** One answer per request, in request order. */
  List<Loglikelihood> loglikelihoods(
      List<LoglikelihoodRequest> requests, ProgressListener progress);

  /** The longest input the model takes (2048 for OPT); requests are truncated to fit. */
  int maxLength();
}
