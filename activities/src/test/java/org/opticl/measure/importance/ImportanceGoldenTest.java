package org.opticl.measure.importance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opticl.measure.ModelShape;
import org.opticl.measure.testing.SharedData;
import org.opticl.model.opt.Batch;
import org.opticl.model.opt.HeadGradients;
import org.opticl.model.opt.Interventions;
import org.opticl.model.opt.OptModel;

/**
 * The accumulation against the independent PyTorch reference's {@code golden.json}: its three rows
 * (row 0 left-padded) as ONE batch, labels at positions ≥ {@code continuation_from_position}. Row 0
 * has 8 real tokens, so l_ctx = 2 and l_cont = 6; rows 1–2 have l_ctx = 6 and l_cont = 6.
 */
class ImportanceGoldenTest {
  private static JsonNode golden;
  private static OptModel model;
  private static Batch batch;
  private static int[][] labels;
  private static final int[] CONTEXT = {2, 6, 6};
  private static final int[] CONTINUATION = {6, 6, 6};

  @BeforeAll
  static void load() throws Exception {
    Path dir = SharedData.require("fixtures/opt-tiny-prenorm");
    golden = new ObjectMapper().readTree(Files.readString(dir.resolve("golden.json")));
    int[][] ids = ints(golden.get("input_ids"));
    int[][] mask = ints(golden.get("attention_mask"));
    int from = golden.get("continuation_from_position").asInt();
    batch = new Batch(ids, mask);
    labels = new int[ids.length][ids[0].length];
    for (int b = 0; b < ids.length; b++) {
      for (int t = 0; t < ids[b].length; t++) {
        labels[b][t] = t >= from ? ids[b][t] : -100;
      }
    }
    model = OptModel.load(dir);
  }

  @AfterAll
  static void close() {
    if (model != null) {
      model.close();
    }
  }

  private static HeadGradients gradients() {
    return model.headGradients(batch, labels, Interventions.NONE, java.util.Optional.empty());
  }

  @Test
  void perTokenAbsSumsReproduceTheReferenceBeforeDivision() {
    ImportanceAccumulator acc =
        new ImportanceAccumulator(ImportanceMethod.PER_TOKEN_ABS, ModelShape.of(model.config()));
    acc.add(gradients(), CONTEXT, CONTINUATION);
    assertClose(golden.get("head_abs_dot_sum"), acc.sums(), "head_abs_dot_sum");
  }

  @Test
  void goldenBatchCountsAndDivisionsFollowTheOriginal() {
    ImportanceAccumulator acc =
        new ImportanceAccumulator(ImportanceMethod.PER_TOKEN_ABS, ModelShape.of(model.config()));
    acc.add(gradients(), CONTEXT, CONTINUATION);
    // tot_tokens = (2+6-1) + 2·(6+6-1) = 29; eff_tokens = 18.
    assertEquals(29, acc.totalTokens());
    assertEquals(18, acc.supervisedTokens());
    double[][] sums = acc.sums();
    double[][] imp = acc.importance();
    for (int h = 0; h < 4; h++) {
      assertEquals(sums[0][h] / 29, imp[0][h], 0.0, "layer 0 divides by tot_tokens");
      assertEquals(sums[1][h] / 18, imp[1][h], 0.0, "the last layer divides by eff_tokens");
    }
  }

  @Test
  void maskGradientAccumulatesTheReferenceHeadMaskGradientPerExample() {
    HeadGradients g = gradients();
    // The per-example gate gradients the MASK_GRADIENT sums are built from add up to the
    // reference's head-mask gradient of the whole batch ...
    double[][] summed = new double[2][4];
    for (double[][] row : g.perExampleHeadMaskGradient()) {
      for (int l = 0; l < 2; l++) {
        for (int h = 0; h < 4; h++) {
          summed[l][h] += row[l][h];
        }
      }
    }
    assertClose(golden.get("head_mask_grad"), summed, "head_mask_grad");
    // ... and the accumulator takes |·| per example of each row's own-loss gradient: N/n_b = 3.
    ImportanceAccumulator acc =
        new ImportanceAccumulator(ImportanceMethod.MASK_GRADIENT, ModelShape.of(model.config()));
    acc.add(g, CONTEXT, CONTINUATION);
    double[][] sums = acc.sums();
    for (int l = 0; l < 2; l++) {
      for (int h = 0; h < 4; h++) {
        double expected = 0;
        for (double[][] row : g.perExampleHeadMaskGradient()) {
          expected += Math.abs(row[l][h] * 3.0);
        }
        assertEquals(expected, sums[l][h], 0.0);
        double reference = golden.get("head_mask_grad").get(l).get(h).asDouble();
        assertEquals(true, sums[l][h] >= 3 * Math.abs(reference) * (1 - 1e-4), "triangle bound");
        assertEquals(expected / 3, acc.importance()[l][h], 0.0, "mean over the 3 examples");
      }
    }
  }

  private static void assertClose(JsonNode expected, double[][] actual, String what) {
    assertEquals(expected.size(), actual.length, what + " layers");
    for (int l = 0; l < actual.length; l++) {
      assertEquals(expected.get(l).size(), actual[l].length, what + " heads");
      for (int h = 0; h < actual[l].length; h++) {
        double e = expected.get(l).get(h).asDouble();
        assertEquals(
            e, actual[l][h], 1e-4 * Math.max(Math.abs(e), 1e-3), what + "[" + l + "][" + h + "]");
      }
    }
  }

  private static int[][] ints(JsonNode n) {
    int[][] out = new int[n.size()][];
    for (int i = 0; i < n.size(); i++) {
      out[i] = new int[n.get(i).size()];
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] = n.get(i).get(j).asInt();
      }
    }
    return out;
  }
}
