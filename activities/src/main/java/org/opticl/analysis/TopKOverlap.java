package org.opticl.analysis;

import java.util.Arrays;
import org.opticl.measure.ModelShape;
import org.opticl.measure.pruning.HeadRanking;
import org.opticl.measure.pruning.Percentages;

/**
 * How many of the most important heads two tasks share (paper §6.1.2: "overlap of the top-30%
 * important heads: 71% (ReCoRD–COPA)"): |top_k(A) ∩ top_k(B)| / k with k = ⌊p·N/100⌋, the same
 * floor as pruning. Top-k takes the k largest values; ties by lower flat index, as {@link
 * HeadRanking}.
 */
public final class TopKOverlap {
  private TopKOverlap() {}

  /** The overlap fraction in [0, 1]. */
  public static double overlap(double[][] a, double[][] b, int percent) {
    ModelShape shape = ModelShape.ofMatrix(a, "first importance");
    shape.check(b, "second importance");
    int[] ta = topK(a, percent);
    int[] tb = topK(b, percent);
    int common = 0;
    int j = 0;
    for (int x : ta) {
      while (j < tb.length && tb[j] < x) {
        j++;
      }
      if (j < tb.length && tb[j] == x) {
        common++;
      }
    }
    return (double) common / ta.length;
  }

  /** The flat indices of the k = ⌊p·N/100⌋ most important heads, ascending. */
  public static int[] topK(double[][] importance, int percent) {
    ModelShape shape = ModelShape.ofMatrix(importance, "importance");
    int k = Percentages.count(Percentages.check(percent, "top-k"), shape.totalHeads());
    if (k == 0) {
      throw new IllegalArgumentException(
          "top "
              + percent
              + "% of "
              + shape.totalHeads()
              + " heads is no head at all; use a larger percentage");
    }
    int[] top = Arrays.copyOf(HeadRanking.descending(ModelShape.flatten(importance)), k);
    Arrays.sort(top);
    return top;
  }
}
