package org.opticl.report;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything one run produced that its report shows, as plain values. The pipeline fills this from
 * stored artifacts; every part is optional (empty Optionals and lists) because a report is most
 * useful exactly when a run is partial: it shows what exists and names what is missing. Metrics are
 * fractions (0.71 = 71% accuracy) as the harness reports them; FFN importance is already an
 * accuracy difference in percentage points, as the paper plots it.
 *
 * @param runId the run's id
 * @param model the model, when known; its shape checks every matrix in the report
 * @param spec the run spec text as given (YAML or JSON), shown verbatim
 * @param timings when the run started and ended and how long each stage took
 * @param cache per stage, how many units were computed and how many came from the cache
 * @param expected what a complete run has (tasks, shots, pruning percentages): the yardstick for
 *     "missing"
 * @param cells per (task, shots): baseline, head and FFN importance, pruning curves and grid
 * @param aggregateImportance per shots: head importance averaged over tasks (paper Eq. 10)
 * @param crossTask accuracy of a task pruned with another ranking (paper §6.1.2)
 * @param spearman per shots: rank correlations of head importance between tasks (paper Fig. 8)
 * @param crossShot paper Table 1 rows
 * @param induction prefix-matching and copying scores (paper Fig. 10)
 * @param capacity capacity-retained curves (paper Figs 11, 18, 19)
 * @param artifacts files the caller copied into the report folder, linked from the page
 */
