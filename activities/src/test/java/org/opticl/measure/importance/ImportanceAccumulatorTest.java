package org.opticl.measure.importance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opticl.measure.ModelShape;
import org.opticl.model.opt.HeadGradients;

/**
 * The accumulation and divisions of paper-spec §1.5 on hand-made gradients with known l_ctx and
 * l_cont, so that every expected number can be checked on paper.
 */
class ImportanceAccumulatorTest {
  private static final ModelShape SHAPE = new ModelShape(3, 2);

  /** Batch 1: rows (l_ctx, l_cont) = (4, 3) and (2, 1), N = 4. */
  private static final HeadGradients FIRST =
      new HeadGradients(
          1.0,
          4,
          new double[3][2],
          new double[][][] {
            {{0.5, -1}, {2, 0}, {-3, 1}},
            {{-0.25, 0.5}, {1, -1}, {0, 2}}
          },
          new double[][] {{1, 2}, {3, 4}, {5, 6}});

  /** Batch 2: one row (5, 2), N = 2. */
  private static final HeadGradients SECOND =
      new HeadGradients(
          1.0,
          2,
          new double[3][2],
          new double[][][] {{{1, 1}, {-1, -1}, {2, -2}}},
          new double[][] {{10, 20}, {30, 40}, {50, 60}});

  private static ImportanceAccumulator fed(ImportanceMethod method) {
    ImportanceAccumulator acc = new ImportanceAccumulator(method, SHAPE);
    acc.add(FIRST, new int[] {4, 2}, new int[] {3, 1});
    acc.add(SECOND, new int[] {5}, new int[] {2});
    return acc;
  }

  @Test
  void perTokenAbsDividesEarlyLayersByAllPositionsAndTheLastBySupervisedTokens() {
    ImportanceAccumulator acc = fed(ImportanceMethod.PER_TOKEN_ABS);
    // tot_tokens = (4+3-1) + (2+1-1) + (5+2-1) = 14; eff_tokens = 3 + 1 + 2 = 6.
    assertEquals(14, acc.totalTokens());
    assertEquals(6, acc.supervisedTokens());
    assertEquals(3, acc.examples());
    assertArrayEquals(new double[][] {{11, 22}, {33, 44}, {55, 66}}, acc.sums());
    double[][] imp = acc.importance();
    assertArrayEquals(new double[] {11.0 / 14, 22.0 / 14}, imp[0], 0);
    assertArrayEquals(new double[] {33.0 / 14, 44.0 / 14}, imp[1], 0);
    assertArrayEquals(new double[] {55.0 / 6, 66.0 / 6}, imp[2], 0);
  }

  @Test
  void maskGradientAveragesPerExampleAbsoluteGradientsOfEachExamplesOwnLoss() {
    ImportanceAccumulator acc = fed(ImportanceMethod.MASK_GRADIENT);
    // Row scale N/n_b: 4/3 and 4 in batch 1, 1 in batch 2; e.g. [0][0] = 2/3 + 1 + 1 = 8/3.
    double[][] expectedSums = {{8.0 / 3, 13.0 / 3}, {23.0 / 3, 5}, {6, 34.0 / 3}};
    double[][] sums = acc.sums();
    double[][] imp = acc.importance();
    for (int l = 0; l < 3; l++) {
      assertArrayEquals(expectedSums[l], sums[l], 1e-12);
      for (int h = 0; h < 2; h++) {
        assertEquals(expectedSums[l][h] / 3, imp[l][h], 1e-12, "mean over 3 examples");
      }
    }
  }

  @Test
  void aSingleLayerModelDividesItsOnlyLayerBySupervisedTokens() {
    ImportanceAccumulator acc =
        new ImportanceAccumulator(ImportanceMethod.PER_TOKEN_ABS, new ModelShape(1, 1));
    acc.add(
        new HeadGradients(0, 2, new double[1][1], new double[][][] {{{1}}}, new double[][] {{8}}),
        new int[] {3},
        new int[] {2});
    assertEquals(4.0, acc.importance()[0][0], 0, "8 / eff_tokens(2), as I[-1] /= eff_tokens");
  }

