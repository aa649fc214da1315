package org.opticl.measure.pruning;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.opticl.measure.EvalSetup;

/**
 * A pruning run: one task setup evaluated at several (head %, FFN %) points, masks built from the
 * given rankings. The rankings need not be the task's own: cross-task transfer passes another
 * task's importance, or the aggregate's, and says so in {@code rankingSource}.
 *
 * @param setup the evaluated task, shots, data and limit
 * @param rankingSource where the rankings come from, for people, e.g. {@code piqa/1-shot} or {@code
 *     aggregate/0-shot}
 * @param headImportance [L][H] importance; required when any point removes heads
 * @param ffnRanking FFN layers, least important first; required when any point removes FFNs
 * @param points the (head %, FFN %) pairs, evaluated in this order
 */
public record PruningInput(
    EvalSetup setup,
    String rankingSource,
    Optional<double[][]> headImportance,
    Optional<int[]> ffnRanking,
    List<GridCell> points) {

  public PruningInput {
    Objects.requireNonNull(setup, "setup");
    Objects.requireNonNull(rankingSource, "rankingSource");
    Objects.requireNonNull(headImportance, "headImportance");
    Objects.requireNonNull(ffnRanking, "ffnRanking");
    points = List.copyOf(points);
    if (points.isEmpty()) {
      throw new IllegalArgumentException("a pruning run needs at least one point");
    }
    for (GridCell c : points) {
      if (c.headPercent() > 0 && headImportance.isEmpty()) {
        throw new IllegalArgumentException(
            "point " + c.label() + " removes heads but no head importance was given");
      }
      if (c.ffnPercent() > 0 && ffnRanking.isEmpty()) {
        throw new IllegalArgumentException(
            "point " + c.label() + " removes FFNs but no FFN ranking was given");
      }
    }
  }

  /** Head pruning at each percentage (paper Fig. 5). */
  public static PruningInput heads(
      EvalSetup setup, String source, double[][] importance, List<Integer> percents) {
    return new PruningInput(
        setup,
        source,
        Optional.of(importance),
        Optional.empty(),
        percents.stream().map(p -> new GridCell(p, 0)).toList());
  }

  /** FFN pruning at each percentage (paper Fig. 6). */
  public static PruningInput ffns(
      EvalSetup setup, String source, int[] ranking, List<Integer> percents) {
    return new PruningInput(
        setup,
        source,
        Optional.empty(),
        Optional.of(ranking),
        percents.stream().map(p -> new GridCell(0, p)).toList());
  }

  /** Combined pruning over a grid (paper Fig. 7). */
  public static PruningInput combined(
      EvalSetup setup, String source, double[][] importance, int[] ranking, CombinedGrid grid) {
    return new PruningInput(
        setup, source, Optional.of(importance), Optional.of(ranking), grid.cells());
  }
}
