package org.opticl.app;

import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.opticl.activities.ModelCatalog;
import org.opticl.app.pipeline.EmbeddedTemporal;
import org.opticl.app.pipeline.PipelineWorkers;
import org.opticl.app.pipeline.Role;
import org.opticl.app.pipeline.RunLauncher;
import org.opticl.app.pipeline.RunProgress;
import org.opticl.schema.RunSpec;
import org.opticl.spec.SpecFile;
import org.opticl.store.ArtifactStore;
import org.opticl.store.ArtifactStores;
import org.opticl.workflows.api.RunRequest;
import org.opticl.workflows.api.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code opticl run SPEC}: the whole pipeline on this machine, with nothing to install — Temporal's
 * test server on a localhost port, every worker in this process, the artifact store on disk.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a spec end to end in this process (embedded Temporal, local workers and store), with a"
          + " live progress bar; prints where the report is. Re-running reuses every cached stage."
    })
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SPEC", description = "run spec (YAML)")
  Path spec;

  @Option(names = "--port", defaultValue = "0", description = "Temporal port (default: a free one)")
  int port;

  @Option(names = "--quiet", description = "no progress bar")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    RunSpec runSpec = SpecFile.read(spec);
    long started = System.nanoTime();
    try (ArtifactStore store = ArtifactStores.open(runSpec.execution().store());
        EmbeddedTemporal temporal = EmbeddedTemporal.start(port);
        PipelineWorkers workers =
            PipelineWorkers.start(
                temporal.client(),
                EnumSet.allOf(Role.class),
                store,
                ModelCatalog.fromEnvironment(),
                reportRoot(runSpec))) {
      RunRequest request = RunLauncher.prepare(runSpec, store, true);
      System.err.printf(
          "opticl: run %s — %s, %d task(s) × %d shot count(s); store %s; Temporal on localhost:%d%n",
          request.runId(),
          request.model().id(),
          request.tasks().size(),
          request.shots().size(),
          store.location(),
          temporal.port());
      RunLauncher.start(temporal.client(), request);
      WorkflowStub stub = temporal.client().newUntypedWorkflowStub(request.runId());
      CompletableFuture<RunResult> result = stub.getResultAsync(RunResult.class);
      try (ProgressBar bar = new ProgressBar("stages", !quiet)) {
        RunProgress progress = new RunProgress(temporal.client(), request.runId());
        while (!result.isDone()) {
          progress.poll().ifPresent(p -> bar.update(p.done(), p.total(), p.label()));
          try {
            result.get(500, TimeUnit.MILLISECONDS);
          } catch (java.util.concurrent.TimeoutException stillRunning) {
            // keep polling
          }
        }
      }
      RunResult r;
      try {
        r = result.get();
      } catch (java.util.concurrent.ExecutionException e) {
        System.err.println("opticl run failed: " + RunProgress.rootMessage(e.getCause()));
        return 1;
      }
      double secs = (System.nanoTime() - started) / 1e9;
      System.out.printf(
          "opticl: run %s done in %s — %d stages computed, %d from cache (model loads: %d)%n",
          request.runId(),
          format(Duration.ofMillis((long) (secs * 1000))),
          r.computed(),
          r.cached(),
          workers.modelLoads());
      System.out.println("report: " + r.report());
      return 0;
    } catch (WorkflowException e) {
      System.err.println("opticl run failed: " + RunProgress.rootMessage(e));
      return 1;
    }
  }

  static Path reportRoot(RunSpec spec) {
    String store = spec.execution().store();
    return store.startsWith("s3://")
        ? Path.of("opticl-reports")
        : Path.of(store).resolve("reports");
  }

  static String format(Duration d) {
    long s = d.toSeconds();
    return s >= 60
        ? (s / 60) + "m" + String.format("%02d", s % 60) + "s"
        : String.format("%.1fs", d.toMillis() / 1000.0);
  }
}
