package org.opticl.model.opt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opticl.model.config.OptConfig;
import org.opticl.model.random.RandomOpt;
import org.opticl.model.testing.TinyModels;

/** The interventions mean what the paper says they mean, on a random model. */
class InterventionInvariantsTest {
  private static final OptConfig CONFIG = TinyModels.preLn();
  private static final RandomOpt WEIGHTS = new RandomOpt(CONFIG, 11, 0.3f);
  private static final Batch BATCH =
      Batch.of(new int[] {2, 17, 5, 88, 40, 3, 9, 61}, new int[] {2, 7, 7, 30, 12, 55, 1, 70});
  private static OptModel model;

  @BeforeAll
  static void load() {
    model = OptModel.load(WEIGHTS, CONFIG, ModelPlacement.cpu(CONFIG.numLayers()));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static float[][] ones() {
    return Interventions.headMaskWithout(CONFIG, new int[0][]);
  }

  @Test
  void headMaskOfOnesLeavesLogitsUnchanged() {
    float[][][] plain = model.logits(BATCH, Interventions.NONE);
    float[][][] masked = model.logits(BATCH, Interventions.NONE.withHeadMask(ones()));
    for (int b = 0; b < plain.length; b++) {
      for (int t = 0; t < plain[b].length; t++) {
        assertArrayEquals(plain[b][t], masked[b][t], 0f);
      }
    }
  }

  @Test
  void zeroingAHeadEqualsRemovingItsSliceOfOutProjInput() {
    int layer = 1;
    int head = 2;
    int d = CONFIG.headDim();
    int e = CONFIG.hiddenSize();
    String name = "layers." + layer + ".self_attn.out_proj.weight";
    try (OptModel cut =
        OptModel.load(
            TinyModels.editing(
                WEIGHTS,
                name,
                w -> {
                  float[] c = w.clone();
                  for (int row = 0; row < e; row++) {
                    Arrays.fill(c, row * e + head * d, row * e + (head + 1) * d, 0f);
                  }
                  return c;
                }),
            CONFIG,
            ModelPlacement.cpu(CONFIG.numLayers()))) {
      float[][] mask = Interventions.headMaskWithout(CONFIG, new int[][] {{layer, head}});
      float[][] viaMask = model.lastLogits(BATCH, Interventions.NONE.withHeadMask(mask));
      float[][] viaWeights = cut.lastLogits(BATCH, Interventions.NONE);
      float[][] plain = model.lastLogits(BATCH, Interventions.NONE);
      for (int b = 0; b < viaMask.length; b++) {
        assertArrayEquals(viaWeights[b], viaMask[b], 1e-5f);
        assertNotEquals(plain[b][0], viaMask[b][0], "masking a head must change something");
      }
    }
  }

  @Test
  void ffnMaskOfZeroLeavesThePostAttentionResidual() {
    int layer = 0;
    // With fc2's weight and bias zeroed, the block adds exactly 0 to the post-attention residual.
    String w = "layers." + layer + ".fc2.weight";
    String bias = "layers." + layer + ".fc2.bias";
    try (OptModel noFfn =
        OptModel.load(
            TinyModels.editing(
                WEIGHTS, Map.of(w, v -> new float[v.length], bias, v -> new float[v.length])),
            CONFIG,
            ModelPlacement.cpu(CONFIG.numLayers()))) {
      float[][] masked =
          model.lastLogits(
              BATCH, Interventions.NONE.withFfnMask(Interventions.ffnMaskWithout(CONFIG, layer)));
      float[][] zeroed = noFfn.lastLogits(BATCH, Interventions.NONE);
      for (int b = 0; b < masked.length; b++) {
        assertArrayEquals(zeroed[b], masked[b], 1e-5f);
      }
    }
  }

  @Test
  void headMaskGradientMatchesCentralFiniteDifferences() {
    int[][] labels = labelsFrom(3);
    HeadGradients g = model.headGradients(BATCH, labels, Interventions.NONE, Optional.empty());
    // Small steps: ReLU kinks make the loss only piecewise smooth; float32 rounding bounds how
    // small
    // a step can be (loss ~5, ulp ~5e-7: noise ~2.5e-4 in the quotient at this step).
    float eps = 2e-3f;
    for (int l = 0; l < CONFIG.numLayers(); l++) {
      for (int h = 0; h < CONFIG.numHeads(); h++) {
        float[][] up = ones();
        float[][] down = ones();
        up[l][h] += eps;
        down[l][h] -= eps;
        double lossUp = lossWith(up, labels);
        double lossDown = lossWith(down, labels);
        double fd = (lossUp - lossDown) / (2 * eps);
        assertEquals(
            fd, g.headMaskGradient()[l][h], 1e-3 + 1e-2 * Math.abs(fd), "head " + l + "," + h);
      }
    }
  }

  @Test
  void headOutputObserverSeesTheGradientBehindTheImportance() {
    int[][] labels = labelsFrom(4);
    double[][] fromObserver = new double[CONFIG.numLayers()][CONFIG.numHeads()];
    HeadGradients g =
        model.headGradients(
            BATCH,
            labels,
            Interventions.NONE,
            Optional.of(
                (layer, a, grad) -> {
                  // Σ_b Σ_t |<a,g>| per head, from the raw arrays (B,H,T,D).
                  float[] dots =
                      a.mul(grad).sum(new int[] {3}).abs().sum(new int[] {0, 2}).toFloatArray();
                  for (int h = 0; h < dots.length; h++) {
                    fromObserver[layer][h] = dots[h];
                  }
                }));
    for (int l = 0; l < CONFIG.numLayers(); l++) {
      for (int h = 0; h < CONFIG.numHeads(); h++) {
        assertEquals(g.headAbsDotSum()[l][h], fromObserver[l][h], 1e-6 + 1e-4 * fromObserver[l][h]);
        assertTrue(g.headAbsDotSum()[l][h] >= Math.abs(g.headMaskGradient()[l][h]) - 1e-7);
      }
    }
  }

  @Test
  void leftPaddingGivesTheSameLogitsAsTheUnpaddedRow() {
    int[] row = BATCH.ids()[0];
    int pad = 3;
    int[] padded = new int[row.length + pad];
    int[] mask = new int[row.length + pad];
    Arrays.fill(padded, 0, pad, 1);
    System.arraycopy(row, 0, padded, pad, row.length);
    Arrays.fill(mask, pad, mask.length, 1);
    float[] a = model.lastLogits(Batch.of(row), Interventions.NONE)[0];
    float[] b =
        model
            .lastLogits(new Batch(new int[][] {padded}, new int[][] {mask}), Interventions.NONE)[0];
    assertArrayEquals(a, b, 1e-5f);
  }

  @Test
  void rightPaddingLeavesTheRealPositionsUnchanged() {
    int[] row = BATCH.ids()[1];
    int[] padded = Arrays.copyOf(row, row.length + 4);
    int[] mask = new int[padded.length];
    Arrays.fill(mask, 0, row.length, 1);
    float[][] a = model.tokenLogprobs(Batch.of(row), Interventions.NONE);
    float[][] b =
        model.tokenLogprobs(
            new Batch(new int[][] {padded}, new int[][] {mask}), Interventions.NONE);
    assertArrayEquals(a[0], Arrays.copyOf(b[0], row.length), 1e-5f);
  }

  @Test
  void postLayerNormModelWithProjectionRuns() {
    OptConfig c = TinyModels.postLnProjected();
    try (OptModel m =
        OptModel.load(new RandomOpt(c, 3, 0.3f), c, ModelPlacement.cpu(c.numLayers()))) {
      float[][] lp = m.tokenLogprobs(BATCH, Interventions.NONE);
      for (float[] r : lp) {
        for (int t = 1; t < r.length; t++) {
          assertTrue(r[t] < 0 && Float.isFinite(r[t]));
        }
      }
      HeadGradients g = m.headGradients(BATCH, labelsFrom(2), Interventions.NONE, Optional.empty());
      assertEquals(c.numLayers(), g.headMaskGradient().length);
    }
  }

  @Test
  void masksOfTheWrongShapeAreRejectedWithTheirShape() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.lastLogits(BATCH, Interventions.NONE.withHeadMask(new float[3][4])));
    assertTrue(e.getMessage().contains("3 layers"), e.getMessage());
    var f =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.lastLogits(BATCH, Interventions.NONE.withFfnMask(new float[5])));
    assertTrue(f.getMessage().contains("5 entries"), f.getMessage());
    var g =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.lastLogits(Batch.of(new int[] {2, 500}), Interventions.NONE));
    assertTrue(g.getMessage().contains("500"), g.getMessage());
  }

  private static double lossWith(float[][] mask, int[][] labels) {
    return model
        .headGradients(BATCH, labels, Interventions.NONE.withHeadMask(mask), Optional.empty())
        .loss();
  }

  private static int[][] labelsFrom(int from) {
    int[][] labels = new int[BATCH.size()][BATCH.length()];
    for (int b = 0; b < BATCH.size(); b++) {
      for (int t = 0; t < BATCH.length(); t++) {
        labels[b][t] = t >= from ? BATCH.ids()[b][t] : -100;
      }
    }
    return labels;
  }
}
