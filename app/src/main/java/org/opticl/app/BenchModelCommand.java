package org.opticl.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.Callable;
import org.opticl.model.bench.ModelBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opticl bench model}: forward and forward+backward tokens/s against the GEMM roofline. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = {
      "Forward and forward+backward (to the head mask) tokens/s of a random OPT of the given shape,"
          + " and a square GEMM through the same engine on the same device (1024^3 float32 on the"
          + " CPU, 8192^3 float16 on a GPU). Run on a quiet machine."
    })
final class BenchModelCommand implements Callable<Integer> {
  @Option(
      names = "--shape",
      defaultValue = "125m",
      description = "OPT shape (default: ${DEFAULT-VALUE})")
  String shape;

  @Option(names = "--batch", defaultValue = "4")
  int batch;

  @Option(names = "--seq", defaultValue = "128")
  int seq;

  @Option(names = "--reps", defaultValue = "5")
  int reps;

  @Option(names = "--seed", defaultValue = "0")
  long seed;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      description = "cpu (float32) or a GPU, gpu:N or cuda:N (float16); default: ${DEFAULT-VALUE}")
  String device;

  @Override
  public Integer call() throws Exception {
    System.out.println(
        new ObjectMapper()
            .setPropertyNamingStrategy(
                com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
            .writeValueAsString(ModelBenchmark.run(shape, batch, seq, reps, seed, device)));
    return 0;
  }
}
