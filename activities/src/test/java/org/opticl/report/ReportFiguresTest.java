package org.opticl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.opticl.plots.Heatmap;
import org.opticl.plots.LineChart;
import org.opticl.report.ReportData.Cell;

class ReportFiguresTest {
  static final List<String> TASKS = List.of("piqa", "copa", "record");
  static final List<Integer> SHOTS = List.of(0, 1);

  static ReportData small() {
    return SyntheticReports.full("facebook/opt-125m", 4, 3, TASKS, SHOTS, 7);
  }

  static FigurePlan plan(List<FigurePlan> plans, String id) {
    return plans.stream()
        .filter(p -> p.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no figure " + id));
  }

  /** {@code d} with one cell replaced. */
  static ReportData withCell(ReportData d, String task, int shots, UnaryOperator<Cell> change) {
    List<Cell> cells = new ArrayList<>();
    for (Cell c : d.cells()) {
      cells.add(c.task().equals(task) && c.shots() == shots ? change.apply(c) : c);
    }
    return new ReportData(
        d.runId(),
        d.model(),
        d.spec(),
        d.timings(),
        d.cache(),
        d.expected(),
        cells,
        d.aggregateImportance(),
        d.crossTask(),
        d.spearman(),
        d.crossShot(),
        d.induction(),
        d.capacity(),
        d.artifacts());
  }

  static Cell withHeadPruning(Cell c, Map<Integer, Double> head) {
    return new Cell(
        c.task(),
        c.shots(),
        c.metric(),
        c.baseline(),
        c.headImportance(),
        c.ffnImportance(),
        head,
        c.ffnPruning(),
        c.combined());
  }

  @Test
  void everyFigureTypeIsDrawnFromCompleteData() {
    List<FigurePlan> plans = ReportFigures.plan(small(), ReportOptions.defaults());
    List<String> notDrawn =
        plans.stream().filter(p -> p.missing().isPresent()).map(FigurePlan::id).toList();
    assertEquals(List.of(), notDrawn);
    for (String id :
        List.of(
            "head-importance-aggregate-0shot",
            "head-importance-copa-1shot",
            "ffn-importance-1shot",
            "pruning-heads-0shot",
            "pruning-ffns-1shot",
            "combined-mean-1shot",
            "combined-record-0shot",
            "spearman-1shot",
            "cross-task-piqa-0shot",
            "induction-prefix-matching-mean",
            "induction-copying-variance",
            "capacity-copying-aggregate",
            "capacity-prefix-matching-tasks-1shot")) {
      assertTrue(plan(plans, id).spec().isPresent(), id);
    }
    // 2 shots × (aggregate + 3 tasks) heatmaps, FFN, 2 pruning, combined mean + 3, Spearman,
    // cross-task; 4 induction maps; 2 + 2 × 2 capacity.
    assertEquals(2 * (4 + 1 + 2 + 4 + 1 + 1) + 4 + 6, plans.size());
  }

  @Test
  void missingPruningPercentagesAreNamedWithTheTask() {
    ReportData d =
        withCell(
            small(),
            "piqa",
            1,
            c -> {
              Map<Integer, Double> head = new TreeMap<>(c.headPruning());
              head.remove(30);
              head.remove(50);
              return withHeadPruning(c, head);
            });
    List<FigurePlan> plans = ReportFigures.plan(d, ReportOptions.defaults());
    assertEquals(
        Optional.of("Fig. 5 (1-shot): missing head-pruning results for piqa at 30%, 50%"),
        plan(plans, "pruning-heads-1shot").missing());
    assertTrue(plan(plans, "pruning-heads-0shot").spec().isPresent(), "other shots unaffected");
    // Row "heads 30%" of the combined grid comes from the same run.
    assertEquals(
        Optional.of(
            "Fig. 7 (piqa, 1-shot): missing combined-pruning results for heads 30% (head-pruning"
                + " run), heads 50% (head-pruning run)"),
        plan(plans, "combined-piqa-1shot").missing());
    // Cross-task "self" for piqa falls back to its head-pruning run, which lacks 30% and 50%.
    assertEquals(
        Optional.of(
            "Fig. 16 (piqa, 1-shot): missing cross-task pruning results for self ranking at 30%,"
                + " 50%"),
        plan(plans, "cross-task-piqa-1shot").missing());
  }

  @Test
  void aTaskWithoutResultsIsNamedInEveryFigureThatNeedsIt() {
    ReportData full = small();
    List<Cell> cells = full.cells().stream().filter(c -> !c.task().equals("copa")).toList();
    ReportData d =
        new ReportData(
            full.runId(),
            full.model(),
            full.spec(),
            full.timings(),
            full.cache(),
            full.expected(),
            cells,
            full.aggregateImportance(),
            full.crossTask(),
            full.spearman(),
            full.crossShot(),
            full.induction(),
            full.capacity(),
            full.artifacts());
    List<FigurePlan> plans = ReportFigures.plan(d, ReportOptions.defaults());
    assertEquals(
        Optional.of("Fig. 12 (copa, 0-shot): missing head importance for copa 0-shot"),
        plan(plans, "head-importance-copa-0shot").missing());
    assertEquals(
        Optional.of("Fig. 4 (0-shot): missing FFN knock-off results for copa"),
        plan(plans, "ffn-importance-0shot").missing());
    assertEquals(
        Optional.of("Fig. 6 (1-shot): missing FFN-pruning results for copa (no results)"),
        plan(plans, "pruning-ffns-1shot").missing());
    assertEquals(
        Optional.of(
            "Fig. 7 (0-shot): missing combined-pruning results for copa at every grid point (no"
                + " results for copa 0-shot)"),
        plan(plans, "combined-mean-0shot").missing());
  }

  @Test
  void missingWholeArtifactsAreNamed() {
    ReportData full = small();
    ReportData d =
        new ReportData(
            full.runId(),
            full.model(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            full.expected(),
            full.cells(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            Optional.empty(),
            List.of(),
            List.of());
    List<FigurePlan> plans = ReportFigures.plan(d, ReportOptions.defaults());
    assertEquals(
        Optional.of("Fig. 3 (aggregate, 1-shot): missing aggregate head importance for 1-shot"),
        plan(plans, "head-importance-aggregate-1shot").missing());
    assertEquals(
        Optional.of("Fig. 8a (0-shot): missing Spearman matrix for 0-shot"),
        plan(plans, "spearman-0shot").missing());
    assertEquals(
        Optional.of("Fig. 10 (prefix-matching mean): missing prefix matching scores (mean)"),
        plan(plans, "induction-prefix-matching-mean").missing());
    assertEquals(
        Optional.of(
            "Fig. 11 (copying): missing copying capacity curves (aggregate ranking) for 0-shot,"
                + " 1-shot"),
        plan(plans, "capacity-copying-aggregate").missing());
    assertEquals(
        Optional.of(
            "Fig. 18 (prefix-matching, 1-shot): missing prefix-matching capacity curves for piqa,"
                + " copa, record"),
        plan(plans, "capacity-prefix-matching-tasks-1shot").missing());
    assertTrue(
        plans.stream().noneMatch(p -> p.id().startsWith("cross-task")),
        "no cross-task runs, no cross-task figures");
  }

  @Test
  void minMaxIsTheDefaultColourScaling() {
    ReportData d = small();
    Heatmap h =
        (Heatmap)
            plan(ReportFigures.plan(d, ReportOptions.defaults()), "head-importance-aggregate-0shot")
                .spec()
                .orElseThrow();
    double[][] v = d.aggregateImportance().get(0).importance().values();
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (double[] row : v) {
      for (double x : row) {
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
    }
    assertEquals(min, h.range().lower());
    assertEquals(max, h.range().upper());
  }

  @Test
  void paperScalingUsesTheOriginalScriptsLimits() {
    ReportData d = small();
    List<FigurePlan> plans = ReportFigures.plan(d, new ReportOptions(ColourScaling.PAPER));
    assertEquals(0.004, heatmap(plans, "head-importance-aggregate-0shot").range().upper());
    assertEquals(0.002, heatmap(plans, "head-importance-aggregate-1shot").range().upper());
    double max = -Double.MAX_VALUE;
    for (double[] row : d.cell("copa", 1).orElseThrow().headImportance().orElseThrow().values()) {
      for (double x : row) {
        max = Math.max(max, x);
      }
    }
    assertEquals(max / 10, heatmap(plans, "head-importance-copa-1shot").range().upper());
    assertEquals(0.5, heatmap(plans, "spearman-0shot").range().upper());
  }

  private static Heatmap heatmap(List<FigurePlan> plans, String id) {
    return (Heatmap) plan(plans, id).spec().orElseThrow();
  }

  @Test
  void zeroPercentIsTheBaselineWhenTheCurveOmitsIt() {
    ReportData d = small();
    Cell c = d.cell("record", 0).orElseThrow();
    assertEquals(c.baseline(), c.headPruningAt(0));
    assertEquals(OptionalDouble.of(c.headPruning().get(10)), c.combinedAt(10, 0));
    assertEquals(OptionalDouble.of(c.ffnPruning().get(20)), c.combinedAt(0, 20));
    LineChart chart =
        (LineChart)
            plan(ReportFigures.plan(d, ReportOptions.defaults()), "pruning-heads-0shot")
                .spec()
                .orElseThrow();
    assertEquals(100 * c.baseline().getAsDouble(), chart.series().get(2).y()[0]);
  }

  @Test
  void capacityCurvesAreThinnedToAFewHundredPoints() {
    List<Double> xs = new ArrayList<>();
    for (int i = 0; i < 4608; i++) {
      xs.add(100.0 * i / 4608);
    }
    double[] thin = ReportFigures.thin(xs);
    assertTrue(thin.length <= ReportFigures.MAX_CURVE_POINTS + 1, thin.length + " points");
    assertEquals(0, thin[0]);
    assertEquals(xs.get(4607), thin[thin.length - 1]);
    assertEquals(12, ReportFigures.thin(xs.subList(0, 12)).length);
  }
}
