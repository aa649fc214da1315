package org.opticl.model.induction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opticl.model.config.OptConfig;
import org.opticl.model.opt.Batch;
import org.opticl.model.opt.Interventions;
import org.opticl.model.opt.ModelPlacement;
import org.opticl.model.opt.OptModel;
import org.opticl.model.random.RandomOpt;
import org.opticl.model.testing.TinyModels;

class PrefixMatchingTest {
  private static final OptConfig CONFIG = TinyModels.preLn().withVocab(272, 128);
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

  /** (query, key) pairs with value 1 in a (T,T) mask, T = 9. */
  private static List<String> ones(float[] mask, int t) {
    List<String> out = new ArrayList<>();
    for (int j = 0; j < t; j++) {
      for (int k = 0; k < t; k++) {
        if (mask[j * t + k] == 1f) {
          out.add(j + ":" + k);
        } else {
          assertEquals(0f, mask[j * t + k]);
        }
      }
    }
    return out;
  }

  @Test
  void targetsOfASegmentOfTwoAreTheOnesWorkedOutByHand() {
    // Positions: 0 BOS | copy 0: 1,2 | copy 1: 3,4 | copy 2: 5,6 | copy 3: 7,8; queries 3..8.
    assertEquals(
        List.of(
            "3:2", "4:1", "4:3", "5:2", "5:4", "6:1", "6:3", "6:5", "7:2", "7:4", "7:6", "8:1",
            "8:3", "8:5", "8:7"),
        ones(PrefixMatching.targetValues(2, PrefixRule.PARITY), 9));
    assertEquals(
        List.of("3:2", "4:3", "5:2", "5:4", "6:3", "6:5", "7:2", "7:4", "7:6", "8:3", "8:5", "8:7"),
        ones(PrefixMatching.targetValues(2, PrefixRule.CORRECTED), 9));
  }

  @Test
  void parityDiffersOnlyByKeyOneAtTheLastTokenOfCopiesOneToThree() {
    int lseg = 5;
    int t = 21;
    float[] parity = PrefixMatching.targetValues(lseg, PrefixRule.PARITY);
    float[] corrected = PrefixMatching.targetValues(lseg, PrefixRule.CORRECTED);
    List<String> diff = new ArrayList<>();
    for (int i = 0; i < parity.length; i++) {
      assertTrue(parity[i] >= corrected[i], "parity credits a superset of the corrected keys");
      if (parity[i] != corrected[i]) {
        diff.add(i / t + ":" + i % t);
      }
    }
    assertEquals(List.of("10:1", "15:1", "20:1"), diff);
  }

  @Test
  void handBuiltAttentionScoresAsTheFormulaSays() {
    int lseg = 2;
    int t = 9;
    float[] p = new float[3 * t * t];
    for (int j = 0; j < t; j++) {
      // Head 0, an ideal induction head: from copy 1 on, all mass on the token after the most
      // recent earlier occurrence (j - lseg + 1); before that, on BOS.
      p[j * t + (j > lseg ? j - lseg + 1 : 0)] = 1f;
      // Head 1: all mass on position 1 (the token after BOS).
      p[t * t + j * t + Math.min(j, 1)] = 1f;
      // Head 2: uniform over the causal window.
      for (int k = 0; k <= j; k++) {
        p[2 * t * t + j * t + k] = 1f / (j + 1);
      }
    }
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray probs = m.create(p, new Shape(1, 3, t, t));
      float[] parity =
          PrefixMatching.score(probs, PrefixMatching.targets(m, lseg, PrefixRule.PARITY), lseg)
              .toFloatArray();
      float[] corrected =
          PrefixMatching.score(probs, PrefixMatching.targets(m, lseg, PrefixRule.CORRECTED), lseg)
              .toFloatArray();
      // Uniform head: Σ_j |targets_j| / (j+1) over queries 3..8, divided by 3·lseg = 6.
      double uniformParity = (1. / 4 + 2. / 5 + 2. / 6 + 3. / 7 + 3. / 8 + 4. / 9) / 6;
      double uniformCorrected = (1. / 4 + 1. / 5 + 2. / 6 + 2. / 7 + 3. / 8 + 3. / 9) / 6;
      assertArrayEquals(new float[] {1f, 0.5f, (float) uniformParity}, parity, 1e-6f);
      assertArrayEquals(new float[] {1f, 0f, (float) uniformCorrected}, corrected, 1e-6f);
    }
  }

  @Test
  void modelScoresEqualTheOriginalLoopOverItsAttentionMaps() {
    TokenPool pool = TokenPool.range(4, 272);
    int lseg = InductionSequences.segmentLength(1);
    int t = 4 * lseg + 1;
    int[] x = InductionSequences.prefixSequence(pool, 3, 1);
    int layers = CONFIG.numLayers();
    int heads = CONFIG.numHeads();
    float[][] maps = new float[layers][];
    model.lastLogits(
        Batch.of(x),
        Interventions.NONE.observingAttention((l, probs) -> maps[l] = probs.toFloatArray()));
    double[][] parity = PrefixMatching.score(model, x, lseg, PrefixRule.PARITY);
    double[][] corrected = PrefixMatching.score(model, x, lseg, PrefixRule.CORRECTED);
    for (int l = 0; l < layers; l++) {
      for (int h = 0; h < heads; h++) {
        // The original's loop, literally (paper-spec §4.2).
        double acc = 0;
        int c = 0;
        for (int j = lseg + 1; j < 4 * lseg + 1; j++) {
          for (int n = 0; n < j / lseg; n++) {
            acc += maps[l][(h * t + j) * t + n * lseg + (j % lseg) + 1];
          }
          c++;
        }
        assertEquals(acc / c, parity[l][h], 1e-6, "layer " + l + " head " + h);
        assertTrue(parity[l][h] >= 0 && parity[l][h] <= 1);
        assertTrue(corrected[l][h] >= 0 && corrected[l][h] <= parity[l][h] + 1e-7);
        // The rules differ by the attention to position 1 from the last token of copies 1..3.
        double offByOne = 0;
        for (int j : new int[] {2 * lseg, 3 * lseg, 4 * lseg}) {
          offByOne += maps[l][(h * t + j) * t + 1];
        }
        assertEquals(offByOne / (3 * lseg), parity[l][h] - corrected[l][h], 1e-6);
      }
    }
  }
}
