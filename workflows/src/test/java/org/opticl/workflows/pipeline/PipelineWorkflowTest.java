package org.opticl.workflows.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opticl.workflows.TaskQueues;
import org.opticl.workflows.api.CellStatus;
import org.opticl.workflows.api.CrossTask;
import org.opticl.workflows.api.ModelRef;
import org.opticl.workflows.api.RunOptions;
import org.opticl.workflows.api.RunRequest;
import org.opticl.workflows.api.RunResult;
import org.opticl.workflows.api.TaskRef;

/** Every branch of the pipeline's workflows, on stand-in activities. */
class PipelineWorkflowTest {
  static final int LAYERS = 3;
  private TestWorkflowEnvironment env;
  private FakeActivities acts;

  static RunRequest request(String runId) {
    RunOptions options =
        new RunOptions(
            "ORIGINAL",
            50,
            List.of(10, 50),
            List.of(30),
            List.of(10),
            List.of(30),
            List.of(new CrossTask("copa", "aggregate"), new CrossTask("copa", "piqa")),
            List.of(50),
            5,
            2,
            30,
            true);
    return new RunRequest(
        runId,
        FakeActivities.ref("spec " + runId),
        new ModelRef("builtin:test", "", "float32"),
        List.of(
            new TaskRef("copa", "/data/copa", "PARITY"),
            new TaskRef("piqa", "/data/piqa", "PARITY")),
        List.of(0, 1),
        42,
        20,
        options);
  }

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    for (var key : OpticlSearchAttributes.ALL) {
      env.registerSearchAttribute(
          key.getName(),
          key.getValueType() == IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD
              ? IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD
              : key.getValueType());
    }
    acts = new FakeActivities(LAYERS);
    Worker orchestrator = env.newWorker(TaskQueues.ORCHESTRATOR);
    orchestrator.registerWorkflowImplementationTypes(
        PipelineWorkflowImpl.class,
        CellWorkflowImpl.class,
        InductionWorkflowImpl.class,
        SummaryWorkflowImpl.class);
    env.newWorker(TaskQueues.CPU).registerActivitiesImplementations(acts);
    env.newWorker(TaskQueues.GPU).registerActivitiesImplementations(acts);
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private PipelineWorkflow stub(String id) {
    return env.getWorkflowClient()
        .newWorkflowStub(
            PipelineWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(TaskQueues.ORCHESTRATOR)
                .build());
  }

  @Test
  void aRunVisitsEveryStageOfEveryCellOnce() {
    RunResult r = stub("opticl-a").run(request("opticl-a"));
    int cells = 4;
    // Per cell: baseline + L knock-offs + 2 head + 1 FFN + 1 combined evaluations.
    assertEquals(
        cells * (1 + LAYERS + 2 + 1 + 1), acts.count("evaluate") - acts.callsWith("cross-task"));
    assertEquals(cells, acts.count("importance"));
    assertEquals(cells, acts.count("ffn-importance"));
    assertEquals(cells, acts.count("record"));
    assertEquals(2, acts.count("aggregate"));
    // copa at 0 and 1 shots, by aggregate and by piqa, at one percentage.
    assertEquals(4, acts.callsWith("cross-task"));
    assertEquals(1, acts.count("induction"));
    assertEquals(1, acts.count("analyze"));
    assertEquals("/reports/opticl-a/index.html", r.report());
    assertEquals(4, r.cells().size());
    assertTrue(r.cells().contains("opticl-a/piqa/1shot"));
    assertEquals(cells * (1 + 1 + LAYERS + 1 + 4), r.computed());
    assertEquals(0, r.cached());
  }

  @Test
  void aRerunOfCommittedStagesIsAllCacheHits() {
    stub("opticl-b").run(request("opticl-b"));
    RunResult again = stub("opticl-b2").run(request("opticl-b"));
    assertEquals(0, again.computed());
    assertTrue(again.cached() > 0);
  }

  @Test
  void aTransientActivityFailureIsRetried() {
    acts.failOnceOn = "FFN 1 off";
    RunResult r = stub("opticl-c").run(request("opticl-c"));
    assertEquals("/reports/opticl-c/index.html", r.report());
    assertEquals(2, acts.attempts.get("evaluate copa/0shot FFN 1 off ffn-knockoff").get());
  }

  @Test
  void badInputFailsTheRunOnceWithItsMessage() {
    acts.rejectOn = "importance piqa/1shot";
    WorkflowFailedException e =
        assertThrows(
            WorkflowFailedException.class, () -> stub("opticl-d").run(request("opticl-d")));
    Throwable t = e;
    boolean found = false;
    while (t != null) {
      found |=
          t instanceof ApplicationFailure a
              && a.getOriginalMessage().contains("task data file missing");
      t = t.getCause();
    }
    assertTrue(found, "the activity's message reaches the caller");
    assertEquals(1, acts.attempts.get("importance piqa/1shot ORIGINAL").get(), "never retried");
  }

  @Test
  void cancellingARunStopsItsRunningActivities() throws Exception {
    acts.blockOn = "importance copa/0shot";
    WorkflowClient client = env.getWorkflowClient();
    PipelineWorkflow wf = stub("opticl-e");
    WorkflowClient.start(wf::run, request("opticl-e"));
    while (acts.count("importance copa/0shot") == 0) {
      Thread.sleep(20);
    }
    WorkflowStub untyped = client.newUntypedWorkflowStub("opticl-e");
    CompletableFuture<RunResult> result = untyped.getResultAsync(RunResult.class);
    untyped.cancel();
    Exception e = assertThrows(Exception.class, result::get);
    Throwable t = e;
    boolean cancelled = false;
    while (t != null) {
      cancelled |= t instanceof CanceledFailure;
      t = t.getCause();
    }
    assertTrue(cancelled, "the run ends cancelled: " + e);
  }

  @Test
  void aCellReportsItsStagesThroughItsStatusQuery() {
    stub("opticl-f").run(request("opticl-f"));
    CellStatus s =
        env.getWorkflowClient().newWorkflowStub(CellWorkflow.class, "opticl-f/copa/1shot").status();
    assertEquals("copa/1shot", s.cell());
    assertEquals("done", s.stages().get(CellWorkflowImpl.FFN_KNOCKOFF).state());
    assertEquals(LAYERS, s.stages().get(CellWorkflowImpl.FFN_KNOCKOFF).done());
    assertEquals(
        "done",
        env.getWorkflowClient()
            .newWorkflowStub(PipelineWorkflow.class, "opticl-f")
            .status()
            .stage());
  }
}
