package org.opticl.plots;

/**
 * The values mapped to the darkest and brightest colour of a heatmap; values outside are drawn at
 * the nearest end (the original scripts clip this way with seaborn's {@code vmin}/{@code vmax}, and
 * Fig. 3 relies on it to show structure below a few very important heads).
 *
 * @param lower value drawn darkest
 * @param upper value drawn brightest, greater than {@code lower}
 * @param description how the range was chosen, for captions (e.g. {@code min–max}, {@code paper:
 *     vmax = 0.004})
 */
public record ColourRange(double lower, double upper, String description) {
  public ColourRange {
    if (!Double.isFinite(lower) || !Double.isFinite(upper) || !(upper > lower)) {
      throw new IllegalArgumentException(
          "colour range needs finite lower < upper, got [" + lower + ", " + upper + "]");
    }
  }

  /**
   * From the smallest to the largest finite value. A constant matrix gets a small range around its
   * value so it still renders (one colour) instead of failing.
   */
  public static ColourRange minMax(double[][] values) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] row : values) {
      for (double v : row) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (lo == Double.POSITIVE_INFINITY) {
      return new ColourRange(0, 1, "no finite values");
    }
    return widened(lo, hi, "min–max");
  }

  /** {@code [lower, upper]}, widened like {@link #minMax} when the two are equal or crossed. */
  public static ColourRange of(double lower, double upper, String description) {
    return widened(lower, Math.max(lower, upper), description);
  }

  private static ColourRange widened(double lo, double hi, String description) {
    if (hi > lo) {
      return new ColourRange(lo, hi, description);
    }
    double pad = lo == 0 ? 1e-12 : Math.abs(lo) * 1e-6;
    return new ColourRange(lo - pad, hi + pad, description + " (constant)");
  }
}
