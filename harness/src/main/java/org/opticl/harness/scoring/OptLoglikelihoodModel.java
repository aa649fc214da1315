package org.opticl.harness.scoring;

import java.util.ArrayList;
import java.util.List;
import org.opticl.model.opt.Interventions;
import org.opticl.model.opt.OptModel;
import org.opticl.model.opt.ScoreOptions;
import org.opticl.model.opt.ScoreRequest;
import org.opticl.model.opt.TokenScore;

/**
 * The harness's view of an {@link OptModel} under one set of interventions: the unpruned model, a
 * head- or FFN-pruned one, an FFN knock-out. The model does the batching (longest first, token
 * budget) and, by default, scores each distinct context once for all its continuations.
 */
public final class OptLoglikelihoodModel implements LoglikelihoodModel {
  private final OptModel model;
  private final Interventions interventions;
  private final ScoreOptions options;

  public OptLoglikelihoodModel(OptModel model, Interventions interventions, ScoreOptions options) {
    interventions.validate(model.config());
    this.model = model;
    this.interventions = interventions;
    this.options = options;
  }

  /**
   * The original evaluation's settings: log-softmax over the tokenizer's {@code vocabLimit} entries
   * (50265 of OPT's 50272 rows), shared prefixes.
   */
  public static OptLoglikelihoodModel of(OptModel model, Interventions iv, int vocabLimit) {
    return new OptLoglikelihoodModel(
        model, iv, ScoreOptions.forVocab(Math.min(vocabLimit, model.config().vocabSize())));
  }

  @Override
  public List<Loglikelihood> loglikelihoods(
      List<LoglikelihoodRequest> requests, ProgressListener progress) {
    List<ScoreRequest> asked = new ArrayList<>(requests.size());
    for (LoglikelihoodRequest r : requests) {
      asked.add(new ScoreRequest(r.context(), r.continuation()));
    }
    int total = asked.size();
    List<TokenScore> scores =
        model.score(asked, interventions, options, done -> progress.progress(done, total));
    List<Loglikelihood> out = new ArrayList<>(scores.size());
    for (TokenScore s : scores) {
      out.add(new Loglikelihood(s.logprob(), s.greedy()));
    }
    return out;
  }

  @Override
  public int maxLength() {
    return model.config().maxPositions();
  }
}
