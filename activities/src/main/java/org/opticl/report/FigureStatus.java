package org.opticl.report;

import java.util.List;
import java.util.Optional;

/**
 * What became of one figure (or table) of a report, for the caller's records and for tests.
 *
 * @param id file base name
 * @param section report section
 * @param paperRef paper figure or table reproduced, e.g. {@code Fig. 5}
 * @param title the figure's title
 * @param drawn whether it was drawn
 * @param missing the missing-input message when it was not
 * @param files paths relative to the report folder (PNG, SVG, CSV; CSV only for a table)
 */
public record FigureStatus(
    String id,
    Section section,
    String paperRef,
    String title,
    boolean drawn,
    Optional<String> missing,
    List<String> files) {
  public FigureStatus {
    files = List.copyOf(files);
  }
}
