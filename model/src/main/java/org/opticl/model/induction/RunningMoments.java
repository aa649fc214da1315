package org.opticl.model.induction;

import java.util.Arrays;

/**
 * Welford's running mean and sum of squared deviations [L][H] over the sequences seen so far: the
 * state a run needs to continue, exact in double precision, and numerically stable where the
 * variance is small next to the mean (most heads score near 0 with tiny spread).
 *
 * @param count sequences included
 * @param mean running mean per head
 * @param m2 running Σ (x − mean)² per head
 */
public record RunningMoments(int count, double[][] mean, double[][] m2) {

  public RunningMoments {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    if (mean.length != m2.length) {
      throw new IllegalArgumentException(
          "mean has " + mean.length + " layers, m2 has " + m2.length);
    }
    for (int l = 0; l < mean.length; l++) {
      if (mean[l].length != m2[l].length) {
        throw new IllegalArgumentException(
            "layer " + l + ": mean has " + mean[l].length + " heads, m2 has " + m2[l].length);
      }
    }
    mean = copy(mean);
    m2 = copy(m2);
  }

  /** No sequences yet, for a model of {@code layers} × {@code heads}. */
  public static RunningMoments empty(int layers, int heads) {
    return new RunningMoments(0, new double[layers][heads], new double[layers][heads]);
  }

  @Override
  public double[][] mean() {
    return copy(mean);
  }

  @Override
  public double[][] m2() {
    return copy(m2);
  }

  public int layers() {
    return mean.length;
  }

  public int heads() {
    return mean.length == 0 ? 0 : mean[0].length;
  }

  /** These moments with one more sequence's scores [L][H] included. */
  public RunningMoments plus(double[][] x) {
    if (x.length != mean.length) {
      throw new IllegalArgumentException(
          "scores have " + x.length + " layers, the moments have " + mean.length);
    }
    int n = count + 1;
    double[][] nextMean = new double[mean.length][];
    double[][] nextM2 = new double[mean.length][];
    for (int l = 0; l < mean.length; l++) {
      if (x[l].length != mean[l].length) {
        throw new IllegalArgumentException(
            "scores of layer " + l + " have " + x[l].length + " heads, expected " + mean[l].length);
      }
      nextMean[l] = new double[x[l].length];
      nextM2[l] = new double[x[l].length];
      for (int h = 0; h < x[l].length; h++) {
        double delta = x[l][h] - mean[l][h];
        nextMean[l][h] = mean[l][h] + delta / n;
        nextM2[l][h] = m2[l][h] + delta * (x[l][h] - nextMean[l][h]);
      }
    }
    return new RunningMoments(n, nextMean, nextM2);
  }

  /** Mean and unbiased variance; needs at least two sequences. */
  public HeadStats stats() {
    if (count < 2) {
      throw new IllegalStateException(
          "the unbiased variance needs at least 2 sequences, have " + count);
    }
    double[][] variance = new double[m2.length][];
    for (int l = 0; l < m2.length; l++) {
      variance[l] = new double[m2[l].length];
      for (int h = 0; h < m2[l].length; h++) {
        variance[l][h] = m2[l][h] / (count - 1);
      }
    }
    return new HeadStats(mean, variance);
  }

  static double[][] copy(double[][] a) {
    return Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RunningMoments r
        && count == r.count
        && Arrays.deepEquals(mean, r.mean)
        && Arrays.deepEquals(m2, r.m2);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * count + Arrays.deepHashCode(mean)) + Arrays.deepHashCode(m2);
  }

  @Override
  public String toString() {
    return "RunningMoments[count=" + count + ", " + layers() + "x" + heads() + "]";
  }
}
