package org.opticl.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.opticl.plots.ColourRange;
import org.opticl.plots.FigureStyle;
import org.opticl.plots.Heatmap;
import org.opticl.plots.HeatmapAxis;
import org.opticl.plots.LineChart;
import org.opticl.plots.LineChart.AxisRange;
import org.opticl.plots.Series;
import org.opticl.plots.TaskStyle;
import org.opticl.report.ReportData.CapacityCurve;
import org.opticl.report.ReportData.Cell;
import org.opticl.report.ReportData.CrossTaskCurve;
import org.opticl.report.ReportData.InductionMeasure;
import org.opticl.report.ReportData.ShotImportance;
import org.opticl.report.ReportData.Spearman;

/**
 * Decides which of the paper's figures a run's data supports and builds them (paper-spec §6): one
 * {@link FigurePlan} per figure, in page order. A figure is drawn only when every input it needs is
 * present; a mean over tasks with one task short would be a different number than the paper's, so
 * instead the plan carries a message naming the figure and the missing artifact.
 */
public final class ReportFigures {
  /** Paper Fig. 3 colour limits (heatmap.py --aggregate), by shot count. */
  private static final Map<Integer, Double> PAPER_AGGREGATE_VMAX =
      Map.of(0, 0.004, 1, 0.002, 5, 0.0014);

  /** Paper Fig. 8 colour limit (spearman_rankings.py). */
  private static final double PAPER_SPEARMAN_VMAX = 0.5;

  /**
   * Capacity curves have one point per head (4608 for OPT-66B); at report size more than this many
   * points per line are indistinguishable, so lines (and their CSVs) keep every k-th point.
   */
  static final int MAX_CURVE_POINTS = 600;

  /** How many missing items a message lists before summarising the rest. */
  private static final int MAX_LISTED = 8;

  private static final Color[] SHOT_COLOURS = {
    new Color(0x1B9E77),
    new Color(0xD95F02),
    new Color(0x7570B3),
    new Color(0xE7298A),
    new Color(0x66A61E),
    new Color(0xE6AB02)
  };

  private final ReportData data;
  private final ReportOptions options;
  private final List<String> tasks;
  private final List<Integer> shots;
  private final String model;

  private ReportFigures(ReportData data, ReportOptions options) {
    this.data = data;
    this.options = options;
    this.tasks = tasks(data);
    this.shots = shots(data);
    this.model = data.model().map(ReportData.Model::id).orElse("model not recorded");
  }

  /** Every figure of the report, drawn or not, in page order. */
  public static List<FigurePlan> plan(ReportData data, ReportOptions options) {
    return new ReportFigures(data, options).all();
  }

  /** The tasks figures cover: the expected ones, or else those with results, in paper order. */
  static List<String> tasks(ReportData data) {
    if (!data.expected().tasks().isEmpty()) {
      return data.expected().tasks();
    }
    return TaskStyle.paperOrder(data.cells().stream().map(Cell::task).toList());
  }

  /** The shot counts figures cover: the expected ones, or else every one seen in the data. */
  static List<Integer> shots(ReportData data) {
    if (!data.expected().shots().isEmpty()) {
      return data.expected().shots();
    }
    Set<Integer> s = new TreeSet<>();
    data.cells().forEach(c -> s.add(c.shots()));
    data.aggregateImportance().forEach(a -> s.add(a.shots()));
    data.spearman().forEach(x -> s.add(x.shots()));
    data.crossTask().forEach(x -> s.add(x.shots()));
    data.capacity().forEach(x -> s.add(x.shots()));
    return List.copyOf(s);
  }

  private List<FigurePlan> all() {
    List<FigurePlan> out = new ArrayList<>();
    perShot(out, this::aggregateImportance);
    perShotAll(out, s -> tasks.stream().map(t -> taskImportance(t, s)).toList());
    perShot(out, this::ffnImportance);
    perShot(out, s -> pruning(s, false));
    perShot(out, s -> pruning(s, true));
    perShot(out, this::combinedMean);
    perShotAll(out, s -> tasks.stream().map(t -> combinedTask(t, s)).toList());
    perShot(out, this::spearman);
    perShotAll(out, s -> crossTaskTargets(s).stream().map(t -> crossTask(t, s)).toList());
    out.addAll(induction());
    for (InductionMeasure m : InductionMeasure.values()) {
      out.add(capacityAggregate(m));
    }
    for (InductionMeasure m : InductionMeasure.values()) {
      perShot(out, s -> capacityPerTask(m, s));
    }
    return out;
  }

  /** Appends one figure per shot count, in shot order. */
  private void perShot(List<FigurePlan> out, IntFunction<FigurePlan> figure) {
    for (int s : shots) {
      out.add(figure.apply(s));
    }
  }

  /** Appends the figures of each shot count, in shot order. */
  private void perShotAll(List<FigurePlan> out, IntFunction<List<FigurePlan>> figures) {
    for (int s : shots) {
      out.addAll(figures.apply(s));
    }
  }

