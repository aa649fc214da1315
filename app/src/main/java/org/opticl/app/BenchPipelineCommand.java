package org.opticl.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.opticl.activities.ModelCatalog;
import org.opticl.app.bench.PipelineBenchmark;
import org.opticl.app.pipeline.EmbeddedRun;
import org.opticl.app.pipeline.RunProgress;
import org.opticl.schema.RunSpec;
import org.opticl.spec.SpecFile;
import org.opticl.store.FileTrees;
import org.opticl.workflows.api.RunRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code opticl bench pipeline}: orchestration overhead per activity, with no-op stages; then the
 * demo spec run twice into a fresh store, the second time all from the cache.
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the real workflows on the embedded Temporal server with activities that return at"
          + " once, and prints the orchestration overhead per activity as JSON; then runs --demo"
          + " twice into a fresh store and prints the first and the cached re-run's wall time."
    })
final class BenchPipelineCommand implements Callable<Integer> {
  @Option(names = "--tasks", defaultValue = "4")
  int tasks;

  @Option(names = "--layers", defaultValue = "12")
  int layers;

  @Option(names = "--max-parallel", defaultValue = "8")
  int maxParallel;

  @Option(
      names = "--demo",
      defaultValue = "examples/demo.yaml",
      description = "spec whose cached re-run is timed (default: ${DEFAULT-VALUE})")
  Path demo;

  @Option(names = "--no-demo", description = "measure the orchestration overhead only")
  boolean noDemo;

  /** The spec's first run and its cached re-run, into a fresh store. */
  record CachedRerun(
      String spec, double firstRunS, double cachedRerunS, double ratio, int rerunComputed) {}

  @Override
  public Integer call() throws Exception {
    ObjectMapper json =
        new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    System.out.println(json.writeValueAsString(PipelineBenchmark.run(tasks, layers, maxParallel)));
    if (!noDemo) {
      System.out.println(json.writeValueAsString(cachedRerun()));
    }
    return 0;
  }

  private CachedRerun cachedRerun() throws IOException {
    Path store = Files.createTempDirectory("opticl-bench-pipeline");
    try {
      RunSpec spec = SpecFile.read(demo).withStore(store.toString());
      ModelCatalog models = ModelCatalog.fromEnvironment();
      EmbeddedRun.Listener quiet =
          new EmbeddedRun.Listener() {
            @Override
            public void started(RunRequest request, String location, int port) {}

            @Override
            public void progress(RunProgress.Snapshot snapshot) {}
          };
      EmbeddedRun.Outcome first = EmbeddedRun.run(spec, models, 0, quiet);
      EmbeddedRun.Outcome again = EmbeddedRun.run(spec, models, 0, quiet);
      double a = first.wall().toMillis() / 1000.0;
      double b = again.wall().toMillis() / 1000.0;
      return new CachedRerun(demo.toString(), a, b, b / a, again.result().computed());
    } finally {
      FileTrees.delete(store);
    }
  }
}
