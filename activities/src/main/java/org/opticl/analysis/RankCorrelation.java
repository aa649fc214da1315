package org.opticl.analysis;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.opticl.measure.pruning.HeadRanking;

/**
 * Spearman's rank correlation and its p-value as {@code scipy.stats.spearmanr} computes them: ρ is
 * the Pearson correlation of the ranks (ties get their average rank), and the two-sided p-value
 * comes from t = ρ·√(dof / ((ρ+1)(1−ρ))) under a Student t distribution with dof = n − 2.
 */
public final class RankCorrelation {
  private RankCorrelation() {}

  /** The correlation of {@code a} and {@code b} by the chosen variant. */
  public static Correlation of(SpearmanVariant variant, double[] a, double[] b) {
    return switch (variant) {
      case VALUES -> spearman(a, b);
      case ARGSORT -> argsortSpearman(a, b);
    };
  }

  /** The correct SRCC of two value vectors. */
  public static Correlation spearman(double[] a, double[] b) {
    check(a, b);
    if (constant(a) || constant(b)) {
      throw new IllegalArgumentException(
          "Spearman's rho is undefined for a constant vector (all "
              + (constant(a) ? a[0] : b[0])
              + ")");
    }
    double rho = new SpearmansCorrelation().correlation(a, b);
    return new Correlation(rho, pValue(rho, a.length), a.length);
  }

  /**
   * The original's variant: Spearman of the two argsort permutations (ascending; ties by lower
   * index, see {@link HeadRanking}). The permutations have no ties, so this is 1 − 6Σd²/(n(n²−1))
   * over the index vectors.
   */
  public static Correlation argsortSpearman(double[] a, double[] b) {
    check(a, b);
    return spearman(toDoubles(argsort(a)), toDoubles(argsort(b)));
  }

  /** Indices by ascending value, ties by lower index. */
  public static int[] argsort(double[] values) {
    return HeadRanking.ascending(values);
  }

  /**
   * scipy's two-sided p-value of a Spearman ρ over n pairs: 2·sf(|t|, n − 2); 0 when |ρ| = 1.
   *
   * @throws IllegalArgumentException when n < 3 (no degrees of freedom) or ρ is not in [−1, 1]
   */
  public static double pValue(double rho, int n) {
    if (n < 3) {
      throw new IllegalArgumentException(
          "a p-value needs at least 3 pairs (n − 2 degrees of freedom), got n=" + n);
    }
    if (!(rho >= -1 && rho <= 1)) {
      throw new IllegalArgumentException("rho=" + rho + " is not a correlation in [-1, 1]");
    }
    double dof = n - 2;
    // Clipped at 0 as scipy does against rounding just outside [-1, 1].
    double t = rho * Math.sqrt(Math.max(0, dof / ((rho + 1.0) * (1.0 - rho))));
    if (Double.isInfinite(t) || Double.isNaN(t)) {
      return 0.0;
    }
    return 2 * new TDistribution(null, dof).cumulativeProbability(-Math.abs(t));
  }

  private static void check(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "cannot correlate vectors of different lengths: " + a.length + " and " + b.length);
    }
    if (a.length < 3) {
      throw new IllegalArgumentException(
          "Spearman with a p-value needs at least 3 pairs, got " + a.length);
    }
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
        throw new IllegalArgumentException(
            "pair " + i + " is (" + a[i] + ", " + b[i] + "); values must be finite");
      }
    }
  }

  private static boolean constant(double[] v) {
    for (double x : v) {
      if (x != v[0]) {
        return false;
      }
    }
    return true;
  }

  private static double[] toDoubles(int[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }
}
