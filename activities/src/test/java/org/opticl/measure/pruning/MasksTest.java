package org.opticl.measure.pruning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.opticl.measure.ModelShape;
import org.opticl.measure.UnitMask;
import org.opticl.model.opt.Interventions;
import org.opticl.schema.HeadUnit;

/** Mask construction: the original's counts, the global ranking, ties, grids and bad input. */
class MasksTest {
  /** OPT-66B: 64 layers × 72 heads. */
  private static final ModelShape OPT66B = new ModelShape(64, 72);

  @Test
  void headCountsAreTheOriginalsFloorsOf4608() {
    int[] expected = {460, 921, 1382, 1843, 2304, 2764, 3225, 3686, 4147};
    double[][] imp = ramp(OPT66B);
    for (int i = 0; i < expected.length; i++) {
      int p = 10 * (i + 1);
      assertEquals(expected[i], Percentages.count(p, 4608), p + "%");
      assertEquals(expected[i], Masks.heads(OPT66B, imp, p).heads().length, p + "% mask");
    }
    assertEquals(1382, Masks.heads(OPT66B, imp, 30).heads().length);
    assertEquals(0, Masks.heads(OPT66B, imp, 0).heads().length);
    assertEquals(4608, Masks.heads(OPT66B, imp, 100).heads().length);
  }

  @Test
  void ffnCountsAreTheOriginalsFloorsOf64() {
    int[] expected = {6, 12, 19, 25, 32, 38, 44, 51, 57};
    int[] ranking = IntStream.range(0, 64).map(i -> 63 - i).toArray();
    for (int i = 0; i < expected.length; i++) {
      int p = 10 * (i + 1);
      UnitMask m = Masks.ffns(OPT66B, ranking, p);
      assertEquals(expected[i], m.ffns().length, p + "%");
      // The first entries of the ranking: layers 63, 62, ... (sorted in the mask).
      assertEquals(64 - expected[i], m.ffns()[0]);
    }
  }

  @Test
  void headsArePrunedByOneGlobalAscendingRankingAcrossLayers() {
    ModelShape shape = new ModelShape(2, 3);
    double[][] imp = {{0.5, 0.1, 0.9}, {0.2, 0.05, 0.7}};
    // Ascending: (1,1)=0.05 → flat 4, (0,1)=0.1 → 1, (1,0)=0.2 → 3, (0,0) → 0, (1,2) → 5, (0,2) →
    // 2.
    assertArrayEquals(new int[] {4, 1, 3, 0, 5, 2}, HeadRanking.ascending(imp));
    UnitMask m = Masks.heads(shape, imp, 50); // k = 3
    assertArrayEquals(new int[] {1, 3, 4}, m.heads());
    assertEquals(
        List.of(new HeadUnit(0, 1), new HeadUnit(1, 0), new HeadUnit(1, 1)), m.headUnits());
    float[][] mask = m.interventions().headMask().orElseThrow();
    assertArrayEquals(new float[] {1, 0, 1}, mask[0]);
    assertArrayEquals(new float[] {0, 0, 1}, mask[1]);
    assertTrue(m.interventions().ffnMask().isEmpty(), "no FFN mask when no FFN is removed");
  }

  @Test
  void tiedHeadsArePrunedLowerFlatIndexFirst() {
    ModelShape shape = new ModelShape(2, 2);
    double[][] imp = {{0, 1}, {0, -0.0}};
    // Three exact zeros (flat 0, 2, 3; -0.0 equals 0.0) tie: lower flat index first.
    assertArrayEquals(new int[] {0, 2, 3, 1}, HeadRanking.ascending(imp));
    assertArrayEquals(new int[] {0, 2}, Masks.heads(shape, imp, 50).heads());
    assertArrayEquals(new int[] {1, 0, 2, 3}, HeadRanking.descending(new double[] {0, 1, 0, 0}));
  }

  @Test
  void combinedMasksUnionBothKindsEachFromItsOwnRanking() {
    ModelShape shape = new ModelShape(4, 2);
    double[][] imp = {{8, 7}, {6, 5}, {4, 3}, {2, 1}};
    int[] ffnRanking = {2, 0, 3, 1};
    UnitMask m = Masks.combined(shape, imp, 25, ffnRanking, 50);
    assertArrayEquals(new int[] {6, 7}, m.heads());
    assertArrayEquals(new int[] {0, 2}, m.ffns());
    Interventions iv = m.interventions();
    assertArrayEquals(new float[] {0, 1, 0, 1}, iv.ffnMask().orElseThrow());
    assertEquals(Masks.heads(shape, imp, 25).union(Masks.ffns(shape, ffnRanking, 50)), m);
  }

