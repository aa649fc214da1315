package org.opticl.schema;

import java.util.OptionalDouble;

/**
 * A metric value with its standard error when one was computed (lm-evaluation-harness reports
 * {@code acc} with {@code acc_stderr}; the paper's runs omit it).
 */
public record Metric(double value, OptionalDouble stderr) {

  public Metric {
    Checks.finite(value, "Metric.value");
    Checks.present(stderr, "Metric.stderr");
    if (stderr.isPresent()) {
      Checks.finite(stderr.getAsDouble(), "Metric.stderr");
    }
  }

  /** A metric without a standard error. */
  public static Metric of(double value) {
    return new Metric(value, OptionalDouble.empty());
  }

  /** A metric with a standard error. */
  public static Metric of(double value, double stderr) {
    return new Metric(value, OptionalDouble.of(stderr));
  }
}
