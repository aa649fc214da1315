package org.opticl.model.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.opticl.model.config.OptConfig;
import org.opticl.model.opt.Interventions;
import org.opticl.model.opt.ModelPlacement;
import org.opticl.model.opt.OptModel;
import org.opticl.model.opt.ScoreOptions;
import org.opticl.model.opt.ScoreRequest;
import org.opticl.model.opt.TokenScore;
import org.opticl.model.random.RandomOpt;

/**
 * Shared-prefix scoring against scoring every request on its own, on HellaSwag-like 5-shot
 * documents: each document is a context of five demonstrations (a ~60-token context plus its
 * ~25-token ending each) and a ~60-token query, with four ~25-token endings to score. Lengths are
 * drawn around those of HellaSwag's tokenised validation set; tokens are random ids, since the
 * model is random too. Both paths score the same requests in the same run; their answers must
 * agree.
 */
public final class ScoringBenchmark {

  /** Tokens sent through the model and wall time of both paths, and their ratios. */
  public record Result(
      String shape,
      int docs,
      int shots,
      int choices,
      double meanContextTokens,
      long unsharedTokens,
      long sharedTokens,
      double unsharedSeconds,
      double sharedSeconds,
      double tokenRatio,
      double timeRatio,
      double maxAbsLogprobDifference) {}

  private ScoringBenchmark() {}

  /** HellaSwag-like requests: {@code docs} documents × {@code choices} endings. */
  public static List<ScoreRequest> hellaswagLike(
      int docs, int shots, int choices, long seed, int vocab) {
    SplittableRandom r = new SplittableRandom(seed);
    List<ScoreRequest> out = new ArrayList<>();
    for (int d = 0; d < docs; d++) {
      List<Integer> ctx = new ArrayList<>();
      for (int s = 0; s < shots; s++) {
        int len = r.nextInt(40, 80) + r.nextInt(15, 35);
        r.ints(len, 3, vocab).forEach(ctx::add);
        ctx.add(50118); // "\n\n" between demonstrations, as the harness joins them
      }
      r.ints(r.nextInt(40, 80), 3, vocab).forEach(ctx::add);
      int[] context =
          ctx.stream().mapToInt(Integer::intValue).map(t -> Math.min(t, vocab - 1)).toArray();
      for (int c = 0; c < choices; c++) {
        out.add(new ScoreRequest(context, r.ints(r.nextInt(15, 35), 3, vocab).toArray()));
      }
    }
    return out;
  }

  public static Result run(String shape, int docs, int shots, int choices, long seed) {
    OptConfig config = OptConfig.variant(shape);
    List<ScoreRequest> requests = hellaswagLike(docs, shots, choices, seed, config.vocabSize());
    ScoreOptions options = ScoreOptions.forVocab(50265);
    try (OptModel model =
        OptModel.load(
            new RandomOpt(config, seed, 0.02f), config, ModelPlacement.cpu(config.numLayers()))) {
      // Warm-up on one document so that neither path pays the engine's first-call costs.
      model.score(requests.subList(0, choices), Interventions.NONE, options, i -> {});
      long t0 = model.tokensProcessed();
      long s0 = System.nanoTime();
      List<TokenScore> plain =
          model.score(requests, Interventions.NONE, options.withSharePrefix(false), i -> {});
      double unsharedSeconds = (System.nanoTime() - s0) / 1e9;
      long unsharedTokens = model.tokensProcessed() - t0;
      t0 = model.tokensProcessed();
      s0 = System.nanoTime();
      List<TokenScore> shared = model.score(requests, Interventions.NONE, options, i -> {});
      double sharedSeconds = (System.nanoTime() - s0) / 1e9;
      long sharedTokens = model.tokensProcessed() - t0;
      double maxDiff = 0;
      for (int i = 0; i < requests.size(); i++) {
        maxDiff = Math.max(maxDiff, Math.abs(plain.get(i).logprob() - shared.get(i).logprob()));
      }
      double meanCtx = requests.stream().mapToInt(q -> q.context().length).average().orElse(0);
      return new Result(
          shape,
          docs,
          shots,
          choices,
          meanCtx,
          unsharedTokens,
          sharedTokens,
          unsharedSeconds,
          sharedSeconds,
          (double) sharedTokens / unsharedTokens,
          sharedSeconds / unsharedSeconds,
          maxDiff);
    }
  }
}
