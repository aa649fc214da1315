package org.opticl.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.opticl.model.golden.GoldenOutputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code opticl golden DIR}: opticl's values for every output field of DIR/golden.json. */
@Command(
    name = "golden",
    mixinStandardHelpOptions = true,
    description = {
      "Reads DIR/config.json, DIR/model.safetensors and the inputs of DIR/golden.json, and prints"
          + " one JSON object with every output field of golden.json as opticl computes it."
    })
final class GoldenCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "model directory with golden.json")
  Path dir;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      description = "cpu or a GPU (gpu:N, cuda:N); float32 either way; default: ${DEFAULT-VALUE}")
  String device;

  @Override
  public Integer call() throws Exception {
    System.out.println(new ObjectMapper().writeValueAsString(GoldenOutputs.compute(dir, device)));
    return 0;
  }
}
