package org.opticl.report;

import java.nio.file.Path;
import java.util.List;

/**
 * A written report.
 *
 * @param index the {@code index.html} to open
 * @param figures every figure and table, drawn or not, in page order
 */
public record ReportResult(Path index, List<FigureStatus> figures) {
  public ReportResult {
    figures = List.copyOf(figures);
  }

  /** The figures that were not drawn, with their messages. */
  public List<FigureStatus> missing() {
    return figures.stream().filter(f -> !f.drawn()).toList();
  }
}
