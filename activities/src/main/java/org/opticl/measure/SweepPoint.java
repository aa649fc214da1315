package org.opticl.measure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.opticl.schema.Metric;

/**
 * The outcome of one masked evaluation of a sweep: every metric the task reports (so that the
 * pipeline can store a full evaluation result) and the headline number the paper compares.
 *
 * @param label the mask's label
 * @param headline {@code acc × 100} ({@code em × 100} for ReCoRD), see {@link Headline}
 * @param metrics metric name to value, in the task's report order
 * @param docCount documents scored
 */
public record SweepPoint(String label, double headline, Map<String, Metric> metrics, int docCount) {
  public SweepPoint {
    Objects.requireNonNull(label, "label");
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }
}