  // ---------------------------------------------------------------- head importance (Figs 3,
  // 12–14)

  private FigurePlan aggregateImportance(int s) {
    String id = "head-importance-aggregate-" + s + "shot";
    String group = "Aggregate over tasks (paper Fig. 3)";
    String title = "Head importance, mean of " + tasks.size() + " tasks, " + s + "-shot";
    Optional<ShotImportance> a =
        data.aggregateImportance().stream().filter(x -> x.shots() == s).findFirst();
    String read =
        "Each cell is one attention head (x: head, y: layer; layer 1 is at the bottom). Colour is"
            + " the head's importance score averaged over the tasks (paper Eq. 10): brighter = more"
            + " important for in-context learning at "
            + s
            + "-shot.";
    if (a.isEmpty()) {
      return FigurePlan.missing(
          id,
          Section.HEAD_IMPORTANCE,
          group,
          "Fig. 3",
          title,
          read,
          "Fig. 3 (aggregate, "
              + s
              + "-shot): missing aggregate head importance for "
              + s
              + "-shot");
    }
    Matrix m = a.get().importance();
    ColourRange range = ColourRange.minMax(m.values());
    if (options.colourScaling() == ColourScaling.PAPER) {
      Double vmax = PAPER_AGGREGATE_VMAX.get(s);
      range =
          vmax == null
              ? ColourRange.of(
                  range.lower(), range.upper(), "min–max (paper fixes vmax for 0/1/5-shot only)")
              : ColourRange.of(range.lower(), vmax, "paper: vmax " + vmax);
    }
    return FigurePlan.ready(
        id,
        Section.HEAD_IMPORTANCE,
        group,
        "Fig. 3",
        title,
        read + " " + rangeNote(range),
        headHeatmap(title, List.of(model + " · " + rangeText(range)), m, range, "Importance"));
  }

  private FigurePlan taskImportance(String t, int s) {
    String id = "head-importance-" + t + "-" + s + "shot";
    String paper = byShot(s, "Fig. 12", "Fig. 13", "Fig. 14", "Figs 12–14");
    String group = "Per task, " + s + "-shot (paper " + paper + ")";
    String name = TaskStyle.displayName(t);
    String title = "Head importance, " + name + ", " + s + "-shot";
    String read =
        "Each cell is one attention head; brighter = more important for in-context learning on "
            + name
            + " at "
            + s
            + "-shot. Layer 1 is at the bottom.";
    Optional<Matrix> m = data.cell(t, s).flatMap(Cell::headImportance);
    if (m.isEmpty()) {
      return FigurePlan.missing(
          id,
          Section.HEAD_IMPORTANCE,
          group,
          paper,
          title,
          read,
          paper
              + " ("
              + t
              + ", "
              + s
              + "-shot): missing head importance for "
              + t
              + " "
              + s
              + "-shot");
    }
    ColourRange range = ColourRange.minMax(m.get().values());
    if (options.colourScaling() == ColourScaling.PAPER) {
      double vmax = range.upper() / 10;
      range =
          vmax > range.lower()
              ? ColourRange.of(range.lower(), vmax, "paper: vmax = max/10")
              : ColourRange.of(range.lower(), range.upper(), "min–max (max/10 is below the min)");
    }
    return FigurePlan.ready(
        id,
        Section.HEAD_IMPORTANCE,
        group,
        paper,
        title,
        read + " " + rangeNote(range),
        headHeatmap(
            title, List.of(model + " · " + rangeText(range)), m.get(), range, "Importance"));
  }

  private static Heatmap headHeatmap(
      String title, List<String> subtitles, Matrix m, ColourRange range, String valueLabel) {
    return new Heatmap(
        title,
        subtitles,
        HeatmapAxis.indexed("Head", "head"),
        HeatmapAxis.indexed("Layer", "layer"),
        valueLabel,
        "value",
        m.values(),
        range,
        Optional.empty(),
        FigureStyle.WIDTH,
        FigureStyle.HEIGHT);
  }

  // ---------------------------------------------------------------------- FFN importance (Fig. 4)

