package org.opticl.measure.ffn;

import java.util.Objects;
import java.util.OptionalDouble;
import org.opticl.measure.EvalSetup;

/**
 * What the FFN knock-offs evaluate: a task setup, and the baseline when the pipeline's {@code
 * baseline} stage already has it (otherwise the knock-off run evaluates the unmasked model first,
 * as one more resumable step).
 *
 * @param setup task, shots, data and document limit of every evaluation
 * @param knownBaseline the unmasked model's headline metric (acc × 100, em × 100 for ReCoRD)
 */
public record FfnKnockoffInput(EvalSetup setup, OptionalDouble knownBaseline) {
  public FfnKnockoffInput {
    Objects.requireNonNull(setup, "setup");
    Objects.requireNonNull(knownBaseline, "knownBaseline");
    if (knownBaseline.isPresent() && !Double.isFinite(knownBaseline.getAsDouble())) {
      throw new IllegalArgumentException(
          "knownBaseline=" + knownBaseline.getAsDouble() + " must be a finite percentage");
    }
  }

  /** Knock-offs with the baseline evaluated in the same run. */
  public static FfnKnockoffInput of(EvalSetup setup) {
    return new FfnKnockoffInput(setup, OptionalDouble.empty());
  }
}
