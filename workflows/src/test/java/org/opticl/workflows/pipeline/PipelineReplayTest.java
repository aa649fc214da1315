package org.opticl.workflows.pipeline;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opticl.workflows.TaskQueues;
import org.opticl.workflows.api.CellRequest;
import org.opticl.workflows.api.CellResult;
import org.opticl.workflows.api.CellStatus;
import org.opticl.workflows.api.EvalRequest;
import org.opticl.workflows.api.ImportanceRequest;
import org.opticl.workflows.api.MaskSpec;
import org.opticl.workflows.api.ModelActivities;

/**
 * Workflow code stays deterministic: histories recorded from earlier runs (committed under {@code
 * src/test/resources/histories}) replay against the current code. To record them anew after an
 * intended, versioned change: {@code mvn -pl workflows test -Dtest=PipelineReplayTest
 * -Dopticl.recordHistories=true}.
 */
class PipelineReplayTest {
  private static final String[][] HISTORIES = {
    {"pipeline-v1.json", "opticl-replay"},
    {"cell-v1.json", "opticl-replay/copa/1shot"},
    {"summary-v1.json", "opticl-replay/summary"},
  };

  @Test
  void committedHistoriesReplayWithTheCurrentCode() throws Exception {
    if (Boolean.getBoolean("opticl.recordHistories")) {
      record();
    }
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/pipeline-v1.json", PipelineWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/cell-v1.json", CellWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/summary-v1.json", SummaryWorkflowImpl.class);
  }

  @Test
  void reorderingACellsActivitiesIsCaughtAsNonDeterministic() {
    Exception e =
        assertThrows(
            Exception.class,
            () ->
                WorkflowReplayer.replayWorkflowExecutionFromResource(
                    "histories/cell-v1.json", ImportanceFirstCell.class));
    // The replayer reports it through a query failure whose message carries the cause.
    String chain = "";
    for (Throwable t = e; t != null; t = t.getCause()) {
      chain += t + "\n";
    }
    assertTrue(
        chain.contains(NonDeterministicException.class.getSimpleName()), "not flagged: " + chain);
  }

  /** A "refactoring" that starts head importance before the baseline: not replay-safe. */
  public static class ImportanceFirstCell implements CellWorkflow {
    @Override
    public CellResult run(CellRequest request) {
      ModelActivities m =
          Workflow.newActivityStub(ModelActivities.class, ActivityProfiles.model(30, "x"));
      m.headImportance(new ImportanceRequest(request.eval(), "ORIGINAL", 1));
      m.evaluate(new EvalRequest(request.eval(), MaskSpec.none(), "baseline"));
      throw new IllegalStateException("not reached in replay");
    }

    @Override
    public CellStatus status() {
      return null;
    }
  }

  private static void record() throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      for (var key : OpticlSearchAttributes.ALL) {
        env.registerSearchAttribute(key.getName(), key.getValueType());
      }
      FakeActivities acts = new FakeActivities(PipelineWorkflowTest.LAYERS);
      env.newWorker(TaskQueues.ORCHESTRATOR)
          .registerWorkflowImplementationTypes(
              PipelineWorkflowImpl.class,
              CellWorkflowImpl.class,
              InductionWorkflowImpl.class,
              SummaryWorkflowImpl.class);
      env.newWorker(TaskQueues.CPU).registerActivitiesImplementations(acts);
      env.newWorker(TaskQueues.GPU).registerActivitiesImplementations(acts);
      env.start();
      env.getWorkflowClient()
          .newWorkflowStub(
              PipelineWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId("opticl-replay")
                  .setTaskQueue(TaskQueues.ORCHESTRATOR)
                  .build())
          .run(PipelineWorkflowTest.request("opticl-replay"));
      Path dir = Path.of("src/test/resources/histories");
      Files.createDirectories(dir);
      for (String[] h : HISTORIES) {
        Files.writeString(
            dir.resolve(h[0]), env.getWorkflowClient().fetchHistory(h[1]).toJson(true));
      }
    }
  }
}
