package org.opticl.app.pipeline;

import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opticl.activities.ModelCatalog;
import org.opticl.schema.RunSpec;
import org.opticl.store.ArtifactStore;
import org.opticl.store.ArtifactStores;
import org.opticl.workflows.api.RunRequest;
import org.opticl.workflows.api.RunResult;

/**
 * One run of a spec entirely in this process: the embedded Temporal server, all three workers and
 * the spec's store. Used by {@code opticl run} and by the end-to-end tests.
 */
public final class EmbeddedRun {
  /** How a run went: its result, wall time, and what the model worker actually computed. */
  public record Outcome(
      RunRequest request, RunResult result, Duration wall, int modelComputations, int modelLoads) {}

  /** Receives progress snapshots while the run is going. */
  public interface Listener {
    void started(RunRequest request, String storeLocation, int temporalPort);

    void progress(RunProgress.Snapshot snapshot);
  }

  private EmbeddedRun() {}

  /** Where reports go for a store: beside a local store, or ./opticl-reports for S3. */
  public static Path reportRoot(RunSpec spec) {
    String store = spec.execution().store();
    return store.startsWith("s3://")
        ? Path.of("opticl-reports")
        : Path.of(store).resolve("reports");
  }

  /**
   * Runs {@code spec} to completion.
   *
   * @throws RunFailedException with the failure's own message when the run fails
   */
  public static Outcome run(RunSpec spec, ModelCatalog models, int port, Listener listener) {
    long start = System.nanoTime();
    try (ArtifactStore store = ArtifactStores.open(spec.execution().store());
        EmbeddedTemporal temporal = EmbeddedTemporal.start(port);
        PipelineWorkers workers =
            PipelineWorkers.start(
                temporal.client(), EnumSet.allOf(Role.class), store, models, reportRoot(spec))) {
      RunRequest request = RunLauncher.prepare(spec, store, true);
      listener.started(request, store.location(), temporal.port());
      RunLauncher.start(temporal.client(), request);
      WorkflowStub stub = temporal.client().newUntypedWorkflowStub(request.runId());
      CompletableFuture<RunResult> result = stub.getResultAsync(RunResult.class);
      RunProgress progress = new RunProgress(temporal.client(), request.runId());
      while (!result.isDone()) {
        progress.poll().ifPresent(listener::progress);
        try {
          result.get(500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillRunning) {
          // keep polling
        }
      }
      RunResult r = result.get();
      return new Outcome(
          request,
          r,
          Duration.ofNanos(System.nanoTime() - start),
          workers.modelComputations(),
          workers.modelLoads());
    } catch (ExecutionException e) {
      throw new RunFailedException(RunProgress.rootMessage(e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunFailedException("interrupted", e);
    }
  }

  /** A run that ended in failure; the message is the failing stage's own. */
  public static final class RunFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RunFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