public record ReportData(
    String runId,
    Optional<Model> model,
    Optional<String> spec,
    Optional<Timings> timings,
    List<StageCache> cache,
    Expected expected,
    List<Cell> cells,
    List<ShotImportance> aggregateImportance,
    List<CrossTaskCurve> crossTask,
    List<Spearman> spearman,
    List<CrossShotRow> crossShot,
    Optional<Induction> induction,
    List<CapacityCurve> capacity,
    List<ArtifactLink> artifacts) {

  public ReportData {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(timings, "timings");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(induction, "induction");
    cache = List.copyOf(cache);
    cells = List.copyOf(cells);
    aggregateImportance = List.copyOf(aggregateImportance);
    crossTask = List.copyOf(crossTask);
    spearman = List.copyOf(spearman);
    crossShot = List.copyOf(crossShot);
    capacity = List.copyOf(capacity);
    artifacts = List.copyOf(artifacts);
    unique(cells.stream().map(c -> c.task() + " " + c.shots() + "-shot").toList(), "cell");
    unique(
        aggregateImportance.stream().map(a -> a.shots() + "-shot").toList(),
        "aggregate importance");
    unique(spearman.stream().map(s -> s.shots() + "-shot").toList(), "Spearman matrix");
    unique(
        crossTask.stream()
            .map(c -> c.target() + " " + c.shots() + "-shot ranked by " + c.rankingSource())
            .toList(),
        "cross-task curve");
    unique(
        capacity.stream()
            .map(c -> c.measure() + " " + c.shots() + "-shot ranked by " + c.ranking())
            .toList(),
        "capacity curve");
    unique(artifacts.stream().map(ArtifactLink::name).toList(), "artifact");
    if (model.isPresent()) {
      checkShapes(model.get(), cells, aggregateImportance, induction);
    }
  }

  private static void unique(List<String> keys, String what) {
    Set<String> seen = new HashSet<>();
    for (String k : keys) {
      if (!seen.add(k)) {
        throw new IllegalArgumentException(what + " '" + k + "' appears twice");
      }
    }
  }

  /** Every [layers][heads] matrix and per-layer list must match the model, or figures would lie. */
  private static void checkShapes(
      Model m,
      List<Cell> cells,
      List<ShotImportance> aggregateImportance,
      Optional<Induction> induction) {
    for (Cell c : cells) {
      c.headImportance()
          .ifPresent(
              h ->
                  requireShape(h, m, "head importance of " + c.task() + " " + c.shots() + "-shot"));
      if (!c.ffnImportance().isEmpty() && c.ffnImportance().size() != m.layers()) {
        throw new IllegalArgumentException(
            "FFN importance of "
                + c.task()
                + " "
                + c.shots()
                + "-shot has "
                + c.ffnImportance().size()
                + " layers, model "
                + m.id()
                + " has "
                + m.layers());
      }
    }
    for (ShotImportance a : aggregateImportance) {
      requireShape(a.importance(), m, "aggregate importance " + a.shots() + "-shot");
    }
    induction.ifPresent(
        i -> {
          i.prefixMean().ifPresent(x -> requireShape(x, m, "prefix-matching mean"));
          i.prefixVariance().ifPresent(x -> requireShape(x, m, "prefix-matching variance"));
          i.copyingMean().ifPresent(x -> requireShape(x, m, "copying mean"));
          i.copyingVariance().ifPresent(x -> requireShape(x, m, "copying variance"));
        });
  }

  private static void requireShape(Matrix x, Model m, String what) {
    if (x.rows() != m.layers() || x.columns() != m.heads()) {
      throw new IllegalArgumentException(
          what
              + " is "
              + x.shape()
              + " but model "
              + m.id()
              + " has "
              + m.layers()
              + " layers × "
              + m.heads()
              + " heads");
    }
  }

  /** The cell for (task, shots), if the run has one. */
  public Optional<Cell> cell(String task, int shots) {
    return cells.stream().filter(c -> c.task().equals(task) && c.shots() == shots).findFirst();
  }

  public static Builder builder(String runId) {
    return new Builder(runId);
  }

  /**
   * The model a run measured.
   *
   * @param id e.g. {@code facebook/opt-66b}
   * @param weightsDigest digest of the weights files, e.g. {@code sha256:…}
   * @param dtype e.g. {@code float16}
   * @param layers number of decoder layers (64 for OPT-66B)
   * @param heads attention heads per layer (72 for OPT-66B)
   */
  public record Model(
      String id, Optional<String> weightsDigest, Optional<String> dtype, int layers, int heads) {
    public Model {
      Objects.requireNonNull(id, "model id");
      if (layers < 1 || heads < 1) {
        throw new IllegalArgumentException(
            "model " + id + " needs layers ≥ 1 and heads ≥ 1, got " + layers + " × " + heads);
      }
    }
  }

  /**
   * Wall-clock times of a run.
   *
   * @param start when the run started
   * @param end when it ended (empty while running)
   * @param stages per stage, in pipeline order, the time it took
   */
  public record Timings(Optional<Instant> start, Optional<Instant> end, List<StageTime> stages) {
    public Timings {
      stages = List.copyOf(stages);
    }
  }

  /** How long one stage took. */
  public record StageTime(String stage, Duration duration) {}

  /**
   * Cache statistics of one stage: what this run computed versus what it found already stored.
   *
   * @param stage stage name, e.g. {@code head-importance}
   * @param computed units computed by this run
   * @param cached units taken from the cache
   */
  public record StageCache(String stage, int computed, int cached) {
    public StageCache {
      if (computed < 0 || cached < 0) {
        throw new IllegalArgumentException(
            "stage " + stage + ": counts must be ≥ 0, got " + computed + " / " + cached);
      }
    }
  }

  /**
   * What a complete run contains, so that a report can say what is missing rather than silently
   * drawing less. Empty task or shot lists mean "whatever the data has".
   *
   * @param tasks the tasks the run was asked for
   * @param shots the shot counts the run was asked for
   * @param headPercents head-pruning percentages (0 = the baseline)
   * @param ffnPercents FFN-pruning percentages (0 = the baseline)
   * @param gridHeadPercents combined-pruning rows
   * @param gridFfnPercents combined-pruning columns
   * @param crossTaskPercents cross-task pruning percentages
   */
  public record Expected(
      List<String> tasks,
      List<Integer> shots,
      List<Integer> headPercents,
      List<Integer> ffnPercents,
      List<Integer> gridHeadPercents,
      List<Integer> gridFfnPercents,
      List<Integer> crossTaskPercents) {
    public Expected {
      tasks = List.copyOf(tasks);
      shots = List.copyOf(shots);
      headPercents = sorted(headPercents);
      ffnPercents = sorted(ffnPercents);
      gridHeadPercents = sorted(gridHeadPercents);
      gridFfnPercents = sorted(gridFfnPercents);
      crossTaskPercents = sorted(crossTaskPercents);
    }

    private static List<Integer> sorted(List<Integer> percents) {
      List<Integer> s = new ArrayList<>(new TreeSet<>(percents));
      for (int p : s) {
        if (p < 0 || p > 100) {
          throw new IllegalArgumentException("percentage " + p + " is outside 0..100");
        }
      }
      return List.copyOf(s);
    }

    /**
     * The paper's grid (spec §3): heads and FFNs 0–90% in steps of 10, combined heads 0–70% × FFNs
     * 0–50%, cross-task 10/30/50/70/90%; tasks and shots taken from the data.
     */
    public static Expected paper() {
      return new Expected(
          List.of(),
          List.of(),
          range(0, 90),
          range(0, 90),
          range(0, 70),
          range(0, 50),
          List.of(10, 30, 50, 70, 90));
    }

    /** {@link #paper()} with the run's tasks and shots. */
    public Expected withTasksAndShots(List<String> tasks, List<Integer> shots) {
      return new Expected(
          tasks,
          shots,
          headPercents,
          ffnPercents,
          gridHeadPercents,
          gridFfnPercents,
          crossTaskPercents);
    }

    private static List<Integer> range(int from, int to) {
      List<Integer> r = new ArrayList<>();
      for (int p = from; p <= to; p += 10) {
        r.add(p);
      }
      return r;
    }
  }

  /**
   * Results for one task at one shot count. Pruning curves map a percentage of heads (or FFNs)
   * pruned to the metric; 0% may be omitted when {@code baseline} is given (it is the same run).
   *
   * @param task harness task name
   * @param shots number of in-context examples
   * @param metric the metric's name, e.g. {@code acc}, {@code em} (ReCoRD), {@code acc_all}
   *     (MultiRC)
   * @param baseline the unpruned model's metric, a fraction
   * @param headImportance {@code [layers][heads]} importance scores
   * @param ffnImportance per layer (index 0 = layer 1): baseline minus metric with that FFN
   *     removed, in percentage points; empty when not measured
   * @param headPruning percentage of heads pruned → metric
   * @param ffnPruning percentage of FFNs pruned → metric
   * @param combined combined-pruning grid points
   */
  public record Cell(
      String task,
      int shots,
      String metric,
      OptionalDouble baseline,
      Optional<Matrix> headImportance,
      List<Double> ffnImportance,
      Map<Integer, Double> headPruning,
      Map<Integer, Double> ffnPruning,
      List<GridPoint> combined) {
    public Cell {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(metric, "metric");
      if (shots < 0) {
        throw new IllegalArgumentException(task + ": shots must be ≥ 0, got " + shots);
      }
      ffnImportance = List.copyOf(ffnImportance);
      headPruning = Collections.unmodifiableMap(new TreeMap<>(headPruning));
      ffnPruning = Collections.unmodifiableMap(new TreeMap<>(ffnPruning));
      combined = List.copyOf(combined);
      unique(
          combined.stream()
              .map(g -> "heads " + g.headPercent() + "% FFNs " + g.ffnPercent() + "%")
              .toList(),
          task + " " + shots + "-shot combined point");
    }

    public static CellBuilder builder(String task, int shots) {
      return new CellBuilder(task, shots);
    }

    /** Head-pruning metric at {@code percent}; 0% falls back to the baseline. */
    public OptionalDouble headPruningAt(int percent) {
      return at(headPruning, percent);
    }

    /** FFN-pruning metric at {@code percent}; 0% falls back to the baseline. */
    public OptionalDouble ffnPruningAt(int percent) {
      return at(ffnPruning, percent);
    }

    /**
     * Combined-pruning metric; row 0 and column 0 fall back to the single-type curves, as the
     * original plot script reuses those runs (spec §3.3).
     */
    public OptionalDouble combinedAt(int headPercent, int ffnPercent) {
      for (GridPoint g : combined) {
        if (g.headPercent() == headPercent && g.ffnPercent() == ffnPercent) {
          return OptionalDouble.of(g.metric());
        }
      }
      if (headPercent == 0) {
        return ffnPruningAt(ffnPercent);
      }
      if (ffnPercent == 0) {
        return headPruningAt(headPercent);
      }
      return OptionalDouble.empty();
    }

    private OptionalDouble at(Map<Integer, Double> curve, int percent) {
      Double v = curve.get(percent);
      if (v != null) {
        return OptionalDouble.of(v);
      }
      return percent == 0 ? baseline : OptionalDouble.empty();
    }
  }

  /** One point of a combined head × FFN pruning grid. */
  public record GridPoint(int headPercent, int ffnPercent, double metric) {}

  /** Head importance averaged over tasks at one shot count (paper Eq. 10). */
  public record ShotImportance(int shots, Matrix importance) {}

  /**
   * Accuracy of {@code target} when its heads are pruned in the order of another ranking.
   *
   * @param target the task evaluated
   * @param shots shot count
   * @param rankingSource a task name, {@value #AGGREGATE} or {@value #SELF}
   * @param points percentage of heads pruned → metric (a fraction)
   */
  public record CrossTaskCurve(
      String target, int shots, String rankingSource, Map<Integer, Double> points) {
    public static final String AGGREGATE = "aggregate";
    public static final String SELF = "self";

    public CrossTaskCurve {
      points = Collections.unmodifiableMap(new TreeMap<>(points));
    }
  }

  /**
   * Spearman correlations of head-importance rankings between tasks at one shot count.
   *
   * @param shots shot count
   * @param labels row and column labels: task names and possibly {@code aggregate}
   * @param rho {@code [n][n]} correlations
   * @param pValues {@code [n][n]} two-sided p-values, when computed
   * @param method {@code values} (Spearman of the importance scores) or {@code argsort} (the
   *     original script's form, spec §6)
   */
  public record Spearman(
      int shots, List<String> labels, Matrix rho, Optional<Matrix> pValues, String method) {
    public Spearman {
      labels = List.copyOf(labels);
      if (rho.rows() != labels.size() || rho.columns() != labels.size()) {
        throw new IllegalArgumentException(
            "Spearman matrix "
                + shots
                + "-shot is "
                + rho.shape()
                + " but has "
                + labels.size()
                + " labels "
                + labels);
      }
      pValues.ifPresent(
          p -> {
            if (!p.shape().equals(rho.shape())) {
              throw new IllegalArgumentException(
                  "Spearman p-values " + p.shape() + " do not match rho " + rho.shape());
            }
          });
    }
  }

  /**
   * One row of paper Table 1: Spearman correlation of a task's head importance between two shot
   * counts, mean and variance over tasks.
   */
  public record CrossShotRow(
      int fromShots, int toShots, double mean, double variance, OptionalDouble maxPValue) {}

  /**
   * Induction-head scores over random sequences (paper Fig. 10, spec §4), each {@code
   * [layers][heads]}.
   */
  public record Induction(
      Optional<Matrix> prefixMean,
      Optional<Matrix> prefixVariance,
      Optional<Matrix> copyingMean,
      Optional<Matrix> copyingVariance) {}

  /** Which induction score a capacity curve measures. */
  public enum InductionMeasure {
    PREFIX_MATCHING("prefix-matching", "Prefix matching"),
    COPYING("copying", "Copying");

    private final String id;
    private final String display;

    InductionMeasure(String id, String display) {
      this.id = id;
      this.display = display;
    }

    /** Path-safe name, e.g. {@code prefix-matching}. */
    public String id() {
      return id;
    }

    public String display() {
      return display;
    }
  }

  /**
   * Share of the total prefix-matching or copying score retained as heads are pruned in ranking
   * order (spec §4.4).
   *
   * @param measure which score
   * @param shots the shot count of the importance ranking
   * @param ranking {@value CrossTaskCurve#AGGREGATE} or a task name
   * @param percentPruned x: percentage of heads pruned
   * @param retained y: percentage of the total score retained
   */
  public record CapacityCurve(
      InductionMeasure measure,
      int shots,
      String ranking,
      List<Double> percentPruned,
      List<Double> retained) {
    public CapacityCurve {
      percentPruned = List.copyOf(percentPruned);
      retained = List.copyOf(retained);
      if (percentPruned.size() != retained.size() || percentPruned.isEmpty()) {
        throw new IllegalArgumentException(
            measure.id()
                + " capacity curve "
                + ranking
                + " "
                + shots
                + "-shot needs as many x as y values (≥ 1), got "
                + percentPruned.size()
                + " and "
                + retained.size());
      }
    }
  }

  /**
   * A file the caller copied into the report folder, linked from the page.
   *
   * @param name what it is, e.g. {@code head importance piqa 1-shot (.npy)}
   * @param path relative path inside the report folder, {@code /}-separated
   */
  public record ArtifactLink(String name, String path) {
    public ArtifactLink {
      Objects.requireNonNull(name, "artifact name");
      Objects.requireNonNull(path, "artifact path");
      Path p = Path.of(path).normalize();
      if (path.isBlank()
          || p.isAbsolute()
          || p.startsWith("..")
          || path.contains("\\")
          || path.contains(":")) {
        throw new IllegalArgumentException(
            "artifact '"
                + name
                + "' path must be relative inside the report folder (e.g. data/x.npy), got '"
                + path
                + "'");
      }
    }
  }

  /** Assembles a {@link ReportData} piece by piece; everything not set is empty. */
  public static final class Builder {
    private final String runId;
    private Optional<Model> model = Optional.empty();
    private Optional<String> spec = Optional.empty();
    private Optional<Timings> timings = Optional.empty();
    private final List<StageCache> cache = new ArrayList<>();
    private Expected expected = Expected.paper();
    private final List<Cell> cells = new ArrayList<>();
    private final List<ShotImportance> aggregate = new ArrayList<>();
    private final List<CrossTaskCurve> crossTask = new ArrayList<>();
    private final List<Spearman> spearman = new ArrayList<>();
    private final List<CrossShotRow> crossShot = new ArrayList<>();
    private Optional<Induction> induction = Optional.empty();
    private final List<CapacityCurve> capacity = new ArrayList<>();
    private final List<ArtifactLink> artifacts = new ArrayList<>();

    private Builder(String runId) {
      this.runId = runId;
    }

    public Builder model(Model m) {
      model = Optional.of(m);
      return this;
    }

    public Builder spec(String text) {
      spec = Optional.of(text);
      return this;
    }

    public Builder timings(Timings t) {
      timings = Optional.of(t);
      return this;
    }

    public Builder cache(StageCache c) {
      cache.add(c);
      return this;
    }

    public Builder expected(Expected e) {
      expected = e;
      return this;
    }

    public Builder cell(Cell c) {
      cells.add(c);
      return this;
    }

    public Builder aggregateImportance(int shots, Matrix importance) {
      aggregate.add(new ShotImportance(shots, importance));
      return this;
    }

    public Builder crossTask(CrossTaskCurve c) {
      crossTask.add(c);
      return this;
    }

    public Builder spearman(Spearman s) {
      spearman.add(s);
      return this;
    }

    public Builder crossShot(CrossShotRow r) {
      crossShot.add(r);
      return this;
    }

    public Builder induction(Induction i) {
      induction = Optional.of(i);
      return this;
    }

    public Builder capacity(CapacityCurve c) {
      capacity.add(c);
      return this;
    }

    public Builder artifact(String name, String path) {
      artifacts.add(new ArtifactLink(name, path));
      return this;
    }

    public ReportData build() {
      return new ReportData(
          runId, model, spec, timings, cache, expected, cells, aggregate, crossTask, spearman,
          crossShot, induction, capacity, artifacts);
    }
  }

  /** Assembles a {@link Cell}; everything not set is empty and the metric defaults to acc. */
  public static final class CellBuilder {
    private final String task;
    private final int shots;
    private String metric = "acc";
    private OptionalDouble baseline = OptionalDouble.empty();
    private Optional<Matrix> headImportance = Optional.empty();
    private List<Double> ffnImportance = List.of();
    private final Map<Integer, Double> headPruning = new TreeMap<>();
    private final Map<Integer, Double> ffnPruning = new TreeMap<>();
    private final List<GridPoint> combined = new ArrayList<>();

    private CellBuilder(String task, int shots) {
      this.task = task;
      this.shots = shots;
    }

    public CellBuilder metric(String m) {
      metric = m;
      return this;
    }

    public CellBuilder baseline(double fraction) {
      baseline = OptionalDouble.of(fraction);
      return this;
    }

    public CellBuilder headImportance(Matrix m) {
      headImportance = Optional.of(m);
      return this;
    }

    public CellBuilder ffnImportance(List<Double> percentPoints) {
      ffnImportance = percentPoints;
      return this;
    }

    public CellBuilder headPruning(int percent, double metricValue) {
      headPruning.put(percent, metricValue);
      return this;
    }

    public CellBuilder ffnPruning(int percent, double metricValue) {
      ffnPruning.put(percent, metricValue);
      return this;
    }

    public CellBuilder combined(int headPercent, int ffnPercent, double metricValue) {
      combined.add(new GridPoint(headPercent, ffnPercent, metricValue));
      return this;
    }

    public Cell build() {
      return new Cell(
          task,
          shots,
          metric,
          baseline,
          headImportance,
          ffnImportance,
          headPruning,
          ffnPruning,
          combined);
    }
  }
}
