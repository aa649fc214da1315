package org.opticl.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.opticl.activities.ModelCatalog;
import org.opticl.app.pipeline.EmbeddedRun;
import org.opticl.app.pipeline.RunProgress;
import org.opticl.schema.RunSpec;
import org.opticl.spec.SpecFile;
import org.opticl.workflows.api.RunRequest;
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
  public Integer call() {
    RunSpec runSpec = SpecFile.read(spec);
    try (ProgressBar bar = new ProgressBar("stages", !quiet)) {
      EmbeddedRun.Outcome o =
          EmbeddedRun.run(
              runSpec,
              ModelCatalog.fromEnvironment(),
              port,
              new EmbeddedRun.Listener() {
                @Override
                public void started(RunRequest r, String store, int temporalPort) {
                  System.err.printf(
                      "opticl: run %s — %s, %d task(s) × %d shot count(s); store %s; Temporal on"
                          + " localhost:%d%n",
                      r.runId(),
                      r.model().id(),
                      r.tasks().size(),
                      r.shots().size(),
                      store,
                      temporalPort);
                }

                @Override
                public void progress(RunProgress.Snapshot s) {
                  if (!quiet) {
                    bar.update(s.done(), s.total(), s.label());
                  }
                }
              });
      bar.close();
      System.out.printf(
          "opticl: run %s done in %s — %d stages computed, %d from cache (model loads: %d)%n",
          o.request().runId(),
          format(o.wall()),
          o.result().computed(),
          o.result().cached(),
          o.modelLoads());
      System.out.println("report: " + o.result().report());
      return 0;
    } catch (EmbeddedRun.RunFailedException e) {
      System.err.println("\nopticl run failed: " + e.getMessage());
      return 1;
    }
  }

  static String format(Duration d) {
    long s = d.toSeconds();
    return s >= 60
        ? (s / 60) + "m" + String.format("%02d", s % 60) + "s"
        : String.format("%.1fs", d.toMillis() / 1000.0);
  }
}