  private FigurePlan ffnImportance(int s) {
    String id = "ffn-importance-" + s + "shot";
    String group = "Per layer (paper Fig. 4)";
    String title = "FFN oracle importance, " + tasks.size() + " tasks, " + s + "-shot";
    String caption =
        "Accuracy of the full model minus accuracy with one layer's FFN removed, one layer at a"
            + " time (not cumulative), in percentage points. Above 0: that FFN helps the task; at or"
            + " below 0: the model does as well or better without it. Thin coloured lines are"
            + " tasks; the thick black line is their mean.";
    List<String> missing = new ArrayList<>();
    int layers = -1;
    for (String t : tasks) {
      List<Double> f = data.cell(t, s).map(Cell::ffnImportance).orElse(List.of());
      if (f.isEmpty()) {
        missing.add(t);
      } else {
        layers = f.size();
      }
    }
    if (tasks.isEmpty() || !missing.isEmpty()) {
      return FigurePlan.missing(
          id,
          Section.FFN_IMPORTANCE,
          group,
          "Fig. 4",
          title,
          caption,
          "Fig. 4 ("
              + s
              + "-shot): missing FFN knock-off results for "
              + (tasks.isEmpty() ? "every task" : list(missing)));
    }
    double[] x = new double[layers];
    for (int i = 0; i < layers; i++) {
      x[i] = i + 1;
    }
    List<Series> series = new ArrayList<>();
    double[] mean = new double[layers];
    for (String t : tasks) {
      List<Double> f = data.cell(t, s).orElseThrow().ffnImportance();
      if (f.size() != layers) {
        return FigurePlan.missing(
            id,
            Section.FFN_IMPORTANCE,
            group,
            "Fig. 4",
            title,
            caption,
            "Fig. 4 ("
                + s
                + "-shot): FFN knock-off results disagree on the number of layers ("
                + t
                + " has "
                + f.size()
                + ", others "
                + layers
                + ")");
      }
      double[] y = f.stream().mapToDouble(Double::doubleValue).toArray();
      for (int i = 0; i < layers; i++) {
        mean[i] += y[i] / tasks.size();
      }
      series.add(Series.taskLine(t, x, y));
    }
    series.add(Series.mean("Mean of " + tasks.size() + " tasks", x, mean));
    LineChart chart =
        new LineChart(
            title,
            List.of(model),
            "Layer (FFN removed)",
            "Accuracy difference (percentage points)",
            "layer",
            "accuracy_difference_pp",
            series,
            Optional.of(new AxisRange(0.5, layers + 0.5)),
            Optional.empty(),
            Optional.of((double) FigureStyle.tickStep(layers, 600)),
            List.of(0.0),
            FigureStyle.WIDTH,
            FigureStyle.HEIGHT);
    return FigurePlan.ready(id, Section.FFN_IMPORTANCE, group, "Fig. 4", title, caption, chart);
  }

  // ---------------------------------------------------------------- iterative pruning (Figs 5, 6)

