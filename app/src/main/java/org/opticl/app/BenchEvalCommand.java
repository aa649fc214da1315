package org.opticl.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.concurrent.Callable;
import org.opticl.model.bench.ScoringBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opticl bench eval}: shared-prefix vs unshared scoring, tokens and wall time. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Scores HellaSwag-like 5-shot documents (4 endings) with a random OPT of the given shape,"
          + " once with shared prefixes and once without, and prints tokens and wall time of both."
    })
final class BenchEvalCommand implements Callable<Integer> {
  @Option(names = "--shape", defaultValue = "125m")
  String shape;

  @Option(names = "--docs", defaultValue = "8")
  int docs;

  @Option(names = "--shots", defaultValue = "5")
  int shots;

  @Option(names = "--choices", defaultValue = "4")
  int choices;

  @Option(names = "--seed", defaultValue = "0")
  long seed;

  @Override
  public Integer call() throws Exception {
    System.out.println(
        new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .writeValueAsString(ScoringBenchmark.run(shape, docs, shots, choices, seed)));
    return 0;
  }
}
