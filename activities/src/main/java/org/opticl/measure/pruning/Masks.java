package org.opticl.measure.pruning;

import java.util.Arrays;
import org.opticl.measure.ModelShape;
import org.opticl.measure.UnitMask;

/**
 * Masks from rankings as the original builds them (paper-spec §3.1–3.3): p% of heads are the first
 * ⌊p·N/100⌋ of the global ascending importance ranking; p% of FFNs the first ⌊p·L/100⌋ of the FFN
 * knock-off ranking; a combined mask is both, each from its own ranking, with no re-ranking.
 */
public final class Masks {
  private Masks() {}

  /** The p% least important heads by {@code importance} [L][H]. */
  public static UnitMask heads(ModelShape shape, double[][] importance, int percent) {
    shape.check(importance, "head importance");
    int k = Percentages.count(Percentages.check(percent, "head"), shape.totalHeads());
    int[] order = HeadRanking.ascending(importance);
    return UnitMask.of(shape, Arrays.copyOf(order, k), new int[0]);
  }

  /** The first p% of an FFN ranking (layers, least important first). */
  public static UnitMask ffns(ModelShape shape, int[] ranking, int percent) {
    checkRanking(shape, ranking);
    int k = Percentages.count(Percentages.check(percent, "FFN"), shape.layers());
    return UnitMask.of(shape, new int[0], Arrays.copyOf(ranking, k));
  }

  /** Heads and FFNs at once, each from its own ranking (paper §5.3). */
  public static UnitMask combined(
      ModelShape shape,
      double[][] headImportance,
      int headPercent,
      int[] ffnRanking,
      int ffnPercent) {
    return heads(shape, headImportance, headPercent).union(ffns(shape, ffnRanking, ffnPercent));
  }

  /** An FFN ranking must be a permutation of the model's layers. */
  public static void checkRanking(ModelShape shape, int[] ranking) {
    if (ranking == null || ranking.length != shape.layers()) {
      throw new IllegalArgumentException(
          "FFN ranking has "
              + (ranking == null ? "no" : String.valueOf(ranking.length))
              + " entries; the model has "
              + shape.layers()
              + " layers");
    }
    boolean[] seen = new boolean[ranking.length];
    for (int layer : ranking) {
      if (layer < 0 || layer >= ranking.length || seen[layer]) {
        throw new IllegalArgumentException(
            "FFN ranking must be a permutation of 0.."
                + (ranking.length - 1)
                + ", got "
                + Arrays.toString(ranking));
      }
      seen[layer] = true;
    }
  }
}
