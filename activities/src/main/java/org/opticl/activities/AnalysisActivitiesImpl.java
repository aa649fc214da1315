package org.opticl.activities;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.opticl.analysis.CapacityCurve;
import org.opticl.analysis.CapacityRetained;
import org.opticl.analysis.CorrelationInput;
import org.opticl.analysis.CrossShotInput;
import org.opticl.analysis.CrossShotTable;
import org.opticl.analysis.NamedImportance;
import org.opticl.analysis.SpearmanMatrix;
import org.opticl.analysis.SpearmanVariant;
import org.opticl.analysis.TaskShots;
import org.opticl.analysis.TopKOverlap;
import org.opticl.measure.Headline;
import org.opticl.measure.ffn.FfnKnockoff;
import org.opticl.measure.pruning.AggregateImportance;
import org.opticl.schema.ArtifactRef;
import org.opticl.schema.CorrelationMatrix;
import org.opticl.schema.EvalResult;
import org.opticl.schema.FfnImportance;
import org.opticl.schema.HeadImportance;
import org.opticl.schema.InductionScores;
import org.opticl.schema.Manifest;
import org.opticl.schema.TaskIdentity;
import org.opticl.schema.json.CanonicalJson;
import org.opticl.schema.key.KeyMaterial;
import org.opticl.store.ArtifactStore;
import org.opticl.store.StageOutputs;
import org.opticl.workflows.api.AggregateRequest;
import org.opticl.workflows.api.AnalysisActivities;
import org.opticl.workflows.api.CellResult;
import org.opticl.workflows.api.FfnImportanceRequest;
import org.opticl.workflows.api.ModelInfo;
import org.opticl.workflows.api.ModelRef;
import org.opticl.workflows.api.ReportOutcome;
import org.opticl.workflows.api.ReportRequest;
import org.opticl.workflows.api.StageOutcome;
import org.opticl.workflows.api.SummaryRequest;

/**
 * The CPU activities: describe the model, derive rankings and aggregates from stored results,
 * analyse across cells and write the report. Every one is a cached stage whose key is made of its
 * inputs' digests, so a re-run with unchanged inputs reads instead of recomputing.
 */
public final class AnalysisActivitiesImpl implements AnalysisActivities {
  /** The paper's top-k% overlap (§6.1.2 reports the top 30%). */
  private static final int OVERLAP_PERCENT = 30;

  private final ArtifactStore store;
  private final ModelCatalog models;
  private final ReportWriter reports;
  private final StageCache cache;

  public AnalysisActivitiesImpl(ArtifactStore store, ModelCatalog models, ReportWriter reports) {
    this(store, models, reports, CachePolicy.REUSE_ALL);
  }

  public AnalysisActivitiesImpl(
      ArtifactStore store, ModelCatalog models, ReportWriter reports, CachePolicy policy) {
    this.store = store;
    this.models = models;
    this.reports = reports;
    this.cache = new StageCache(store, policy, () -> List.of("cpu"));
  }

  @Override
  public ModelInfo describeModel(ModelRef ref) {
    try {
      ModelCatalog.Resolved m = models.resolve(ref);
      return new ModelInfo(
          ref.id(),
          m.identity().weightsDigest(),
          ref.dtype(),
          m.config().numLayers(),
          m.config().numHeads(),
          m.dir().toString());
    } catch (IllegalArgumentException e) {
      throw BadInput.of("model " + ref.id(), e);
    }
  }

  record FfnParams(int shots, String metric) {}

  @Override
  public StageOutcome ffnImportance(FfnImportanceRequest r) {
    Instant start = Instant.now();
    Map<String, String> inputs = new TreeMap<>();
    inputs.put("baseline", r.baseline().digest());
    for (int l = 0; l < r.knockoffs().size(); l++) {
      inputs.put(String.format("knockoff-%03d", l), r.knockoffs().get(l).digest());
    }
    EvalResult baseline = Masking.read(store, r.baseline(), EvalResult.class);
    String metric = Headline.metricOf(baseline.task().name());
    KeyMaterial key =
        KeyMaterial.of(
            Stages.FFN_IMPORTANCE,
            Stages.version(Stages.FFN_IMPORTANCE),
            new FfnParams(r.eval().shots(), metric),
            Optional.of(baseline.model()),
            Optional.of(baseline.task()),
            inputs);
    Optional<StageOutcome> hit = cache.cached(key, "ffn-importance.json");
    if (hit.isPresent()) {
      return hit.get();
    }
    double base = 100 * baseline.metrics().get(metric).value();
    double[] knocked = new double[r.knockoffs().size()];
    for (int l = 0; l < knocked.length; l++) {
      knocked[l] =
          100
              * Masking.read(store, r.knockoffs().get(l), EvalResult.class)
                  .metrics()
                  .get(metric)
                  .value();
    }
    double[] scores = FfnKnockoff.importance(base, knocked);
    FfnImportance artifact =
        FfnImportance.fromScores(
            baseline.model(), baseline.task(), r.eval().shots(), metric, base, scores);
    return cache.commit(
        key,
        new StageOutputs(store).record("ffn-importance", artifact),
        start,
        "ffn-importance.json");
  }

