package org.opticl.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.concurrent.Callable;
import org.opticl.model.induction.InductionBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code opticl bench induction}: the cost of the prefix-matching and copying scores on a random
 * OPT of a published shape, and how much of it is not the model's own computation.
 */
@Command(
    name = "induction",
    mixinStandardHelpOptions = true,
    description = {
      "Prefix matching + copying over --sequences sequences of a random OPT of --shape (vocab"
          + " 50272; tokens from ids [2000, 48000), since a random model has no merges file)."
          + " Prints wall time, its split, and the share outside the model's computation."
          + " Run on a quiet machine."
    })
final class BenchInductionCommand implements Callable<Integer> {
  @Option(
      names = "--shape",
      defaultValue = "125m",
      description = "OPT shape (default: ${DEFAULT-VALUE})")
  String shape;

  @Option(names = "--sequences", defaultValue = "100", description = "default: ${DEFAULT-VALUE}")
  int sequences;

  @Option(names = "--seed", defaultValue = "0")
  long seed;

  @Override
  public Integer call() throws Exception {
    System.out.println(
        new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .writeValueAsString(
                InductionBenchmark.run(
                    shape,
                    sequences,
                    seed,
                    line -> System.err.println("bench induction: " + line))));
    return 0;
  }
}
