package org.opticl.measure.pruning;

import java.util.Arrays;
import org.opticl.measure.ModelShape;

/**
 * Orders of all heads by importance, over the row-major flattening of [L][H] (flat index = layer·H
 * + head): one global ranking, no per-layer quota (paper-spec §3.1).
 *
 * <p>Ties: the original uses {@code torch.sort}, which does not promise any order among equal
 * values (in practice ties occur only among exact zeros). opticl breaks every tie by the lower flat
 * index, i.e. a stable sort: among equally unimportant heads, those in earlier layers (then lower
 * head numbers) are pruned first. {@code -0.0} and {@code 0.0} are equal; NaN is rejected.
 */
public final class HeadRanking {
  private HeadRanking() {}

  /** Flat head indices by ascending importance (least important first). */
  public static int[] ascending(double[][] importance) {
    return ascending(ModelShape.flatten(checked(importance)));
  }

  /** Flat indices by ascending value, ties by lower index. */
  public static int[] ascending(double[] values) {
    return order(values, false);
  }

  /** Flat indices by descending value (most important first), ties by lower index. */
  public static int[] descending(double[] values) {
    return order(values, true);
  }

  private static int[] order(double[] values, boolean descending) {
    if (values.length == 0) {
      throw new IllegalArgumentException("nothing to rank: no values");
    }
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i])) {
        throw new IllegalArgumentException("value at flat index " + i + " is NaN; cannot rank");
      }
    }
    Integer[] idx = new Integer[values.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    // Arrays.sort on objects is a stable merge sort: equal keys keep index order.
    Arrays.sort(
        idx,
        (a, b) -> {
          double va = values[a];
          double vb = values[b];
          int c = va < vb ? -1 : (va > vb ? 1 : 0);
          return descending ? -c : c;
        });
    return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
  }

  private static double[][] checked(double[][] importance) {
    ModelShape.ofMatrix(importance, "head importance");
    return importance;
  }
}
