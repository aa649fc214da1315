package org.opticl.analysis;

import java.util.Arrays;

/**
 * The share of a score's total kept as heads are pruned (paper Fig. 11): point i has {@code
 * percentPruned[i] = 100·i/N} and {@code retained[i]} in percent of the total.
 */
public record CapacityCurve(double[] percentPruned, double[] retained) {
  public CapacityCurve {
    if (percentPruned.length != retained.length) {
      throw new IllegalArgumentException(
          "curve has " + percentPruned.length + " x values and " + retained.length + " y values");
    }
    percentPruned = percentPruned.clone();
    retained = retained.clone();
  }

  @Override
  public double[] percentPruned() {
    return percentPruned.clone();
  }

  @Override
  public double[] retained() {
    return retained.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CapacityCurve c
        && Arrays.equals(percentPruned, c.percentPruned)
        && Arrays.equals(retained, c.retained);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(percentPruned) + Arrays.hashCode(retained);
  }

  @Override
  public String toString() {
    return "CapacityCurve[" + retained.length + " points]";
  }
}
