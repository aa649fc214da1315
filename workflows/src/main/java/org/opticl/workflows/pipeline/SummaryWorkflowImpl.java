package org.opticl.workflows.pipeline;

import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.opticl.schema.ArtifactRef;
import org.opticl.workflows.api.AggregateRequest;
import org.opticl.workflows.api.AnalysisActivities;
import org.opticl.workflows.api.CellSummary;
import org.opticl.workflows.api.CrossTask;
import org.opticl.workflows.api.CrossTaskEval;
import org.opticl.workflows.api.EvalRequest;
import org.opticl.workflows.api.MaskSpec;
import org.opticl.workflows.api.ModelActivities;
import org.opticl.workflows.api.ReportOutcome;
import org.opticl.workflows.api.ReportRequest;
import org.opticl.workflows.api.StageOutcome;
import org.opticl.workflows.api.SummaryInput;
import org.opticl.workflows.api.SummaryRequest;

/** See {@link SummaryWorkflow}. */
public class SummaryWorkflowImpl implements SummaryWorkflow {
  /** The name cross-task specs use for the mean ranking over the run's tasks. */
  public static final String AGGREGATE = "aggregate";

  @Override
  public ReportOutcome run(SummaryInput in) {
    // Aggregate importance per shot count, over every task of the run at that count.
    Map<Integer, ArtifactRef> aggregates = new LinkedHashMap<>();
    for (int shots : new TreeSet<>(in.cells().stream().map(c -> c.eval().shots()).toList())) {
      List<ArtifactRef> imps =
          in.cells().stream()
              .filter(c -> c.eval().shots() == shots)
              .map(CellSummary::headImportance)
              .toList();
      StageOutcome agg =
          cpu("aggregate importance " + shots + "-shot")
              .aggregateImportance(new AggregateRequest(shots, imps));
      aggregates.put(shots, agg.artifact());
    }

    List<Supplier<Promise<CrossTaskEval>>> jobs = new ArrayList<>();
    for (CrossTask pair : in.options().crossTask()) {
      for (CellSummary target : in.cells()) {
        if (!target.eval().task().name().equals(pair.target())) {
          continue;
        }
        int shots = target.eval().shots();
        Optional<ArtifactRef> ranking =
            pair.source().equals(AGGREGATE)
                ? Optional.ofNullable(aggregates.get(shots))
                : in.cells().stream()
                    .filter(
                        c ->
                            c.eval().shots() == shots
                                && c.eval().task().name().equals(pair.source()))
                    .map(CellSummary::headImportance)
                    .findFirst();
        if (ranking.isEmpty()) {
          continue; // the source task is not part of this run at these shots
        }
        for (int p : in.options().crossTaskPercents()) {
          ArtifactRef r = ranking.get();
          String summary =
              "cross-task " + target.eval().cellName() + " by " + pair.source() + " " + p + "%";
          jobs.add(
              () ->
                  Async.function(
                          Workflow.newActivityStub(
                                  ModelActivities.class,
                                  ActivityProfiles.model(in.options().heartbeatSeconds(), summary))
                              ::evaluate,
                          new EvalRequest(target.eval(), MaskSpec.heads(r, p), "cross-task"))
                      .thenApply(
                          e ->
                              new CrossTaskEval(
                                  pair.target(), shots, pair.source(), p, e.result(), e.metric())));
        }
      }
    }
    List<CrossTaskEval> crossTask = Fanout.all(jobs, in.options().maxParallel());

    SummaryRequest request =
        new SummaryRequest(
            in.runId(),
            in.runSpec(),
            in.model(),
            in.cells().stream().map(CellSummary::record).toList(),
            List.copyOf(aggregates.values()),
            crossTask,
            in.induction());
    StageOutcome analysis = cpu("analysis").analyze(request);
    return cpu("figures and report").report(new ReportRequest(request, analysis.artifact()));
  }

  private static AnalysisActivities cpu(String summary) {
    return Workflow.newActivityStub(AnalysisActivities.class, ActivityProfiles.cpu(summary));
  }
}
