package org.opticl.model.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opticl.model.config.OptConfig;
import org.opticl.model.random.RandomOpt;
import org.opticl.model.testing.TinyModels;

/** Batched scoring equals scoring each request alone, with lm-evaluation-harness's rules. */
class ScoringTest {
  private static final OptConfig CONFIG = TinyModels.preLn();
  private static OptModel model;

  @BeforeAll
  static void load() {
    model =
        OptModel.load(
            new RandomOpt(CONFIG, 5, 0.3f), CONFIG, ModelPlacement.cpu(CONFIG.numLayers()));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  /** Σ log p over the continuation, from one unpadded forward pass of context ++ continuation. */
  private static double alone(int[] context, int[] continuation, int vocab) {
    int[] seq = concat(context.length == 0 ? new int[] {2} : context, continuation);
    if (vocab == CONFIG.vocabSize()) {
      float[] lp = model.tokenLogprobs(Batch.of(seq), Interventions.NONE)[0];
      double s = 0;
      for (int i = seq.length - continuation.length; i < seq.length; i++) {
        s += lp[i];
      }
      return s;
    }
    float[][][] logits = model.logits(Batch.of(seq), Interventions.NONE);
    double s = 0;
    for (int i = seq.length - continuation.length; i < seq.length; i++) {
      float[] row = Arrays.copyOf(logits[0][i - 1], vocab);
      double max = Double.NEGATIVE_INFINITY;
      for (float v : row) {
        max = Math.max(max, v);
      }
      double z = 0;
      for (float v : row) {
        z += Math.exp(v - max);
      }
      s += row[seq[i]] - max - Math.log(z);
    }
    return s;
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static List<ScoreRequest> randomRequests(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<ScoreRequest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] ctx = r.ints(r.nextInt(0, 12), 3, CONFIG.vocabSize()).toArray();
      int[] cont = r.ints(r.nextInt(1, 5), 3, CONFIG.vocabSize()).toArray();
      out.add(new ScoreRequest(ctx, cont));
    }
    return out;
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void batchedScoresEqualEachRequestScoredAlone(boolean share) {
    List<ScoreRequest> reqs = randomRequests(17, 1);
    List<TokenScore> got =
        model.score(
            reqs, Interventions.NONE, new ScoreOptions(CONFIG.vocabSize(), 40, share), i -> {});
    for (int i = 0; i < reqs.size(); i++) {
      double want = alone(reqs.get(i).context(), reqs.get(i).continuation(), CONFIG.vocabSize());
      assertEquals(want, got.get(i).logprob(), 1e-4, "request " + i);
      assertEquals(reqs.get(i).continuation().length, got.get(i).tokens());
    }
  }

  @Test
  void vocabularyIsSlicedBeforeTheSoftmax() {
    List<ScoreRequest> reqs = List.of(new ScoreRequest(new int[] {5, 6, 7}, new int[] {8, 9}));
    double full =
        model
            .score(reqs, Interventions.NONE, ScoreOptions.forVocab(CONFIG.vocabSize()), i -> {})
            .get(0)
            .logprob();
    double sliced =
        model
            .score(reqs, Interventions.NONE, ScoreOptions.forVocab(CONFIG.vocabSize() - 6), i -> {})
            .get(0)
            .logprob();
    assertEquals(
        alone(new int[] {5, 6, 7}, new int[] {8, 9}, CONFIG.vocabSize() - 6), sliced, 1e-4);
    assertTrue(sliced > full, "fewer competitors give a higher log-probability");
  }

  @Test
  void greedyFlagMeansEveryTokenIsTheArgmax() {
    int[] ctx = {2, 11, 12, 13};
    // Build the greedy continuation token by token.
    int[] seq = ctx;
    for (int step = 0; step < 3; step++) {
      float[] last = model.lastLogits(Batch.of(seq), Interventions.NONE)[0];
      int best = 0;
      for (int v = 1; v < last.length; v++) {
        if (last[v] > last[best]) {
          best = v;
        }
      }
      seq = concat(seq, new int[] {best});
    }
    int[] greedyCont = Arrays.copyOfRange(seq, ctx.length, seq.length);
    int[] other = greedyCont.clone();
    other[1] = (other[1] + 1) % CONFIG.vocabSize();
    List<TokenScore> s =
        model.score(
            List.of(new ScoreRequest(ctx, greedyCont), new ScoreRequest(ctx, other)),
            Interventions.NONE,
            ScoreOptions.forVocab(CONFIG.vocabSize()),
            i -> {});
    assertTrue(s.get(0).greedy());
    assertTrue(!s.get(1).greedy());
  }

  @Test
  void longContextsAreLeftTruncatedToTheWindow() {
    int window = CONFIG.maxPositions();
    int[] ctx = new SplittableRandom(3).ints(window + 10, 3, CONFIG.vocabSize()).toArray();
    int[] cont = {4, 5, 6};
    double got =
        model
            .score(
                List.of(new ScoreRequest(ctx, cont)),
                Interventions.NONE,
                ScoreOptions.forVocab(CONFIG.vocabSize()),
                i -> {})
            .get(0)
            .logprob();
    // The original keeps the last window+1 tokens of context ++ continuation and drops the last.
    int[] all = concat(ctx, cont);
    int[] kept = Arrays.copyOfRange(all, all.length - window - 1, all.length);
    float[] lp = model.tokenLogprobs(Batch.of(Arrays.copyOf(kept, window)), Interventions.NONE)[0];
    float[][][] lg = model.logits(Batch.of(Arrays.copyOf(kept, window)), Interventions.NONE);
    double want = lp[window - 2] + lp[window - 1];
    // The final token is predicted from the last position of the truncated input.
    float[] last = lg[0][window - 1];
    double max = Double.NEGATIVE_INFINITY;
    for (float v : last) {
      max = Math.max(max, v);
    }
    double z = 0;
    for (float v : last) {
      z += Math.exp(v - max);
    }
    want += last[6] - max - Math.log(z);
    assertEquals(want, got, 1e-4);
  }

  @Test
  void progressReportsEveryRequestOnce() {
    List<ScoreRequest> reqs = randomRequests(9, 2);
    List<Integer> seen = new ArrayList<>();
    model.score(
        reqs, Interventions.NONE, new ScoreOptions(CONFIG.vocabSize(), 20, false), seen::add);
    assertEquals(9, seen.get(seen.size() - 1));
    assertTrue(seen.size() > 1, "a small budget must split the requests into several batches");
  }

  @Test
  void sharedPrefixScoringEqualsUnsharedAndSendsFewerTokens() {
    SplittableRandom r = new SplittableRandom(9);
    List<ScoreRequest> reqs = new ArrayList<>();
    for (int doc = 0; doc < 5; doc++) {
      int[] ctx = r.ints(r.nextInt(0, 20), 3, CONFIG.vocabSize()).toArray();
      for (int choice = 0; choice < 4; choice++) {
        reqs.add(new ScoreRequest(ctx, r.ints(r.nextInt(1, 6), 3, CONFIG.vocabSize()).toArray()));
      }
    }
    // One request longer than the window: truncation changes its context, so it is not shared.
    reqs.add(new ScoreRequest(r.ints(CONFIG.maxPositions(), 3, 200).toArray(), new int[] {7, 8}));
    Interventions masked =
        Interventions.NONE
            .withHeadMask(Interventions.headMaskWithout(CONFIG, new int[][] {{0, 1}, {1, 3}}))
            .withFfnMask(Interventions.ffnMaskWithout(CONFIG, 1));
    for (Interventions iv : List.of(Interventions.NONE, masked)) {
      ScoreOptions opts = ScoreOptions.forVocab(CONFIG.vocabSize() - 3);
      long before = model.tokensProcessed();
      List<TokenScore> plain = model.score(reqs, iv, opts.withSharePrefix(false), i -> {});
      long unsharedTokens = model.tokensProcessed() - before;
      before = model.tokensProcessed();
      List<TokenScore> shared = model.score(reqs, iv, opts, i -> {});
      long sharedTokens = model.tokensProcessed() - before;
      for (int i = 0; i < reqs.size(); i++) {
        assertEquals(plain.get(i).logprob(), shared.get(i).logprob(), 1e-4, "request " + i);
        assertEquals(plain.get(i).greedy(), shared.get(i).greedy(), "request " + i);
      }
      assertTrue(sharedTokens < unsharedTokens, sharedTokens + " vs " + unsharedTokens);
    }
  }

  @Test
  void outOfVocabularyTokensAreRejected() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                model.score(
                    List.of(new ScoreRequest(new int[] {1}, new int[] {999})),
                    Interventions.NONE,
                    ScoreOptions.forVocab(CONFIG.vocabSize()),
                    i -> {}));
    assertTrue(e.getMessage().contains("999"));
  }
}