  record AggregateParams(int shots) {}

  @Override
  public StageOutcome aggregateImportance(AggregateRequest r) {
    Instant start = Instant.now();
    Map<String, String> inputs = new TreeMap<>();
    for (ArtifactRef ref : r.importances()) {
      inputs.put(ref.digest().substring(7, 23), ref.digest());
    }
    List<HeadImportance> each =
        r.importances().stream()
            .map(ref -> Masking.read(store, ref, HeadImportance.class))
            .toList();
    if (each.isEmpty()) {
      throw BadInput.of(
          "aggregate importance", new IllegalArgumentException("no task importances"));
    }
    KeyMaterial key =
        KeyMaterial.of(
            Stages.AGGREGATE_IMPORTANCE,
            Stages.version(Stages.AGGREGATE_IMPORTANCE),
            new AggregateParams(r.shots()),
            Optional.of(each.get(0).model()),
            Optional.empty(),
            inputs);
    Optional<StageOutcome> hit = cache.cached(key, "aggregate-importance.json");
    if (hit.isPresent()) {
      return hit.get();
    }
    double[][] mean = AggregateImportance.mean(each.stream().map(HeadImportance::values).toList());
    HeadImportance first = each.get(0);
    String tasks = String.join("+", each.stream().map(h -> h.task().name()).toList());
    HeadImportance agg =
        new HeadImportance(
            HeadImportance.SCHEMA_VERSION,
            first.model(),
            new TaskIdentity(
                "aggregate",
                org.opticl.schema.json.Digests.prefixed(
                    org.opticl.schema.json.Digests.sha256Hex(
                        CanonicalJson.bytes(Map.of("tasks", tasks, "inputs", inputs))))),
            r.shots(),
            first.variant(),
            mean,
            new HeadImportance.TokenCounts(
                each.stream().mapToLong(h -> h.tokens().total()).sum(),
                each.stream().mapToLong(h -> h.tokens().supervised()).sum()),
            each.stream().mapToInt(HeadImportance::docCount).sum());
    return cache.commit(
        key,
        new StageOutputs(store).record("aggregate-importance", agg),
        start,
        "aggregate-importance.json");
  }

  @Override
  public StageOutcome recordCell(CellResult cell) {
    Instant start = Instant.now();
    KeyMaterial key =
        KeyMaterial.of(
            Stages.CELL_RECORD,
            Stages.version(Stages.CELL_RECORD),
            Map.of("cell", cell.eval().cellName()),
            Optional.empty(),
            Optional.empty(),
            Map.of(
                "record",
                "sha256:" + org.opticl.schema.json.Digests.sha256Hex(CanonicalJson.bytes(cell))));
    Optional<StageOutcome> hit = cache.cached(key, "cell.json");
    if (hit.isPresent()) {
      return hit.get();
    }
    return cache.commit(
        key,
        new StageOutputs(store).bytes("cell.json", CanonicalJson.bytes(cell), ArtifactRef.JSON),
        start,
        "cell.json");
  }

