package org.opticl.harness.metrics;

import java.util.Map;

/**
 * What one evaluated document contributes to the task's metrics: per-metric values (e.g. {@code
 * acc} 1.0/0.0, LAMBADA's {@code ppl} log-likelihood), the predicted and gold class for metrics
 * computed over pairs (CB's F1), and a group key for metrics computed over groups of documents
 * (MultiRC's question, for {@code acc_all}). Unused parts are {@code -1} / {@code ""}.
 */
public record DocResult(Map<String, Double> values, int prediction, int gold, String group) {
  public DocResult {
    values = Map.copyOf(values);
  }

  /** A result that only carries values. */
  public static DocResult of(Map<String, Double> values) {
    return new DocResult(values, -1, -1, "");
  }

  /** The value of one metric, or an error naming the metrics this result has. */
  public double value(String metric) {
    Double v = values.get(metric);
    if (v == null) {
      throw new IllegalArgumentException(
          "no value for metric '"
              + metric
              + "' in this document result; it has "
              + values.keySet());
    }
    return v;
  }
}
