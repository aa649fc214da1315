package org.opticl.harness.eval;

import java.util.List;
import org.opticl.harness.metrics.DocResult;
import org.opticl.harness.metrics.MetricValue;

/** The evaluation of one task: aggregated metrics in report order, and the per-document results. */
public record TaskResult(
    String task, int version, List<MetricValue> metrics, List<DocResult> docs) {
  public TaskResult {
    metrics = List.copyOf(metrics);
    docs = List.copyOf(docs);
  }
}
