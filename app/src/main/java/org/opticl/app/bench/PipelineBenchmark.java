package org.opticl.app.bench;

import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import java.util.List;
import org.opticl.app.pipeline.EmbeddedTemporal;
import org.opticl.app.pipeline.RunLauncher;
import org.opticl.workflows.TaskQueues;
import org.opticl.workflows.api.CrossTask;
import org.opticl.workflows.api.ModelRef;
import org.opticl.workflows.api.RunOptions;
import org.opticl.workflows.api.RunRequest;
import org.opticl.workflows.api.RunResult;
import org.opticl.workflows.api.TaskRef;
import org.opticl.workflows.pipeline.CellWorkflowImpl;
import org.opticl.workflows.pipeline.InductionWorkflowImpl;
import org.opticl.workflows.pipeline.PipelineWorkflowImpl;
import org.opticl.workflows.pipeline.SummaryWorkflowImpl;

/**
 * Orchestration overhead of the pipeline: the real workflows on the embedded Temporal server, with
 * activities that return at once, so the time per activity is what Temporal and opticl's workflow
 * code add to every stage.
 */
public final class PipelineBenchmark {
  /** Activities run, wall time, and the overhead per activity. */
  public record Result(
      int cells, int layers, int activities, double seconds, double millisPerActivity) {}

  private PipelineBenchmark() {}

  public static Result run(int tasks, int layers, int maxParallel) {
    try (EmbeddedTemporal temporal = EmbeddedTemporal.start(0)) {
      WorkflowClient client = temporal.client();
      WorkerFactory factory = WorkerFactory.newInstance(client);
      factory
          .newWorker(TaskQueues.ORCHESTRATOR)
          .registerWorkflowImplementationTypes(
              PipelineWorkflowImpl.class,
              CellWorkflowImpl.class,
              InductionWorkflowImpl.class,
              SummaryWorkflowImpl.class);
      NoopActivities noop = new NoopActivities(layers);
      factory.newWorker(TaskQueues.CPU).registerActivitiesImplementations(noop);
      factory.newWorker(TaskQueues.GPU).registerActivitiesImplementations(noop);
      factory.start();
      List<Integer> pct = List.of(10, 20, 30, 40, 50, 60, 70, 80, 90);
      List<TaskRef> taskRefs =
          java.util.stream.IntStream.range(0, tasks)
              .mapToObj(i -> new TaskRef("task" + i, "", "PARITY"))
              .toList();
      RunOptions options =
          new RunOptions(
              "ORIGINAL",
              10,
              pct,
              pct,
              List.of(10, 30, 50, 70),
              List.of(10, 30, 50),
              List.of(new CrossTask("task0", "aggregate")),
              List.of(10, 50, 90),
              10,
              maxParallel,
              60,
              true);
      RunRequest request =
          new RunRequest(
              "opticl-bench-" + System.nanoTime(),
              ArtifactRefs.SPEC,
              new ModelRef("bench", "", "float32"),
              taskRefs,
              List.of(0, 1),
              1,
              0,
              options);
      long start = System.nanoTime();
      RunLauncher.start(client, request);
      RunResult r = client.newUntypedWorkflowStub(request.runId()).getResult(RunResult.class);
      double secs = (System.nanoTime() - start) / 1e9;
      factory.shutdown();
      factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
      int cells = tasks * 2;
      // Per cell: baseline, importance, L knock-offs, FFN importance, 9 + 9 + 12 pruning, record;
      // per run: describe, induction, 2 aggregates, 2 × 3 cross-task, analysis, report.
      int activities = r.computed() + cells + 1 + 1 + 2 + 6 + 2;
      return new Result(cells, layers, activities, secs, secs * 1000 / activities);
    }
  }

  private static final class ArtifactRefs {
    static final org.opticl.schema.ArtifactRef SPEC =
        org.opticl.schema.ArtifactRef.blob("0".repeat(64), 1, org.opticl.schema.ArtifactRef.JSON);
  }
}
