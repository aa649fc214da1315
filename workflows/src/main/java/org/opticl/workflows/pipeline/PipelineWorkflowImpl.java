package org.opticl.workflows.pipeline;

import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opticl.schema.ArtifactRef;
import org.opticl.workflows.TaskQueues;
import org.opticl.workflows.api.AnalysisActivities;
import org.opticl.workflows.api.CellRequest;
import org.opticl.workflows.api.CellResult;
import org.opticl.workflows.api.CellStatus;
import org.opticl.workflows.api.CellSummary;
import org.opticl.workflows.api.EvalSpec;
import org.opticl.workflows.api.InductionRequest;
import org.opticl.workflows.api.ModelInfo;
import org.opticl.workflows.api.ReportOutcome;
import org.opticl.workflows.api.RunRequest;
import org.opticl.workflows.api.RunResult;
import org.opticl.workflows.api.RunStatus;
import org.opticl.workflows.api.StageOutcome;
import org.opticl.workflows.api.StageState;
import org.opticl.workflows.api.SummaryInput;
import org.opticl.workflows.api.TaskRef;

/** See {@link PipelineWorkflow}. */
public class PipelineWorkflowImpl implements PipelineWorkflow {
  private String stage = "starting";
  private String report = "";
  private final Map<String, CellStatus> cells = new LinkedHashMap<>();

  @Override
  public RunResult run(RunRequest request) {
    boolean sa = request.options().searchAttributes();
    AnalysisActivities cpu =
        Workflow.newActivityStub(
            AnalysisActivities.class, ActivityProfiles.cpu("describe " + request.model().id()));
    stage = "describe-model";
    OpticlSearchAttributes.upsert(sa, stage, 0, OpticlSearchAttributes.MODEL, request.model().id());
    ModelInfo model = cpu.describeModel(request.model());

    stage = "cells";
    OpticlSearchAttributes.upsert(sa, stage, 0.05);
    Promise<Optional<ArtifactRef>> induction = Async.function(() -> Optional.empty());
    if (request.options().inductionSequences() > 0) {
      InductionWorkflow child =
          Workflow.newChildWorkflowStub(
              InductionWorkflow.class, childOptions(request.runId() + "/induction"));
      induction =
          Async.function(
                  child::run,
                  new InductionRequest(
                      request.model(), request.options().inductionSequences(), request.seed()))
              .thenApply(o -> Optional.of(o.artifact()));
    }
    List<Promise<CellResult>> running = new ArrayList<>();
    for (TaskRef task : request.tasks()) {
      for (int shots : request.shots()) {
        EvalSpec eval =
            new EvalSpec(request.model(), task, shots, request.seed(), request.docLimit());
        String id = cellId(request.runId(), eval);
        cells.put(id, new CellStatus(id, eval.cellName(), Map.of("cell", StageState.pending(1))));
        CellWorkflow child = Workflow.newChildWorkflowStub(CellWorkflow.class, childOptions(id));
        running.add(
            Async.function(child::run, new CellRequest(eval, model, request.options()))
                .thenApply(
                    r -> {
                      cells.put(
                          id,
                          new CellStatus(
                              id,
                              eval.cellName(),
                              Map.of(
                                  "cell",
                                  new StageState("done", 1, 1, r.computed() == 0 ? 1 : 0, 0))));
                      return r;
                    }));
      }
    }
    List<CellSummary> summaries = new ArrayList<>();
    int computed = 0;
    int cached = 0;
    for (Promise<CellResult> p : running) {
      CellResult r = p.get();
      computed += r.computed();
      cached += r.cached();
      StageOutcome record =
          Workflow.newActivityStub(
                  AnalysisActivities.class, ActivityProfiles.cpu("record " + r.eval().cellName()))
              .recordCell(r);
      summaries.add(
          new CellSummary(
              r.eval(), record.artifact(), r.headImportance().artifact(), r.baseline().metric()));
    }

    stage = "summary";
    OpticlSearchAttributes.upsert(sa, stage, 0.9);
    SummaryWorkflow summary =
        Workflow.newChildWorkflowStub(
            SummaryWorkflow.class, childOptions(request.runId() + "/summary"));
    ReportOutcome out =
        summary.run(
            new SummaryInput(
                request.runId(),
                request.runSpec(),
                model,
                summaries,
                request.options(),
                induction.get()));
    report = out.location();
    Workflow.upsertMemo(Map.of("report", report));
    stage = "done";
    OpticlSearchAttributes.upsert(sa, stage, 1.0);
    return new RunResult(report, out, List.copyOf(cells.keySet()), computed, cached);
  }

  @Override
  public RunStatus status() {
    return new RunStatus(stage, List.copyOf(cells.values()), report);
  }

  /** {@code <run>/<task>/<k>shot}: readable in the Web UI, unique within a run. */
  public static String cellId(String runId, EvalSpec eval) {
    return runId + "/" + eval.task().name() + "/" + eval.shots() + "shot";
  }

  private static ChildWorkflowOptions childOptions(String id) {
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setTaskQueue(TaskQueues.ORCHESTRATOR)
        // Children die with the run: a cancelled run must not leave cells holding GPUs.
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
        .build();
  }
}
