package org.opticl.measure.pruning;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.opticl.schema.CorrelationMatrix;

/**
 * Cross-task transfer (paper §6.1.2, paper-spec §3.4): task T is pruned with another task's
 * ranking, or with the task-aggregate ranking, and compared with its own. Which other tasks: the
 * ones whose importance correlates most and least with T's (highest/lowest SRCC); the paper's
 * choices are kept as {@link #paperPartners}, and {@link #partners} derives them from a correlation
 * matrix.
 */
public final class CrossTask {
  private CrossTask() {}

  /** The label of the task-aggregate ranking. */
  public static final String AGGREGATE = "aggregate";

  /** The most and the least correlated other task. */
  public record Partners(String highest, String lowest) {}

  /**
   * The importance to rank heads by when pruning with {@code source}'s ranking: that task's own
   * importance, or the mean over all tasks (paper Eq. 10) for {@link #AGGREGATE}.
   */
  public static double[][] importanceOf(String source, Map<String, double[][]> byTask) {
    Objects.requireNonNull(source, "source");
    if (AGGREGATE.equals(source)) {
      return AggregateImportance.mean(byTask);
    }
    double[][] m = byTask.get(source);
    if (m == null) {
      throw new IllegalArgumentException(
          "no head importance for ranking source '"
              + source
              + "'; available: "
              + byTask.keySet()
              + " and '"
              + AGGREGATE
              + "'");
    }
    return m;
  }

  /**
   * The highest- and lowest-correlated task for {@code target} in a correlation matrix, leaving out
   * {@code target} itself and the aggregate row; ties go to the task listed first.
   */
  public static Partners partners(CorrelationMatrix matrix, String target) {
    List<String> labels = matrix.labels();
    int t = labels.indexOf(target);
    if (t < 0) {
      throw new IllegalArgumentException(
          "task '" + target + "' is not in the correlation matrix " + labels);
    }
    int best = -1;
    int worst = -1;
    for (int j = 0; j < labels.size(); j++) {
      if (j == t || AGGREGATE.equals(labels.get(j))) {
        continue;
      }
      double r = matrix.rho()[t][j];
      if (best < 0 || r > matrix.rho()[t][best]) {
        best = j;
      }
      if (worst < 0 || r < matrix.rho()[t][worst]) {
        worst = j;
      }
    }
    if (best < 0) {
      throw new IllegalArgumentException(
          "the correlation matrix " + labels + " has no other task for '" + target + "'");
    }
    return new Partners(labels.get(best), labels.get(worst));
  }

  private static final Map<Integer, Map<String, Partners>> PAPER =
      Map.of(
          0,
          Map.of(
              "copa", new Partners("winogrande", "record"),
              "winogrande", new Partners("copa", "record"),
              "record", new Partners("rte", "openbookqa")),
          1,
          Map.of(
              "copa", new Partners("wsc", "record"),
              "winogrande", new Partners("copa", "record"),
              "record", new Partners("hellaswag", "wic")),
          5,
          Map.of(
              "copa", new Partners("wsc", "record"),
              "winogrande", new Partners("boolq", "record"),
              "record", new Partners("hellaswag", "wic")));

  /**
   * The partners the paper used (hard-coded in {@code crosstask_accuracy.py}): defined for COPA,
   * WinoGrande and ReCoRD at 0, 1 and 5 shots; empty otherwise.
   */
  public static Optional<Partners> paperPartners(String task, int shots) {
    return Optional.ofNullable(PAPER.getOrDefault(shots, Map.of()).get(task));
  }
}