  @Test
  void restoredAccumulatorContinuesExactlyWhereTheFirstStopped() {
    ImportanceAccumulator first = new ImportanceAccumulator(ImportanceMethod.MASK_GRADIENT, SHAPE);
    first.add(FIRST, new int[] {4, 2}, new int[] {3, 1});
    ImportanceAccumulator resumed =
        ImportanceAccumulator.restore(
            ImportanceMethod.MASK_GRADIENT,
            SHAPE,
            first.sums(),
            first.totalTokens(),
            first.supervisedTokens(),
            first.examples());
    resumed.add(SECOND, new int[] {5}, new int[] {2});
    assertArrayEquals(fed(ImportanceMethod.MASK_GRADIENT).importance(), resumed.importance());
  }

  @Test
  void batchesArePaddedOnTheRightAndOnlyContinuationsSupervised() {
    ImportanceAccumulator.PaddedBatch p =
        ImportanceAccumulator.batchOf(
            List.of(
                new TokenizedExample(0, new int[] {2, 7, 8}, new int[] {9, 10}),
                new TokenizedExample(1, new int[] {5}, new int[] {6})));
    assertArrayEquals(new int[][] {{2, 7, 8, 9, 10}, {5, 6, 1, 1, 1}}, p.batch().ids());
    assertArrayEquals(new int[][] {{1, 1, 1, 1, 1}, {1, 1, 0, 0, 0}}, p.batch().mask());
    assertArrayEquals(
        new int[][] {{-100, -100, -100, 9, 10}, {-100, 6, -100, -100, -100}}, p.labels());
  }

  @Test
  void inconsistentBatchesAreRejectedWithTheirNumbers() {
    ImportanceAccumulator acc = new ImportanceAccumulator(ImportanceMethod.PER_TOKEN_ABS, SHAPE);
    var sum =
        assertThrows(
            IllegalArgumentException.class,
            () -> acc.add(FIRST, new int[] {4, 2}, new int[] {3, 2}));
    assertEquals(
        "continuation lengths sum to 5 but the loss averaged over 4 supervised tokens",
        sum.getMessage());
    var rows =
        assertThrows(
            IllegalArgumentException.class, () -> acc.add(FIRST, new int[] {4}, new int[] {4}));
    assertTrue(rows.getMessage().contains("2 gradient rows"), rows.getMessage());
    var zero =
        assertThrows(
            IllegalArgumentException.class,
            () -> acc.add(FIRST, new int[] {0, 2}, new int[] {3, 1}));
    assertTrue(zero.getMessage().contains("l_ctx=0"), zero.getMessage());
    var shape =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ImportanceAccumulator(ImportanceMethod.PER_TOKEN_ABS, new ModelShape(2, 2))
                    .add(FIRST, new int[] {4, 2}, new int[] {3, 1}));
    assertTrue(shape.getMessage().contains("expected shape [2][2]"), shape.getMessage());
    assertEquals(0, acc.examples(), "a rejected batch leaves the sums untouched");
    var none = assertThrows(IllegalStateException.class, acc::importance);
    assertTrue(none.getMessage().contains("no examples"), none.getMessage());
    var empty =
        assertThrows(
            IllegalArgumentException.class, () -> ImportanceAccumulator.batchOf(List.of()));
    assertTrue(empty.getMessage().contains("at least one example"));
  }

  @Test
  void examplesWithoutContextOrContinuationAreRejected() {
    var noCont =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TokenizedExample(7, new int[] {2}, new int[0]));
    assertTrue(noCont.getMessage().contains("doc 7"), noCont.getMessage());
    var noCtx =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TokenizedExample(8, new int[0], new int[] {5}));
    assertTrue(noCtx.getMessage().contains("empty context"), noCtx.getMessage());
  }
}
