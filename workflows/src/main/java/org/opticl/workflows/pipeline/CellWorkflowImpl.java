package org.opticl.workflows.pipeline;

import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.opticl.schema.ArtifactRef;
import org.opticl.workflows.api.AnalysisActivities;
import org.opticl.workflows.api.CellRequest;
import org.opticl.workflows.api.CellResult;
import org.opticl.workflows.api.CellStatus;
import org.opticl.workflows.api.EvalOutcome;
import org.opticl.workflows.api.EvalRequest;
import org.opticl.workflows.api.EvalSpec;
import org.opticl.workflows.api.FfnImportanceRequest;
import org.opticl.workflows.api.ImportanceRequest;
import org.opticl.workflows.api.MaskSpec;
import org.opticl.workflows.api.ModelActivities;
import org.opticl.workflows.api.PrunedEval;
import org.opticl.workflows.api.RunOptions;
import org.opticl.workflows.api.StageOutcome;
import org.opticl.workflows.api.StageState;

/** See {@link CellWorkflow}. */
public class CellWorkflowImpl implements CellWorkflow {
  static final String BASELINE = "baseline";
  static final String HEAD_IMPORTANCE = "head-importance";
  static final String FFN_KNOCKOFF = "ffn-knockoff";
  static final String FFN_IMPORTANCE = "ffn-importance";
  static final String HEAD_PRUNING = "head-pruning";
  static final String FFN_PRUNING = "ffn-pruning";
  static final String COMBINED_PRUNING = "combined-pruning";

  private final Map<String, StageState> stages = new LinkedHashMap<>();
  private String cell = "";
  private int computed;
  private int cached;

  @Override
  public CellResult run(CellRequest request) {
    EvalSpec eval = request.eval();
    RunOptions o = request.options();
    cell = eval.cellName();
    int layers = request.model().layers();
    List<int[]> grid = request.combinedGrid();
    stages.put(BASELINE, StageState.pending(1));
    stages.put(HEAD_IMPORTANCE, StageState.pending(1));
    stages.put(FFN_KNOCKOFF, StageState.pending(layers));
    stages.put(FFN_IMPORTANCE, StageState.pending(1));
    stages.put(HEAD_PRUNING, StageState.pending(o.headPercents().size()));
    stages.put(FFN_PRUNING, StageState.pending(o.ffnPercents().size()));
    stages.put(COMBINED_PRUNING, StageState.pending(grid.size()));
    progress(BASELINE, request);

    // The baseline and the importance gradients do not depend on each other.
    Promise<EvalOutcome> baselineP = evaluate(request, MaskSpec.none(), BASELINE);
    Promise<StageOutcome> importanceP =
        track(
            HEAD_IMPORTANCE,
            Async.function(
                model(o, "head importance " + cell)::headImportance,
                new ImportanceRequest(eval, o.importanceVariant(), o.importanceDocs())),
            StageOutcome::cached);
    EvalOutcome baseline = baselineP.get();

    progress(FFN_KNOCKOFF, request);
    List<Supplier<Promise<EvalOutcome>>> knockoffJobs = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      int layer = l;
      knockoffJobs.add(() -> evaluate(request, MaskSpec.knockout(layer), FFN_KNOCKOFF));
    }
    List<EvalOutcome> knockoffs = Fanout.all(knockoffJobs, o.maxParallel());

    progress(FFN_IMPORTANCE, request);
    StageOutcome ffnImportance =
        track(
                FFN_IMPORTANCE,
                Async.function(
                    cpu("FFN importance " + cell)::ffnImportance,
                    new FfnImportanceRequest(
                        eval,
                        baseline.result(),
                        knockoffs.stream().map(EvalOutcome::result).toList())),
                StageOutcome::cached)
            .get();
    StageOutcome importance = importanceP.get();
    ArtifactRef heads = importance.artifact();
    ArtifactRef ffns = ffnImportance.artifact();

    progress(HEAD_PRUNING, request);
    List<PrunedEval> pruning = new ArrayList<>();
    List<Supplier<Promise<PrunedEval>>> jobs = new ArrayList<>();
    for (int p : o.headPercents()) {
      jobs.add(() -> pruned(request, MaskSpec.heads(heads, p), HEAD_PRUNING, "heads", p, 0));
    }
    for (int p : o.ffnPercents()) {
      jobs.add(() -> pruned(request, MaskSpec.ffns(ffns, p), FFN_PRUNING, "ffns", 0, p));
    }
    for (int[] ab : grid) {
      jobs.add(
          () ->
              pruned(
                  request,
                  MaskSpec.combined(heads, ab[0], ffns, ab[1]),
                  COMBINED_PRUNING,
                  "combined",
                  ab[0],
                  ab[1]));
    }
    pruning.addAll(Fanout.all(jobs, o.maxParallel()));
    progress("done", request);
    return new CellResult(
        eval, baseline, importance, knockoffs, ffnImportance, pruning, computed, cached);
  }

  @Override
  public CellStatus status() {
    return new CellStatus(Workflow.getInfo().getWorkflowId(), cell, Map.copyOf(stages));
  }

  private Promise<PrunedEval> pruned(
      CellRequest request, MaskSpec mask, String stage, String kind, int headPct, int ffnPct) {
    return evaluate(request, mask, stage)
        .thenApply(
            e ->
                new PrunedEval(
                    kind, headPct, ffnPct, request.eval().cellName(), e.result(), e.metric()));
  }

  private Promise<EvalOutcome> evaluate(CellRequest request, MaskSpec mask, String stage) {
    String summary = stage + " " + request.eval().cellName() + " (" + mask.describe() + ")";
    return track(
        stage,
        Async.function(
            model(request.options(), summary)::evaluate,
            new EvalRequest(request.eval(), mask, stage)),
        EvalOutcome::cached);
  }

  /** Keeps the status of a stage current as its activities start and finish. */
  private <T> Promise<T> track(
      String stage, Promise<T> p, java.util.function.Function<T, Boolean> wasCached) {
    stages.computeIfPresent(stage, (k, s) -> s.started());
    return p.handle(
        (value, failure) -> {
          if (failure != null) {
            stages.computeIfPresent(stage, (k, s) -> s.failedOne());
            throw failure;
          }
          boolean c = wasCached.apply(value);
          if (c) {
            cached++;
          } else {
            computed++;
          }
          stages.computeIfPresent(stage, (k, s) -> s.finished(c));
          return value;
        });
  }

  private void progress(String stage, CellRequest request) {
    int total = stages.values().stream().mapToInt(StageState::total).sum();
    int done = stages.values().stream().mapToInt(StageState::done).sum();
    OpticlSearchAttributes.upsert(
        request.options().searchAttributes(),
        stage,
        total == 0 ? 1 : (double) done / total,
        OpticlSearchAttributes.MODEL,
        request.model().id(),
        OpticlSearchAttributes.TASK,
        request.eval().task().name(),
        OpticlSearchAttributes.SHOTS,
        request.eval().shots());
  }

  private static ModelActivities model(RunOptions o, String summary) {
    return Workflow.newActivityStub(
        ModelActivities.class, ActivityProfiles.model(o.heartbeatSeconds(), summary));
  }

  private static AnalysisActivities cpu(String summary) {
    return Workflow.newActivityStub(AnalysisActivities.class, ActivityProfiles.cpu(summary));
  }
}
