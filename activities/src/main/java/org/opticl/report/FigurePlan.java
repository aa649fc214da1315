package org.opticl.report;

import java.util.Objects;
import java.util.Optional;
import org.opticl.plots.FigureSpec;

/**
 * One figure of the report before it is drawn: where it goes, what it says, and either what to draw
 * or why it cannot be drawn. Exactly one of {@code spec} and {@code missing} is present.
 *
 * @param id file base name, path-safe, e.g. {@code pruning-heads-1shot}
 * @param section the report section
 * @param group the heading inside the section, e.g. {@code Per task, 1-shot}
 * @param paperRef the paper figure it reproduces, e.g. {@code Fig. 5}
 * @param title one line, naming model, task and shots
 * @param caption what the figure shows and how to read it
 * @param spec what to draw, when every input is present
 * @param missing the missing-input message, when not
 */
public record FigurePlan(
    String id,
    Section section,
    String group,
    String paperRef,
    String title,
    String caption,
    Optional<FigureSpec> spec,
    Optional<String> missing) {
  public FigurePlan {
    Objects.requireNonNull(id, "id");
    if (spec.isPresent() == missing.isPresent()) {
      throw new IllegalArgumentException(
          "figure " + id + " needs exactly one of a spec and a missing-input message");
    }
  }

  static FigurePlan ready(
      String id,
      Section section,
      String group,
      String paperRef,
      String title,
      String caption,
      FigureSpec spec) {
    return new FigurePlan(
        id, section, group, paperRef, title, caption, Optional.of(spec), Optional.empty());
  }

  static FigurePlan missing(
      String id,
      Section section,
      String group,
      String paperRef,
      String title,
      String caption,
      String message) {
    return new FigurePlan(
        id, section, group, paperRef, title, caption, Optional.empty(), Optional.of(message));
  }
}