  private FigurePlan pruning(int s, boolean ffn) {
    String kind = ffn ? "FFNs" : "heads";
    String paper = ffn ? "Fig. 6" : "Fig. 5";
    String id = "pruning-" + (ffn ? "ffns" : "heads") + "-" + s + "shot";
    String group = ffn ? "FFNs (paper Fig. 6)" : "Attention heads (paper Fig. 5)";
    String title = "Accuracy vs % " + kind + " pruned, " + tasks.size() + " tasks, " + s + "-shot";
    String caption =
        "Accuracy as the least important "
            + kind
            + " (by each task's own "
            + (ffn ? "FFN oracle" : "head-importance")
            + " ranking) are removed, "
            + "in steps of 10% of all "
            + kind
            + ". 0% is the unpruned model. Coloured lines are tasks; the thick black line is their"
            + " mean. A flat stretch means the removed "
            + kind
            + " were not needed.";
    List<Integer> percents = ffn ? data.expected().ffnPercents() : data.expected().headPercents();
    List<String> missing = new ArrayList<>();
    for (String t : tasks) {
      Optional<Cell> c = data.cell(t, s);
      List<Integer> absent =
          percents.stream()
              .filter(
                  p ->
                      c.map(x -> ffn ? x.ffnPruningAt(p) : x.headPruningAt(p))
                          .orElse(OptionalDouble.empty())
                          .isEmpty())
              .toList();
      if (absent.size() == percents.size()) {
        missing.add(t + " (no results)");
      } else if (!absent.isEmpty()) {
        missing.add(t + " at " + percents(absent));
      }
    }
    if (tasks.isEmpty() || percents.isEmpty() || !missing.isEmpty()) {
      return FigurePlan.missing(
          id,
          Section.PRUNING,
          group,
          paper,
          title,
          caption,
          paper
              + " ("
              + s
              + "-shot): missing "
              + (ffn ? "FFN" : "head")
              + "-pruning results for "
              + (tasks.isEmpty() ? "every task" : list(missing)));
    }
    double[] x = percents.stream().mapToDouble(Integer::doubleValue).toArray();
    double[] mean = new double[x.length];
    List<Series> series = new ArrayList<>();
    for (String t : tasks) {
      Cell c = data.cell(t, s).orElseThrow();
      double[] y = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        int p = percents.get(i);
        y[i] = 100 * (ffn ? c.ffnPruningAt(p) : c.headPruningAt(p)).getAsDouble();
        mean[i] += y[i] / tasks.size();
      }
      series.add(Series.task(t, x, y));
    }
    series.add(Series.mean("Mean of " + tasks.size() + " tasks", x, mean));
    LineChart chart =
        new LineChart(
            title,
            List.of(model),
            "% of " + kind + " pruned",
            "Accuracy (%)",
            "percent_" + (ffn ? "ffns" : "heads") + "_pruned",
            "accuracy_percent",
            series,
            Optional.of(new AxisRange(x[0] - 2, x[x.length - 1] + 2)),
            Optional.empty(),
            Optional.of(10.0),
            List.of(),
            FigureStyle.WIDTH,
            FigureStyle.HEIGHT);
    return FigurePlan.ready(
        id, Section.PRUNING, group, paper, title, caption + metricNote(s), chart);
  }

  // ------------------------------------------------------------------- combined pruning (Fig. 7)

  private FigurePlan combinedMean(int s) {
    String id = "combined-mean-" + s + "shot";
    String group = "Mean over tasks (paper Fig. 7)";
    String title = "Combined pruning, mean accuracy of " + tasks.size() + " tasks, " + s + "-shot";
    String caption =
        "Mean accuracy over tasks (%) with a share of heads (rows) and of FFNs (columns) pruned"
            + " together. Top left is the unpruned model; brighter = higher accuracy. Row 0 and"
            + " column 0 come from the single-type pruning runs.";
    List<String> missing = new ArrayList<>();
    for (String t : tasks) {
      List<String> absent = absentGrid(t, s);
      if (!absent.isEmpty()) {
        missing.add(t + " at " + list(absent));
      }
    }
    if (tasks.isEmpty() || gridEmpty() || !missing.isEmpty()) {
      return FigurePlan.missing(
          id,
          Section.COMBINED,
          group,
          "Fig. 7",
          title,
          caption,
          "Fig. 7 ("
              + s
              + "-shot): missing combined-pruning results for "
              + (tasks.isEmpty() ? "every task" : String.join("; ", missing)));
    }
    double[][] mean = new double[gridRows().size()][gridCols().size()];
    for (String t : tasks) {
      double[][] g = grid(data.cell(t, s).orElseThrow());
      for (int r = 0; r < mean.length; r++) {
        for (int c = 0; c < mean[r].length; c++) {
          mean[r][c] += g[r][c] / tasks.size();
        }
      }
    }
    return FigurePlan.ready(
        id,
        Section.COMBINED,
        group,
        "Fig. 7",
        title,
        caption,
        gridHeatmap(title, mean, "Mean accuracy (%)"));
  }

  private FigurePlan combinedTask(String t, int s) {
    String id = "combined-" + t + "-" + s + "shot";
    String group = "Per task, " + s + "-shot";
    String name = TaskStyle.displayName(t);
    String title = "Combined pruning, " + name + ", " + s + "-shot";
    String caption =
        "Accuracy on "
            + name
            + " (%) with heads (rows) and FFNs (columns) pruned together; brighter = higher.";
    List<String> absent = absentGrid(t, s);
    if (gridEmpty() || !absent.isEmpty()) {
      return FigurePlan.missing(
          id,
          Section.COMBINED,
          group,
          "Fig. 7",
          title,
          caption,
          "Fig. 7 ("
              + t
              + ", "
              + s
              + "-shot): missing combined-pruning results for "
              + list(absent));
    }
    return FigurePlan.ready(
        id,
        Section.COMBINED,
        group,
        "Fig. 7",
        title,
        caption + metricNote(s),
        gridHeatmap(title, grid(data.cell(t, s).orElseThrow()), "Accuracy (%)"));
  }

  private List<Integer> gridRows() {
    return data.expected().gridHeadPercents();
  }

  private List<Integer> gridCols() {
    return data.expected().gridFfnPercents();
  }

  private boolean gridEmpty() {
    return gridRows().isEmpty() || gridCols().isEmpty();
  }

  /**
   * Grid points without a value. Row 0 and column 0 come from other runs (spec §3.3), so their
   * message names those runs: a reader then knows which artifact to look for.
   */
  private List<String> absentGrid(String t, int s) {
    Optional<Cell> cell = data.cell(t, s);
    if (cell.isEmpty()) {
      return List.of("every grid point (no results for " + t + " " + s + "-shot)");
    }
    List<String> absent = new ArrayList<>();
    for (int h : gridRows()) {
      for (int f : gridCols()) {
        if (cell.get().combinedAt(h, f).isPresent()) {
          continue;
        }
        if (h == 0 && f == 0) {
          absent.add("the unpruned baseline");
        } else if (f == 0) {
          absent.add("heads " + h + "% (head-pruning run)");
        } else if (h == 0) {
          absent.add("FFNs " + f + "% (FFN-pruning run)");
        } else {
          absent.add("heads " + h + "% × FFNs " + f + "%");
        }
      }
    }
    if (absent.size() == gridRows().size() * gridCols().size()) {
      return List.of("every grid point");
    }
    return absent;
  }

  private double[][] grid(Cell c) {
    double[][] g = new double[gridRows().size()][gridCols().size()];
    for (int r = 0; r < g.length; r++) {
      for (int k = 0; k < g[r].length; k++) {
        g[r][k] = 100 * c.combinedAt(gridRows().get(r), gridCols().get(k)).getAsDouble();
      }
    }
    return g;
  }

  private Heatmap gridHeatmap(String title, double[][] values, String valueLabel) {
    return new Heatmap(
        title,
        List.of(model),
        HeatmapAxis.labelled("% of FFNs pruned", "percent_ffns_pruned", percentLabels(gridCols())),
        HeatmapAxis.labelled(
            "% of heads pruned", "percent_heads_pruned", percentLabels(gridRows())),
        valueLabel,
        "accuracy_percent",
        values,
        ColourRange.minMax(values),
        Optional.of("%.1f"),
        FigureStyle.WIDTH,
        FigureStyle.HEIGHT);
  }

  private static List<String> percentLabels(List<Integer> percents) {
    return percents.stream().map(p -> p + "%").toList();
  }

  // ------------------------------------------------------------------ Spearman (Figs 8, 15)

  private FigurePlan spearman(int s) {
    String id = "spearman-" + s + "shot";
    String paper = byShot(s, "Fig. 8a", "Fig. 8b", "Fig. 15", "Figs 8, 15");
    String group = "Between tasks (paper Figs 8, 15)";
    String title = "Spearman correlation of head importance between tasks, " + s + "-shot";
    Optional<Spearman> sp = data.spearman().stream().filter(x -> x.shots() == s).findFirst();
    String caption =
        "Each cell is the Spearman rank correlation between two tasks' head-importance rankings;"
            + " 1 on the diagonal, brighter = the tasks rely on more similar heads.";
    if (sp.isEmpty()) {
      return FigurePlan.missing(
          id,
          Section.SIMILARITY,
          group,
          paper,
          title,
          caption,
          paper + " (" + s + "-shot): missing Spearman matrix for " + s + "-shot");
    }
    Spearman m = sp.get();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int r = 0; r < m.rho().rows(); r++) {
      for (int c = 0; c < m.rho().columns(); c++) {
        double v = m.rho().get(r, c);
        if (r != c && Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (lo == Double.POSITIVE_INFINITY) {
      lo = 0;
      hi = 1;
    }
    // The diagonal (1) is left out of the range: it would compress every off-diagonal colour.
    ColourRange range =
        options.colourScaling() == ColourScaling.PAPER
            ? ColourRange.of(
                Math.min(lo, PAPER_SPEARMAN_VMAX - 1e-9), PAPER_SPEARMAN_VMAX, "paper: vmax 0.5")
            : ColourRange.of(lo, hi, "min–max off the diagonal");
    List<String> labels = m.labels().stream().map(ReportFigures::label).toList();
    String method =
        m.method().equals("argsort")
            ? "argsort form, as the original script (reproduces the paper's numbers)"
            : m.method().equals("values") ? "Spearman of the importance values" : m.method();
    Heatmap chart =
        new Heatmap(
            title,
            List.of(model + " · method: " + m.method() + " · " + rangeText(range)),
            HeatmapAxis.labelled("Task", "task_b", labels),
            HeatmapAxis.labelled("Task", "task_a", labels),
            "Spearman ρ",
            "rho",
            m.rho().values(),
            range,
            Optional.of("%.2f"),
            FigureStyle.WIDTH,
            Math.max(FigureStyle.HEIGHT, 260 + 42 * labels.size()));
    return FigurePlan.ready(
        id,
        Section.SIMILARITY,
        group,
        paper,
        title,
        caption
            + " Method: "
            + method
            + "."
            + (m.pValues().isPresent() ? " p-values are in the linked artifacts." : "")
            + " "
            + rangeNote(range),
        chart);
  }

  private static String label(String name) {
    return name.equals(CrossTaskCurve.AGGREGATE) ? "Aggregate" : TaskStyle.displayName(name);
  }

  // ----------------------------------------------------------- cross-task (Figs 9, 16, 17)

  private List<String> crossTaskTargets(int s) {
    Set<String> targets = new LinkedHashSet<>();
    data.crossTask().stream().filter(c -> c.shots() == s).forEach(c -> targets.add(c.target()));
    return TaskStyle.paperOrder(targets);
  }

  private FigurePlan crossTask(String target, int s) {
    String id = "cross-task-" + target + "-" + s + "shot";
    String paper = byShot(s, "Fig. 9", "Fig. 16", "Fig. 17", "Figs 9, 16, 17");
    String group = s + "-shot (paper " + paper + ")";
    String name = TaskStyle.displayName(target);
    String title = "Cross-task pruning, " + name + ", " + s + "-shot";
    String caption =
        "Accuracy on "
            + name
            + " as heads are pruned in the order of different importance rankings: its own"
            + " (self, solid), another task's (dashed, ρ = that task's Spearman correlation with "
            + name
            + ") and the aggregate over tasks (black, dashed). Lines that stay together mean the"
            + " important heads are shared.";
    List<Integer> percents = data.expected().crossTaskPercents();
    List<CrossTaskCurve> curves =
        data.crossTask().stream().filter(c -> c.target().equals(target) && c.shots() == s).toList();
    Optional<Cell> cell = data.cell(target, s);
    // Self: an explicit curve, else the task's own head-pruning run (the same masks).
    Optional<Map<Integer, Double>> self =
        curves.stream()
            .filter(c -> c.rankingSource().equals(CrossTaskCurve.SELF))
            .findFirst()
            .map(CrossTaskCurve::points)
            .or(() -> cell.map(Cell::headPruning).filter(m -> !m.isEmpty()));
    List<String> missing = new ArrayList<>();
    List<Integer> selfAbsent =
        percents.stream().filter(p -> self.isEmpty() || !self.get().containsKey(p)).toList();
    if (!selfAbsent.isEmpty()) {
      missing.add("self ranking at " + percents(selfAbsent));
    }
    List<CrossTaskCurve> others =
        curves.stream()
            .filter(c -> !c.rankingSource().equals(CrossTaskCurve.SELF))
            .sorted(
                (a, b) ->
                    Boolean.compare(
                        a.rankingSource().equals(CrossTaskCurve.AGGREGATE),
                        b.rankingSource().equals(CrossTaskCurve.AGGREGATE)))
            .toList();
    for (CrossTaskCurve c : others) {
      List<Integer> absent = percents.stream().filter(p -> !c.points().containsKey(p)).toList();
      if (!absent.isEmpty()) {
        missing.add(c.rankingSource() + " ranking at " + percents(absent));
      }
    }
    if (percents.isEmpty() || !missing.isEmpty()) {
      return FigurePlan.missing(
          id,
          Section.CROSS_TASK,
          group,
          paper,
          title,
          caption,
          paper
              + " ("
              + target
              + ", "
              + s
              + "-shot): missing cross-task pruning results for "
              + String.join("; ", missing));
    }
    // The unpruned model is the common start of every line, when the run has it.
    OptionalDouble base = cell.map(c -> c.headPruningAt(0)).orElse(OptionalDouble.empty());
    List<Integer> xs = new ArrayList<>(percents);
    if (base.isPresent() && !xs.contains(0)) {
      xs.add(0, 0);
    }
    double[] x = xs.stream().mapToDouble(Integer::doubleValue).toArray();
    List<Series> series = new ArrayList<>();
    TaskStyle targetStyle = TaskStyle.of(target);
    series.add(
        new Series(
            CrossTaskCurve.SELF,
            "Self (" + name + ")",
            x,
            ys(xs, self.get(), base),
            targetStyle.colour(),
            Optional.of(targetStyle.marker()),
            2.4f,
            false));
    for (CrossTaskCurve c : others) {
      double[] y = ys(xs, c.points(), base);
      if (c.rankingSource().equals(CrossTaskCurve.AGGREGATE)) {
        series.add(
            new Series(
                c.rankingSource(),
                "Aggregate ranking",
                x,
                y,
                Color.BLACK,
                Optional.of(TaskStyle.of("aggregate").marker()),
                2.4f,
                true));
      } else {
        TaskStyle st = TaskStyle.of(c.rankingSource());
        String legend =
            st.displayName()
                + " ranking"
                + rho(s, target, c.rankingSource())
                    .map(r -> String.format(Locale.ROOT, " (ρ = %.2f)", r))
                    .orElse("");
        series.add(
            new Series(
                c.rankingSource(), legend, x, y, st.colour(), Optional.of(st.marker()), 2f, true));
      }
    }
    LineChart chart =
        new LineChart(
            title,
            List.of(model),
            "% of heads pruned",
            "Accuracy (%)",
            "percent_heads_pruned",
            "accuracy_percent",
            series,
            Optional.of(new AxisRange(x[0] - 2, x[x.length - 1] + 2)),
            Optional.empty(),
            Optional.of(10.0),
            List.of(),
            FigureStyle.WIDTH,
            FigureStyle.HEIGHT);
    return FigurePlan.ready(
        id, Section.CROSS_TASK, group, paper, title, caption + metricNote(s), chart);
  }

  private static double[] ys(List<Integer> xs, Map<Integer, Double> points, OptionalDouble base) {
    double[] y = new double[xs.size()];
    for (int i = 0; i < y.length; i++) {
      Double v = points.get(xs.get(i));
      y[i] = 100 * (v != null ? v : base.getAsDouble());
    }
    return y;
  }

  private Optional<Double> rho(int s, String a, String b) {
    return data.spearman().stream()
        .filter(x -> x.shots() == s)
        .findFirst()
        .flatMap(
            m -> {
              int i = m.labels().indexOf(a);
              int j = m.labels().indexOf(b);
              return i < 0 || j < 0 ? Optional.empty() : Optional.of(m.rho().get(i, j));
            });
  }

  // ------------------------------------------------------------------- induction (Fig. 10)

  private List<FigurePlan> induction() {
    Optional<ReportData.Induction> ind = data.induction();
    List<FigurePlan> out = new ArrayList<>();
    out.add(
        inductionMap(
            InductionMeasure.PREFIX_MATCHING,
            false,
            ind.flatMap(ReportData.Induction::prefixMean)));
    out.add(
        inductionMap(
            InductionMeasure.COPYING, false, ind.flatMap(ReportData.Induction::copyingMean)));
    out.add(
        inductionMap(
            InductionMeasure.PREFIX_MATCHING,
            true,
            ind.flatMap(ReportData.Induction::prefixVariance)));
    out.add(
        inductionMap(
            InductionMeasure.COPYING, true, ind.flatMap(ReportData.Induction::copyingVariance)));
    return out;
  }

  private FigurePlan inductionMap(InductionMeasure m, boolean variance, Optional<Matrix> values) {
    String stat = variance ? "variance" : "mean";
    String id = "induction-" + m.id() + "-" + stat;
    String group = variance ? "Variance over sequences" : "Mean over sequences (paper Fig. 10)";
    String title = m.display() + " score, " + stat + " over random sequences";
    String what =
        m == InductionMeasure.PREFIX_MATCHING
            ? "how much attention a head pays to the token that followed an earlier occurrence of"
                + " the current token, on repeated random sequences"
            : "how much a head's output raises the logit of the token it attends to, on random"
                + " sequences";
    String caption =
        variance
            ? "Each cell is one head's "
                + m.display().toLowerCase(Locale.ROOT)
                + " score variance across the random sequences: dark = the head behaves the same"
                + " on every sequence. Layer 1 is at the bottom."
            : "Each cell is one head's "
                + m.display().toLowerCase(Locale.ROOT)
                + " score: "
                + what
                + ". Brighter = stronger; heads bright in both maps are candidate induction heads."
                + " Layer 1 is at the bottom.";
    if (values.isEmpty()) {
      return FigurePlan.missing(
          id,
          Section.INDUCTION,
          group,
          "Fig. 10",
          title,
          caption,
          "Fig. 10 ("
              + m.id()
              + " "
              + stat
              + "): missing "
              + m.display().toLowerCase(Locale.ROOT)
              + " scores ("
              + stat
              + ")");
    }
    ColourRange range = ColourRange.minMax(values.get().values());
    return FigurePlan.ready(
        id,
        Section.INDUCTION,
        group,
        "Fig. 10",
        title,
        caption + " " + rangeNote(range),
        headHeatmap(
            title,
            List.of(model + " · " + rangeText(range)),
            values.get(),
            range,
            m.display() + " score" + (variance ? " variance" : "")));
  }

  // ------------------------------------------------------------ capacity (Figs 11, 18, 19)

  private FigurePlan capacityAggregate(InductionMeasure m) {
    String id = "capacity-" + m.id() + "-aggregate";
    String group = "Aggregate ranking (paper Fig. 11)";
    String title = m.display() + " capacity retained, aggregate ranking, by shots";
    String caption =
        "Share of the heads' total "
            + m.display().toLowerCase(Locale.ROOT)
            + " score that remains when the least important x% of heads (by the aggregate"
            + " importance at that shot count) are removed. A curve that stays high means the"
            + " pruned heads carried little of this capacity. Lines with more than "
            + MAX_CURVE_POINTS
            + " points are drawn (and listed in the CSV) at every k-th head; the full curves are"
            + " in the artifacts.";
    List<Integer> absent = new ArrayList<>();
    List<Series> series = new ArrayList<>();
    int k = 0;
    for (int s : shots) {
      Optional<CapacityCurve> c =
          data.capacity().stream()
              .filter(
                  x ->
                      x.measure() == m
                          && x.shots() == s
                          && x.ranking().equals(CrossTaskCurve.AGGREGATE))
              .findFirst();
      if (c.isEmpty()) {
        absent.add(s);
        continue;
      }
      Color colour = SHOT_COLOURS[k++ % SHOT_COLOURS.length];
      series.add(
          new Series(
              s + "-shot",
              s + "-shot",
              thin(c.get().percentPruned()),
              thin(c.get().retained()),
              colour,
              Optional.empty(),
              2.4f,
              false));
    }
    if (shots.isEmpty() || !absent.isEmpty()) {
      return FigurePlan.missing(
          id,
          Section.CAPACITY,
          group,
          "Fig. 11",
          title,
          caption,
          "Fig. 11 ("
              + m.id()
              + "): missing "
              + m.id()
              + " capacity curves (aggregate ranking) for "
              + (shots.isEmpty()
                  ? "every shot count"
                  : String.join(", ", absent.stream().map(s -> s + "-shot").toList())));
    }
    return FigurePlan.ready(
        id, Section.CAPACITY, group, "Fig. 11", title, caption, capacityChart(title, series, m));
  }

  private FigurePlan capacityPerTask(InductionMeasure m, int s) {
    String id = "capacity-" + m.id() + "-tasks-" + s + "shot";
    String paper = m == InductionMeasure.PREFIX_MATCHING ? "Fig. 18" : "Fig. 19";
    String group = "Per-task rankings (paper Figs 18, 19)";
    String title = m.display() + " capacity retained, per-task rankings, " + s + "-shot";
    String caption =
        "As above, but each line prunes heads in the order of one task's own "
            + s
            + "-shot importance ranking; a steeper early slope means that task's least important"
            + " heads carry more "
            + m.display().toLowerCase(Locale.ROOT)
            + " capacity.";
    List<String> absent = new ArrayList<>();
    List<Series> series = new ArrayList<>();
    for (String t : tasks) {
      Optional<CapacityCurve> c =
          data.capacity().stream()
              .filter(x -> x.measure() == m && x.shots() == s && x.ranking().equals(t))
              .findFirst();
      if (c.isEmpty()) {
        absent.add(t);
        continue;
      }
      TaskStyle st = TaskStyle.of(t);
      series.add(
          new Series(
              t,
              st.displayName(),
              thin(c.get().percentPruned()),
              thin(c.get().retained()),
              st.colour(),
              Optional.empty(),
              2f,
              false));
    }
    if (tasks.isEmpty() || !absent.isEmpty()) {
      return FigurePlan.missing(
          id,
          Section.CAPACITY,
          group,
          paper,
          title,
          caption,
          paper
              + " ("
              + m.id()
              + ", "
              + s
              + "-shot): missing "
              + m.id()
              + " capacity curves for "
              + (tasks.isEmpty() ? "every task" : list(absent)));
    }
    return FigurePlan.ready(
        id, Section.CAPACITY, group, paper, title, caption, capacityChart(title, series, m));
  }

  private LineChart capacityChart(String title, List<Series> series, InductionMeasure m) {
    return new LineChart(
        title,
        List.of(model),
        "% of heads pruned",
        "% of total " + m.display().toLowerCase(Locale.ROOT) + " score retained",
        "percent_heads_pruned",
        "percent_retained",
        series,
        Optional.of(new AxisRange(0, 100)),
        Optional.of(new AxisRange(0, 102)),
        Optional.of(10.0),
        List.of(),
        FigureStyle.WIDTH,
        FigureStyle.HEIGHT);
  }

  // ------------------------------------------------------------------------------ helpers

  /** Every k-th value and the last, at most about {@link #MAX_CURVE_POINTS}. */
  static double[] thin(List<Double> values) {
    int n = values.size();
    int step = (n + MAX_CURVE_POINTS - 1) / MAX_CURVE_POINTS;
    List<Double> kept = new ArrayList<>();
    for (int i = 0; i < n; i += step) {
      kept.add(values.get(i));
    }
    if ((n - 1) % step != 0) {
      kept.add(values.get(n - 1));
    }
    return kept.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static String byShot(int s, String zero, String one, String five, String other) {
    return switch (s) {
      case 0 -> zero;
      case 1 -> one;
      case 5 -> five;
      default -> other;
    };
  }

  /** Names the metric where it is not plain accuracy (ReCoRD: EM, MultiRC: acc_all). */
  private String metricNote(int s) {
    List<String> notes =
        Stream.concat(tasks.stream(), data.crossTask().stream().map(CrossTaskCurve::target))
            .distinct()
            .flatMap(t -> data.cell(t, s).stream())
            .filter(c -> !c.metric().equals("acc"))
            .map(c -> TaskStyle.displayName(c.task()) + " uses " + c.metric())
            .toList();
    return notes.isEmpty()
        ? ""
        : " Accuracy here means the task's metric: " + String.join(", ", notes) + ".";
  }

  private static String percents(List<Integer> ps) {
    return list(ps.stream().map(p -> p + "%").toList());
  }

  /** A comma-separated list, cut after {@link #MAX_LISTED} items so messages stay readable. */
  private static String list(List<String> items) {
    if (items.size() <= MAX_LISTED) {
      return String.join(", ", items);
    }
    return String.join(", ", items.subList(0, MAX_LISTED))
        + " and "
        + (items.size() - MAX_LISTED)
        + " more";
  }

  private static String rangeText(ColourRange r) {
    return String.format(
        Locale.ROOT, "colour: %s [%.3g, %.3g]", r.description(), r.lower(), r.upper());
  }

  private static String rangeNote(ColourRange r) {
    return String.format(
        Locale.ROOT,
        "Colour scale: %s, from %.3g (darkest) to %.3g (brightest); values beyond are drawn at"
            + " the nearest end.",
        r.description(),
        r.lower(),
        r.upper());
  }
}
