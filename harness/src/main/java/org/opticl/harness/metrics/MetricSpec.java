package org.opticl.harness.metrics;

/** A task's metric: its name in the results JSON and how documents are aggregated into it. */
public record MetricSpec(String name, Aggregation aggregation, boolean higherIsBetter) {
  public static MetricSpec mean(String name) {
    return new MetricSpec(name, Aggregation.MEAN, true);
  }
}
