package org.opticl.analysis;

import org.opticl.measure.ModelShape;
import org.opticl.measure.pruning.HeadRanking;

/**
 * How much of the heads' total prefix-matching or copying score survives pruning by an importance
 * ranking (paper §6.3.1, paper-spec §4.4): for i = 0..N−1, retained(i) = 100·Σ score[order[i:]] / Σ
 * score at x = 100·i/N, where {@code order} lists flat head indices least important first.
 */
public final class CapacityRetained {
  private CapacityRetained() {}

  /** The curve for pruning in the ascending order of {@code importance}. */
  public static CapacityCurve byImportance(double[][] importance, double[][] score) {
    ModelShape shape = ModelShape.ofMatrix(score, "score");
    shape.check(importance, "importance");
    return curve(HeadRanking.ascending(importance), score);
  }

  /** The curve for an explicit pruning order (flat indices, least important first). */
  public static CapacityCurve curve(int[] order, double[][] score) {
    ModelShape shape = ModelShape.ofMatrix(score, "score");
    int n = shape.totalHeads();
    if (order.length != n) {
      throw new IllegalArgumentException(
          "order has " + order.length + " entries; the score matrix has " + n + " heads");
    }
    boolean[] seen = new boolean[n];
    for (int i : order) {
      if (i < 0 || i >= n || seen[i]) {
        throw new IllegalArgumentException(
            "order must be a permutation of 0.." + (n - 1) + "; entry " + i + " breaks it");
      }
      seen[i] = true;
    }
    double[] flat = ModelShape.flatten(score);
    // Suffix sums from the end: suffix[0] is the total, so retained(0) is exactly 100.
    double[] suffix = new double[n + 1];
    for (int i = n - 1; i >= 0; i--) {
      suffix[i] = suffix[i + 1] + flat[order[i]];
    }
    double total = suffix[0];
    if (total == 0) {
      throw new IllegalArgumentException("the scores sum to 0: no capacity to retain");
    }
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 100.0 * i / n;
      y[i] = 100 * suffix[i] / total;
    }
    return new CapacityCurve(x, y);
  }
}
