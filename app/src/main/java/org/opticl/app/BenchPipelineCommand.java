package org.opticl.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.concurrent.Callable;
import org.opticl.app.bench.PipelineBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opticl bench pipeline}: orchestration overhead per activity, with no-op stages. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the real workflows on the embedded Temporal server with activities that return at"
          + " once, and prints the orchestration overhead per activity as JSON."
    })
final class BenchPipelineCommand implements Callable<Integer> {
  @Option(names = "--tasks", defaultValue = "4")
  int tasks;

  @Option(names = "--layers", defaultValue = "12")
  int layers;

  @Option(names = "--max-parallel", defaultValue = "8")
  int maxParallel;

  @Override
  public Integer call() throws Exception {
    System.out.println(
        new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .writeValueAsString(PipelineBenchmark.run(tasks, layers, maxParallel)));
    return 0;
  }
}
