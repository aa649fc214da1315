package org.opticl.harness.eval;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The run configuration recorded in the results JSON under {@code config}, with the keys of the
 * original {@code main.py} output.
 */
public record EvalConfig(
    String model,
    String modelArgs,
    int numFewshot,
    OptionalInt batchSize,
    Optional<String> device,
    boolean noCache,
    OptionalInt limit,
    int bootstrapIters,
    Map<String, String> descriptionDict) {
  public EvalConfig {
    descriptionDict = Map.copyOf(descriptionDict);
  }
}
