package org.opticl.report;

import java.util.Objects;

/**
 * Choices about how a report looks that do not change what it reports.
 *
 * @param colourScaling heatmap colour limits
 */
public record ReportOptions(ColourScaling colourScaling) {
  public ReportOptions {
    Objects.requireNonNull(colourScaling, "colourScaling");
  }

  /** Min–max colour scaling. */
  public static ReportOptions defaults() {
    return new ReportOptions(ColourScaling.MIN_MAX);
  }
}
