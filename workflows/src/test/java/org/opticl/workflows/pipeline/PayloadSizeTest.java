package org.opticl.workflows.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.common.converter.DefaultDataConverter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opticl.schema.ArtifactRef;
import org.opticl.workflows.api.AggregateRequest;
import org.opticl.workflows.api.CellRequest;
import org.opticl.workflows.api.CellResult;
import org.opticl.workflows.api.CellStatus;
import org.opticl.workflows.api.CellSummary;
import org.opticl.workflows.api.CrossTask;
import org.opticl.workflows.api.CrossTaskEval;
import org.opticl.workflows.api.EvalOutcome;
import org.opticl.workflows.api.EvalRequest;
import org.opticl.workflows.api.EvalSpec;
import org.opticl.workflows.api.FfnImportanceRequest;
import org.opticl.workflows.api.ImportanceRequest;
import org.opticl.workflows.api.InductionRequest;
import org.opticl.workflows.api.MaskSpec;
import org.opticl.workflows.api.ModelInfo;
import org.opticl.workflows.api.ModelRef;
import org.opticl.workflows.api.PrunedEval;
import org.opticl.workflows.api.ReportOutcome;
import org.opticl.workflows.api.ReportRequest;
import org.opticl.workflows.api.RunOptions;
import org.opticl.workflows.api.RunRequest;
import org.opticl.workflows.api.RunResult;
import org.opticl.workflows.api.RunStatus;
import org.opticl.workflows.api.StageOutcome;
import org.opticl.workflows.api.StageState;
import org.opticl.workflows.api.SummaryInput;
import org.opticl.workflows.api.SummaryRequest;
import org.opticl.workflows.api.TaskRef;

/**
 * Every workflow and activity payload of the full paper setting (OPT-66B: 64 layers, 14 tasks × 3
 * shots, the whole pruning grid) stays under 64 KB, far below Temporal's 2 MB limit: artifacts
 * travel as references.
 */
class PayloadSizeTest {
  private static final int LIMIT = 64 * 1024;
  private static final ArtifactRef REF = FakeActivities.ref("x");

  private static int size(Object o) {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayload(o).orElseThrow().getSerializedSize();
  }

  private static void under(String what, Object o) {
    int n = size(o);
    assertTrue(n < LIMIT, what + " is " + n + " bytes");
  }

  @Test
  void paperScalePayloadsStayUnder64Kilobytes() {
    PipelineWorkflowTest.request("opticl-" + "f".repeat(64));
    var request = PipelineWorkflowTest.request("opticl-" + "f".repeat(64));
    var options = request.options();
    EvalSpec eval = new EvalSpec(request.model(), request.tasks().get(0), 5, 1234, 0);
    ModelInfo model =
        new ModelInfo("facebook/opt-66b", "sha256:" + "0".repeat(64), "float16", 64, 72, "/m");
    List<EvalOutcome> knockoffs = new ArrayList<>();
    for (int l = 0; l < 64; l++) {
      knockoffs.add(new EvalOutcome(REF, 0.5, false));
    }
    List<PrunedEval> pruning = new ArrayList<>();
    for (int i = 0; i < 9 + 9 + 35; i++) {
      pruning.add(new PrunedEval("combined", 70, 50, "piqa/5shot", REF, 0.5));
    }
    CellResult cell =
        new CellResult(
            eval,
            new EvalOutcome(REF, 0.7, false),
            new StageOutcome(REF, false),
            knockoffs,
            new StageOutcome(REF, false),
            pruning,
            120,
            0);
    under("CellResult", cell);
    under("CellRequest", new CellRequest(eval, model, options));
    under(
        "EvalRequest",
        new EvalRequest(eval, MaskSpec.combined(REF, 70, REF, 50), "combined-pruning"));
    List<CellSummary> cells = new ArrayList<>();
    List<ArtifactRef> records = new ArrayList<>();
    for (int i = 0; i < 42; i++) {
      cells.add(new CellSummary(eval, REF, REF, 0.5));
      records.add(REF);
    }
    under("SummaryInput", new SummaryInput("run", REF, model, cells, options, Optional.of(REF)));
    List<CrossTaskEval> cross = new ArrayList<>();
    for (int i = 0; i < 5 * 3 * 3 * 4; i++) {
      cross.add(new CrossTaskEval("winogrande", 5, "aggregate", 70, REF, 0.5));
    }
    SummaryRequest summary =
        new SummaryRequest(
            "run", REF, model, records, List.of(REF, REF, REF), cross, Optional.of(REF));
    under("SummaryRequest", summary);
    under("ReportRequest", new ReportRequest(summary, REF));
  }

  /** The paper's run as the starter sends it, and what its queries and result send back. */
  @Test
  void paperScaleRunRequestStatusAndResultStayUnder64Kilobytes() {
    List<String> names =
        List.of(
            "hellaswag",
            "piqa",
            "arc_easy",
            "arc_challenge",
            "openbookqa",
            "winogrande",
            "boolq",
            "cb",
            "copa",
            "wic",
            "wsc",
            "multirc",
            "rte",
            "record");
    List<TaskRef> tasks = new ArrayList<>();
    List<CrossTask> pairs = new ArrayList<>();
    for (String n : names) {
      tasks.add(new TaskRef(n, "/data/lm-eval/" + n + "/" + "v".repeat(40), "PARITY"));
      pairs.add(new CrossTask(n, "aggregate"));
    }
    List<Integer> grid = List.of(0, 10, 20, 30, 40, 50, 60, 70, 90);
    RunOptions options =
        new RunOptions(
            "ORIGINAL",
            2500,
            grid,
            grid,
            grid,
            List.of(0, 10, 20, 50),
            pairs,
            grid,
            100,
            8,
            300,
            true);
    RunRequest request =
        new RunRequest(
            "opticl-" + "f".repeat(16),
            REF,
            new ModelRef(
                "facebook/opt-66b", "/models/facebook/opt-66b/" + "c".repeat(40), "float16"),
            tasks,
            List.of(0, 1, 5),
            1234,
            0,
            options);
    under("RunRequest", request);

    List<CellStatus> cells = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (TaskRef t : tasks) {
      for (int shots : List.of(0, 1, 5)) {
        Map<String, StageState> stages = new LinkedHashMap<>();
        for (String stage :
            List.of(
                "baseline",
                "head-importance",
                "ffn-knockoff",
                "ffn-importance",
                "head-pruning",
                "ffn-pruning",
                "combined-pruning")) {
          stages.put(stage, new StageState("running", 64, 31, 12, 1));
        }
        String id = request.runId() + "/" + t.name() + "/" + shots + "shot";
        cells.add(new CellStatus(id, t.name() + "/" + shots + "shot", stages));
        ids.add(id);
      }
    }
    under("RunStatus (status query)", new RunStatus("cells", cells, "/reports/run/index.html"));
    under(
        "RunResult",
        new RunResult(
            "/reports/run/index.html",
            new ReportOutcome(REF, "/reports/run/index.html", false),
            ids,
            5151,
            0));

    List<ArtifactRef> knockoffs = new ArrayList<>();
    for (int l = 0; l < 64; l++) {
      knockoffs.add(REF);
    }
    EvalSpec eval = new EvalSpec(request.model(), tasks.get(0), 5, 1234, 0);
    under("FfnImportanceRequest", new FfnImportanceRequest(eval, REF, knockoffs));
    under("AggregateRequest", new AggregateRequest(5, knockoffs.subList(0, 14)));
    under("ImportanceRequest", new ImportanceRequest(eval, "ORIGINAL", 2500));
    under("InductionRequest", new InductionRequest(request.model(), 100, 1234));
  }
}
