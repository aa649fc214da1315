package org.opticl.measure.pruning;

import java.util.List;
import java.util.Map;
import org.opticl.measure.ModelShape;

/**
 * Task-aggregate head importance, paper Eq. 10: the plain mean over tasks of their [L][H]
 * importance for one shot count. No task is normalised first (paper-spec §1.7), so tasks with
 * larger raw scores weigh more — kept for parity.
 */
public final class AggregateImportance {
  private AggregateImportance() {}

  /** The mean of per-task importance, keyed by task name (names only label errors). */
  public static double[][] mean(Map<String, double[][]> byTask) {
    if (byTask.isEmpty()) {
      throw new IllegalArgumentException("aggregate importance needs at least one task");
    }
    ModelShape shape = null;
    for (Map.Entry<String, double[][]> e : byTask.entrySet()) {
      String what = "head importance of " + e.getKey();
      if (shape == null) {
        shape = ModelShape.ofMatrix(e.getValue(), what);
      } else {
        shape.check(e.getValue(), what);
      }
    }
    return mean(List.copyOf(byTask.values()), shape);
  }

  /** The mean of per-task importance matrices, all of one shape. */
  public static double[][] mean(List<double[][]> perTask) {
    if (perTask.isEmpty()) {
      throw new IllegalArgumentException("aggregate importance needs at least one task");
    }
    ModelShape shape = ModelShape.ofMatrix(perTask.get(0), "head importance of task 0");
    for (int i = 1; i < perTask.size(); i++) {
      shape.check(perTask.get(i), "head importance of task " + i);
    }
    return mean(perTask, shape);
  }

  private static double[][] mean(List<double[][]> perTask, ModelShape shape) {
    double[][] out = new double[shape.layers()][shape.heads()];
    // Summed in task order, then divided once: spearman_rankings.py's sum / count.
    for (double[][] m : perTask) {
      for (int l = 0; l < shape.layers(); l++) {
        for (int h = 0; h < shape.heads(); h++) {
          out[l][h] += m[l][h];
        }
      }
    }
    for (double[] row : out) {
      for (int h = 0; h < row.length; h++) {
        row[h] /= perTask.size();
      }
    }
    return out;
  }
}