  @Test
  void thePapersGridHasEightHeadRowsAndSixFfnColumns() {
    List<GridCell> cells = CombinedGrid.PAPER.cells();
    assertEquals(48, cells.size());
    assertEquals(35, cells.stream().filter(c -> c.headPercent() > 0 && c.ffnPercent() > 0).count());
    assertEquals(new GridCell(0, 0), cells.get(0));
    assertEquals(new GridCell(0, 50), cells.get(5));
    assertEquals(new GridCell(70, 50), cells.get(47));
    assertEquals(List.of(0, 10, 20, 30, 40, 50, 60, 70, 80, 90), CombinedGrid.PAPER_PERCENTS);
    CombinedGrid custom = new CombinedGrid(List.of(0, 25), List.of(5));
    assertEquals(List.of(new GridCell(0, 5), new GridCell(25, 5)), custom.cells());
    assertEquals("heads 30% + ffns 10%", new GridCell(30, 10).label());
  }

  @Test
  void percentagesOutsideZeroToHundredOrFractionalAreRefused() {
    var high =
        assertThrows(IllegalArgumentException.class, () -> Masks.heads(OPT66B, ramp(OPT66B), 101));
    assertEquals(
        "head percentage 101 is outside [0, 100]; use a whole number 0..100", high.getMessage());
    var low =
        assertThrows(
            IllegalArgumentException.class,
            () -> Masks.ffns(OPT66B, IntStream.range(0, 64).toArray(), -10));
    assertEquals(
        "FFN percentage -10 is outside [0, 100]; use a whole number 0..100", low.getMessage());
    var frac = assertThrows(IllegalArgumentException.class, () -> Percentages.of(12.5));
    assertEquals(
        "pruning percentage 12.5 is not a whole number; masks are defined for integer percentages"
            + " 0..100",
        frac.getMessage());
    assertEquals(30, Percentages.of(30.0));
    assertEquals(30, Percentages.parse(" 30% "));
    assertThrows(IllegalArgumentException.class, () -> Percentages.parse("12.5"));
    var text = assertThrows(IllegalArgumentException.class, () -> Percentages.parse("most"));
    assertEquals(
        "pruning percentage 'most' is not a number; use a whole number 0..100", text.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Percentages.of(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new GridCell(0, 120));
    assertThrows(IllegalArgumentException.class, () -> new CombinedGrid(List.of(), List.of(0)));
    var repeat =
        assertThrows(
            IllegalArgumentException.class, () -> new CombinedGrid(List.of(10, 10), List.of(0)));
    assertEquals("head percentages repeat: [10, 10]", repeat.getMessage());
  }

  @Test
  void wrongShapesAndBrokenRankingsAreRefusedWithTheExpectedShape() {
    ModelShape shape = new ModelShape(2, 3);
    var layers =
        assertThrows(
            IllegalArgumentException.class, () -> Masks.heads(shape, new double[3][3], 10));
    assertEquals("head importance has 3 layers; expected shape [2][3]", layers.getMessage());
    var heads =
        assertThrows(
            IllegalArgumentException.class,
            () -> Masks.heads(shape, new double[][] {{1, 2, 3}, {1, 2}}, 10));
    assertEquals("head importance: layer 1 has 2 heads; expected shape [2][3]", heads.getMessage());
    var nan =
        assertThrows(
            IllegalArgumentException.class,
            () -> Masks.heads(shape, new double[][] {{1, 2, 3}, {1, 2, Double.NaN}}, 10));
    assertEquals("head importance: value at [1][2] is NaN, not finite", nan.getMessage());
    var length =
        assertThrows(IllegalArgumentException.class, () -> Masks.ffns(shape, new int[] {0}, 50));
    assertEquals("FFN ranking has 1 entries; the model has 2 layers", length.getMessage());
    var perm =
        assertThrows(IllegalArgumentException.class, () -> Masks.ffns(shape, new int[] {1, 1}, 50));
    assertEquals("FFN ranking must be a permutation of 0..1, got [1, 1]", perm.getMessage());
    var empty =
        assertThrows(IllegalArgumentException.class, () -> HeadRanking.ascending(new double[0][]));
    assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
    var unit =
        assertThrows(
            IllegalArgumentException.class, () -> new UnitMask(shape, new int[] {6}, new int[0]));
    assertEquals("head index 6 is outside [0, 5]", unit.getMessage());
  }

  @Test
  void aggregateImportanceIsThePlainMeanOverTasks() {
    double[][] a = {{1, 2}, {3, 4}};
    double[][] b = {{3, 0}, {5, 10}};
    double[][] c = {{2, 1}, {1, 1}};
    double[][] mean = AggregateImportance.mean(List.of(a, b, c));
    assertArrayEquals(new double[] {2, 1}, mean[0], 0);
    assertArrayEquals(new double[] {3, 5}, mean[1], 0);
    var empty =
        assertThrows(IllegalArgumentException.class, () -> AggregateImportance.mean(List.of()));
    assertEquals("aggregate importance needs at least one task", empty.getMessage());
    var shape =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AggregateImportance.mean(java.util.Map.of("copa", a, "rte", new double[][] {{1}})));
    assertTrue(shape.getMessage().contains("expected shape"), shape.getMessage());
  }

