package org.opticl.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opticl.analysis.CrossShotInput.ShotPair;
import org.opticl.schema.CorrelationMatrix;

/** Correlation matrices, Table 1, top-k overlap and capacity retained on hand-made matrices. */
class ImportanceAnalysesTest {
  private static double[][] row(double... v) {
    return new double[][] {v};
  }

  @Test
  void aCorrelationMatrixIsSymmetricWithOnesOnTheDiagonalAndTheAggregateLast() {
    List<NamedImportance> tasks =
        List.of(
            new NamedImportance("copa", row(1, 2, 3, 4, 5)),
            new NamedImportance("rte", row(2, 1, 4, 3, 5)),
            new NamedImportance("wic", row(5, 3, 4, 1, 2)));
    CorrelationMatrix m =
        SpearmanMatrix.compute(
            new CorrelationInput("head-importance/0-shot", tasks, true, SpearmanVariant.VALUES));
    assertEquals(List.of("copa", "rte", "wic", "aggregate"), m.labels());
    assertEquals("spearman", m.method());
    for (int i = 0; i < 4; i++) {
      assertEquals(1.0, m.rho()[i][i]);
      assertEquals(0.0, m.pValues()[i][i]);
      for (int j = 0; j < 4; j++) {
        assertEquals(m.rho()[i][j], m.rho()[j][i]);
        assertEquals(m.pValues()[i][j], m.pValues()[j][i]);
      }
    }
    Correlation copaRte =
        RankCorrelation.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {2, 1, 4, 3, 5});
    assertEquals(copaRte.rho(), m.rho()[0][1]);
    assertEquals(copaRte.pValue(), m.pValues()[0][1]);
    // Aggregate = mean of the three: [8/3, 2, 11/3, 8/3, 4].
    Correlation copaAgg =
        RankCorrelation.spearman(
            new double[] {1, 2, 3, 4, 5}, new double[] {8.0 / 3, 2, 11.0 / 3, 8.0 / 3, 4});
    assertEquals(copaAgg.rho(), m.rho()[0][3], 1e-15);
    CorrelationMatrix argsort =
        SpearmanMatrix.compute(
            new CorrelationInput("head-importance/0-shot", tasks, false, SpearmanVariant.ARGSORT));
    assertEquals("spearman-argsort", argsort.method());
    assertEquals(3, argsort.labels().size());
  }

  @Test
  void tableOneAveragesEachTasksCrossShotCorrelation() {
    List<TaskShots> tasks =
        List.of(
            new TaskShots("a", Map.of(0, row(1, 2, 3, 4), 1, row(1, 2, 3, 4), 5, row(4, 3, 2, 1))),
            new TaskShots("b", Map.of(0, row(1, 2, 3, 4), 1, row(1, 2, 4, 3), 5, row(1, 2, 3, 4))),
            new TaskShots("c", Map.of(0, row(1, 2, 3, 4), 1, row(2, 1, 4, 3), 5, row(1, 3, 2, 4))));
    CrossShotTable t =
        CrossShotTable.compute(
            new CrossShotInput(tasks, CrossShotInput.PAPER_PAIRS, SpearmanVariant.VALUES));
    // ρ per task — 0↔1: 1, 0.8, 0.6; 0↔5: −1, 1, 0.8; 1↔5: −1, 0.8, 0.
    CrossShotTable.Row r01 = t.rows().get(0);
    assertEquals(new ShotPair(0, 1), r01.pair());
    assertEquals(0.8, r01.mean(), 1e-12);
    assertEquals(0.08 / 3, r01.variance(), 1e-12, "population variance");
    assertEquals(0.4, r01.maxPValue(), 1e-12, "ρ = 0.6 over 4 pairs");
    assertEquals(List.of("a", "b", "c"), List.copyOf(r01.perTask().keySet()));
    CrossShotTable.Row r05 = t.rows().get(1);
    assertEquals(0.8 / 3, r05.mean(), 1e-12);
    assertEquals(2.64 / 3 - (0.8 / 3) * (0.8 / 3), r05.variance(), 1e-12);
    CrossShotTable.Row r15 = t.rows().get(2);
    assertEquals(-0.2 / 3, r15.mean(), 1e-12);
    assertEquals(1.64 / 3 - (0.2 / 3) * (0.2 / 3), r15.variance(), 1e-12);
    assertEquals(1.0, r15.maxPValue(), 1e-12, "ρ = 0 has p = 1");
  }

  @Test
  void tableOneNamesTheMissingShot() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CrossShotTable.compute(
                    new CrossShotInput(
                        List.of(new TaskShots("copa", Map.of(0, row(1, 2, 3)))),
                        CrossShotInput.PAPER_PAIRS,
                        SpearmanVariant.VALUES)));
    assertEquals("task copa has no importance for 1-shot; it has [0]", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ShotPair(1, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CrossShotInput(List.of(), CrossShotInput.PAPER_PAIRS, SpearmanVariant.VALUES));
  }

  @Test
  void overlapIsTheSharedFractionOfTheTopKHeads() {
    double[][] a = row(9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    double[][] b = row(0, 8, 7, 1, 9, 2, 3, 4, 5, 6);
    // k = ⌊30·10/100⌋ = 3: top(a) = {0, 1, 2}, top(b) = {4, 1, 2}.
    assertArrayEquals(new int[] {0, 1, 2}, TopKOverlap.topK(a, 30));
    assertArrayEquals(new int[] {1, 2, 4}, TopKOverlap.topK(b, 30));
    assertEquals(2.0 / 3, TopKOverlap.overlap(a, b, 30), 1e-15);
    assertEquals(1.0, TopKOverlap.overlap(a, a, 50));
    assertArrayEquals(
        new int[] {0, 1, 2}, TopKOverlap.topK(row(1, 1, 1, 1, 1, 1, 1, 1, 1, 1), 30), "ties");
    var zero = assertThrows(IllegalArgumentException.class, () -> TopKOverlap.overlap(a, b, 5));
    assertEquals(
        "top 5% of 10 heads is no head at all; use a larger percentage", zero.getMessage());
    var shape =
        assertThrows(IllegalArgumentException.class, () -> TopKOverlap.overlap(a, row(1, 2), 30));
    assertTrue(shape.getMessage().contains("expected shape [1][10]"), shape.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TopKOverlap.overlap(a, b, 101));
  }

  @Test
  void capacityRetainedSumsTheScoresOfTheHeadsNotYetPruned() {
    double[][] score = {{1, 2}, {3, 4}};
    CapacityCurve c = CapacityRetained.curve(new int[] {3, 0, 2, 1}, score);
    assertArrayEquals(new double[] {0, 25, 50, 75}, c.percentPruned(), 0);
    assertArrayEquals(new double[] {100, 60, 50, 20}, c.retained(), 1e-12);
    // Ascending importance [[.4, .1], [.3, .2]] prunes flat 1, 3, 2, 0.
    CapacityCurve byImp =
        CapacityRetained.byImportance(new double[][] {{0.4, 0.1}, {0.3, 0.2}}, score);
    assertArrayEquals(new double[] {100, 80, 40, 10}, byImp.retained(), 1e-12);
    var perm =
        assertThrows(
            IllegalArgumentException.class,
            () -> CapacityRetained.curve(new int[] {0, 0, 1, 2}, score));
    assertEquals("order must be a permutation of 0..3; entry 0 breaks it", perm.getMessage());
    var length =
        assertThrows(
            IllegalArgumentException.class, () -> CapacityRetained.curve(new int[] {0}, score));
    assertEquals("order has 1 entries; the score matrix has 4 heads", length.getMessage());
    var zero =
        assertThrows(
            IllegalArgumentException.class,
            () -> CapacityRetained.curve(new int[] {0, 1, 2, 3}, new double[2][2]));
    assertEquals("the scores sum to 0: no capacity to retain", zero.getMessage());
  }

  @Test
  void correlationInputsAreChecked() {
    var one =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new CorrelationInput(
                    "s",
                    List.of(new NamedImportance("copa", row(1, 2, 3))),
                    false,
                    SpearmanVariant.VALUES));
    assertEquals("a correlation matrix needs at least 2 tasks, got 1", one.getMessage());
    var twice =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new CorrelationInput(
                    "s",
                    List.of(
                        new NamedImportance("copa", row(1, 2, 3)),
                        new NamedImportance("copa", row(3, 2, 1))),
                    false,
                    SpearmanVariant.VALUES));
    assertEquals("task 'copa' appears twice", twice.getMessage());
    var shape =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new CorrelationInput(
                    "s",
                    List.of(
                        new NamedImportance("copa", row(1, 2, 3)),
                        new NamedImportance("rte", row(3, 2))),
                    false,
                    SpearmanVariant.VALUES));
    assertTrue(shape.getMessage().startsWith("importance of rte has shape"), shape.getMessage());
    var constant =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SpearmanMatrix.compute(
                    new CorrelationInput(
                        "s",
                        List.of(
                            new NamedImportance("copa", row(1, 2, 3)),
                            new NamedImportance("rte", row(1, 1, 1))),
                        false,
                        SpearmanVariant.VALUES)));
    assertTrue(constant.getMessage().startsWith("copa vs rte: "), constant.getMessage());
    var empty =
        assertThrows(
            IllegalArgumentException.class, () -> new NamedImportance("x", new double[0][]));
    assertTrue(empty.getMessage().contains("is empty"), empty.getMessage());
  }
}
