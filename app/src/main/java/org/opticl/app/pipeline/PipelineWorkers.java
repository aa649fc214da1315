package org.opticl.app.pipeline;

import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Path;
import java.util.Set;
import org.opticl.activities.AnalysisActivitiesImpl;
import org.opticl.activities.ModelActivitiesImpl;
import org.opticl.activities.ModelCatalog;
import org.opticl.activities.ReportWriter;
import org.opticl.activities.ResidentModel;
import org.opticl.activities.TaskCatalog;
import org.opticl.store.ArtifactStore;
import org.opticl.workflows.TaskQueues;
import org.opticl.workflows.pipeline.CellWorkflowImpl;
import org.opticl.workflows.pipeline.InductionWorkflowImpl;
import org.opticl.workflows.pipeline.PipelineWorkflowImpl;
import org.opticl.workflows.pipeline.SummaryWorkflowImpl;

/**
 * The workers of one process, by role. A GPU worker keeps one model resident and runs one model
 * activity at a time (one GPU, and PyTorch's one gradient collector per process); a CPU worker runs
 * a few analysis activities at once; the orchestrator runs workflow code only.
 */
public final class PipelineWorkers implements AutoCloseable {
  /** Model activities in flight per GPU worker. */
  public static final int GPU_SLOTS = 1;

  private static final int CPU_SLOTS = 4;

  private final WorkerFactory factory;
  private final ResidentModel resident = new ResidentModel();
  private ModelActivitiesImpl model;

  private PipelineWorkers(WorkerFactory factory) {
    this.factory = factory;
  }

  /** Registers and starts workers for {@code roles} on {@code client}. */
  public static PipelineWorkers start(
      WorkflowClient client,
      Set<Role> roles,
      ArtifactStore store,
      ModelCatalog models,
      Path reportRoot) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    PipelineWorkers w = new PipelineWorkers(factory);
    if (roles.contains(Role.ORCHESTRATOR)) {
      factory
          .newWorker(TaskQueues.ORCHESTRATOR)
          .registerWorkflowImplementationTypes(
              PipelineWorkflowImpl.class,
              CellWorkflowImpl.class,
              InductionWorkflowImpl.class,
              SummaryWorkflowImpl.class);
    }
    if (roles.contains(Role.CPU)) {
      Worker cpu =
          factory.newWorker(
              TaskQueues.CPU,
              WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(CPU_SLOTS).build());
      cpu.registerActivitiesImplementations(
          new AnalysisActivitiesImpl(store, models, new ReportWriter(reportRoot)));
    }
    if (roles.contains(Role.GPU)) {
      Worker gpu =
          factory.newWorker(
              TaskQueues.GPU,
              WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(GPU_SLOTS).build());
      w.model = new ModelActivitiesImpl(store, models, new TaskCatalog(), w.resident);
      gpu.registerActivitiesImplementations(w.model);
    }
    factory.start();
    return w;
  }

  /** Model activities this process's GPU worker computed (cache misses) so far. */
  public int modelComputations() {
    return model == null ? 0 : model.computations();
  }

  /** Models loaded by this process's GPU worker so far. */
  public int modelLoads() {
    return resident.loads();
  }

  @Override
  public void close() {
    // Let pollers stop before the connection closes, so shutdown logs nothing alarming.
    factory.shutdown();
    factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    resident.close();
  }
}