  @Test
  void crossTaskRankingsComeFromAnotherTaskOrTheAggregate() {
    java.util.Map<String, double[][]> byTask = new java.util.LinkedHashMap<>();
    byTask.put("copa", new double[][] {{1, 3}});
    byTask.put("record", new double[][] {{3, 1}});
    assertArrayEquals(new double[] {3, 1}, CrossTask.importanceOf("record", byTask)[0], 0);
    assertArrayEquals(new double[] {2, 2}, CrossTask.importanceOf("aggregate", byTask)[0], 0);
    var unknown =
        assertThrows(IllegalArgumentException.class, () -> CrossTask.importanceOf("wsc", byTask));
    assertEquals(
        "no head importance for ranking source 'wsc'; available: [copa, record] and 'aggregate'",
        unknown.getMessage());
    assertEquals(
        Optional.of(new CrossTask.Partners("rte", "openbookqa")),
        CrossTask.paperPartners("record", 0));
    assertEquals(
        Optional.of(new CrossTask.Partners("boolq", "record")),
        CrossTask.paperPartners("winogrande", 5));
    assertEquals(Optional.empty(), CrossTask.paperPartners("piqa", 0));
  }

  @Test
  void partnersAreTheMostAndLeastCorrelatedOtherTask() {
    var m =
        new org.opticl.schema.CorrelationMatrix(
            1,
            "head-importance/0-shot",
            "spearman",
            List.of("copa", "record", "rte", "aggregate"),
            new double[][] {
              {1, 0.13, 0.5, 0.9}, {0.13, 1, 0.4, 0.6}, {0.5, 0.4, 1, 0.7}, {0.9, 0.6, 0.7, 1}
            },
            new double[4][4]);
    assertEquals(new CrossTask.Partners("rte", "record"), CrossTask.partners(m, "copa"));
    assertEquals(new CrossTask.Partners("rte", "copa"), CrossTask.partners(m, "record"));
    var missing = assertThrows(IllegalArgumentException.class, () -> CrossTask.partners(m, "wic"));
    assertTrue(missing.getMessage().startsWith("task 'wic' is not in the correlation matrix"));
  }

  private static double[][] ramp(ModelShape s) {
    double[][] m = new double[s.layers()][s.heads()];
    for (int l = 0; l < s.layers(); l++) {
      for (int h = 0; h < s.heads(); h++) {
        m[l][h] = Math.sin(l * 131 + h * 7.0);
      }
    }
    return m;
  }

  @Test
  void masksAreEqualByContent() {
    ModelShape shape = new ModelShape(2, 2);
    assertEquals(
        UnitMask.of(shape, new int[] {3, 1, 3}, new int[] {1}),
        new UnitMask(shape, new int[] {1, 3}, new int[] {1}));
    assertEquals(UnitMask.none(shape), Masks.heads(shape, new double[][] {{1, 2}, {3, 4}}, 0));
    assertTrue(Arrays.equals(new int[] {1}, UnitMask.ffn(shape, 1).ffns()));
  }
}
