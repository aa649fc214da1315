package org.opticl.analysis;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A correlation matrix to compute (paper Fig. 8, 15): importance of several tasks for one shot
 * count, optionally with their aggregate (paper Eq. 10) as one more row and column.
 *
 * @param subject what is correlated, e.g. {@code head-importance/1-shot}
 * @param importance per-task importance, in row order; names distinct, shapes equal
 * @param includeAggregate add the mean over the tasks as the last row, labelled {@code aggregate}
 * @param variant correct SRCC or the original's argsort form
 */
public record CorrelationInput(
    String subject,
    List<NamedImportance> importance,
    boolean includeAggregate,
    SpearmanVariant variant) {

  public CorrelationInput {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(variant, "variant");
    importance = List.copyOf(importance);
    if (importance.size() < (includeAggregate ? 1 : 2)) {
      throw new IllegalArgumentException(
          "a correlation matrix needs at least "
              + (includeAggregate ? "1 task (plus the aggregate)" : "2 tasks")
              + ", got "
              + importance.size());
    }
    Set<String> seen = new HashSet<>();
    for (NamedImportance n : importance) {
      if (!seen.add(n.name())) {
        throw new IllegalArgumentException("task '" + n.name() + "' appears twice");
      }
      if (!n.shape().equals(importance.get(0).shape())) {
        throw new IllegalArgumentException(
            "importance of "
                + n.name()
                + " has shape "
                + n.shape()
                + ", but "
                + importance.get(0).name()
                + " has "
                + importance.get(0).shape());
      }
    }
    if (includeAggregate && seen.contains("aggregate")) {
      throw new IllegalArgumentException(
          "a task is named 'aggregate', which clashes with the aggregate row");
    }
  }
}