  @Override
  public StageOutcome analyze(SummaryRequest r) {
    Instant start = Instant.now();
    KeyMaterial key =
        KeyMaterial.of(
            Stages.ANALYSIS,
            Stages.version(Stages.ANALYSIS),
            Map.of("overlapPercent", OVERLAP_PERCENT),
            Optional.empty(),
            Optional.empty(),
            summaryInputs(r));
    Optional<StageOutcome> hit = cache.cached(key, "analysis.json");
    if (hit.isPresent()) {
      return hit.get();
    }
    RunData data = RunData.load(store, r);
    List<CorrelationMatrix> matrices = new ArrayList<>();
    List<RunAnalysis.Overlap> overlaps = new ArrayList<>();
    for (int shots : data.shots()) {
      Map<String, double[][]> byTask = data.importance(shots);
      List<NamedImportance> named =
          byTask.entrySet().stream()
              .map(e -> new NamedImportance(e.getKey(), e.getValue()))
              .toList();
      if (!named.isEmpty()) {
        for (SpearmanVariant v : SpearmanVariant.values()) {
          matrices.add(
              SpearmanMatrix.compute(new CorrelationInput(shots + "-shot", named, true, v)));
        }
      }
      List<String> names = new ArrayList<>(byTask.keySet());
      for (int i = 0; i < names.size(); i++) {
        for (int j = i + 1; j < names.size(); j++) {
          overlaps.add(
              new RunAnalysis.Overlap(
                  shots,
                  names.get(i),
                  names.get(j),
                  OVERLAP_PERCENT,
                  TopKOverlap.overlap(
                      byTask.get(names.get(i)), byTask.get(names.get(j)), OVERLAP_PERCENT)));
        }
      }
    }
    List<RunAnalysis.Table1> table1 = new ArrayList<>();
    List<TaskShots> perTask = data.taskShots();
    List<CrossShotInput.ShotPair> pairs = new ArrayList<>();
    List<Integer> shots = data.shots();
    for (int i = 0; i < shots.size(); i++) {
      for (int j = i + 1; j < shots.size(); j++) {
        pairs.add(new CrossShotInput.ShotPair(shots.get(i), shots.get(j)));
      }
    }
    if (!pairs.isEmpty() && !perTask.isEmpty()) {
      for (SpearmanVariant v : SpearmanVariant.values()) {
        table1.add(
            new RunAnalysis.Table1(
                v.methodName(), CrossShotTable.compute(new CrossShotInput(perTask, pairs, v))));
      }
    }
    List<RunAnalysis.Capacity> capacity = new ArrayList<>();
    for (Map.Entry<InductionScores.Kind, InductionScores> e : data.induction().entrySet()) {
      String score =
          e.getKey() == InductionScores.Kind.PREFIX_MATCHING ? "prefix-matching" : "copying";
      for (int s : shots) {
        data.aggregate(s)
            .ifPresent(
                agg -> capacity.add(capacity(score, s, "aggregate", agg, e.getValue().mean())));
        data.importance(s)
            .forEach(
                (task, imp) -> capacity.add(capacity(score, s, task, imp, e.getValue().mean())));
      }
    }
    RunAnalysis analysis = new RunAnalysis(matrices, table1, overlaps, capacity);
    return cache.commit(
        key,
        new StageOutputs(store)
            .bytes("analysis.json", CanonicalJson.bytes(analysis), ArtifactRef.JSON),
        start,
        "analysis.json");
  }

  private static RunAnalysis.Capacity capacity(
      String score, int shots, String ranking, double[][] importance, double[][] scores) {
    CapacityCurve c = CapacityRetained.byImportance(importance, scores);
    return new RunAnalysis.Capacity(score, shots, ranking, c.percentPruned(), c.retained());
  }

  @Override
  public ReportOutcome report(ReportRequest r) {
    Instant start = Instant.now();
    Map<String, String> inputs = summaryInputs(r.summary());
    inputs.put("analysis", r.analysis().digest());
    KeyMaterial key =
        KeyMaterial.of(
            Stages.REPORT,
            Stages.version(Stages.REPORT),
            reports.keyParams(r.summary().runId()),
            Optional.empty(),
            Optional.empty(),
            inputs);
    Optional<Manifest> hit = cache.lookup(key);
    if (hit.isPresent()) {
      return new ReportOutcome(
          hit.get().output("report.json").orElseThrow().ref(),
          reports.materialize(store, hit.get(), r.summary().runId(), Optional.empty()).toString(),
          true);
    }
    ReportWriter.Written w = reports.write(store, r, key, start);
    return new ReportOutcome(
        w.manifest().output("report.json").orElseThrow().ref(),
        reports
            .materialize(store, w.manifest(), r.summary().runId(), Optional.of(w.timings()))
            .toString(),
        false);
  }

  private Map<String, String> summaryInputs(SummaryRequest r) {
    Map<String, String> inputs = new LinkedHashMap<>();
    // The spec's semantic digest: where it ran (store, parallelism, Temporal) is not an input.
    inputs.put("spec", Masking.read(store, r.runSpec(), org.opticl.schema.RunSpec.class).digest());
    for (int i = 0; i < r.cells().size(); i++) {
      inputs.put(String.format("cell-%03d", i), r.cells().get(i).digest());
    }
    for (int i = 0; i < r.aggregates().size(); i++) {
      inputs.put(String.format("aggregate-%02d", i), r.aggregates().get(i).digest());
    }
    for (int i = 0; i < r.crossTask().size(); i++) {
      inputs.put(String.format("cross-task-%03d", i), r.crossTask().get(i).result().digest());
    }
    r.induction().ifPresent(ref -> inputs.put("induction", ref.digest()));
    return inputs;
  }
}
