package org.opticl.model.induction;

/**
 * Per-head mean and unbiased (N−1) variance [L][H] of a score over the sequences, as the original
 * pickles them ({@code {'mean': Tensor[L,H], 'variance': Tensor[L,H]}}) for its heatmaps.
 */
public record HeadStats(double[][] mean, double[][] variance) {
  public HeadStats {
    mean = RunningMoments.copy(mean);
    variance = RunningMoments.copy(variance);
  }

  @Override
  public double[][] mean() {
    return RunningMoments.copy(mean);
  }

  @Override
  public double[][] variance() {
    return RunningMoments.copy(variance);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HeadStats s
        && java.util.Arrays.deepEquals(mean, s.mean)
        && java.util.Arrays.deepEquals(variance, s.variance);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.deepHashCode(mean) + java.util.Arrays.deepHashCode(variance);
  }

  @Override
  public String toString() {
    return "HeadStats[" + mean.length + " layers]";
  }
}
