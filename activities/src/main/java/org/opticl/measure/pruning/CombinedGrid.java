package org.opticl.measure.pruning;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The percentages of combined pruning (paper §5.3, Fig. 7): every pair of a head percentage and an
 * FFN percentage. The paper's grid is heads {0, 10, …, 70} × FFNs {0, 10, …, 50} (paper-spec §3.3);
 * both axes are parameters.
 *
 * @param headPercents row values, distinct, each in [0, 100]
 * @param ffnPercents column values, distinct, each in [0, 100]
 */
public record CombinedGrid(List<Integer> headPercents, List<Integer> ffnPercents) {

  /** The paper's grid: 8 head rows × 6 FFN columns, 48 cells including the baseline. */
  public static final CombinedGrid PAPER = new CombinedGrid(steps(0, 70, 10), steps(0, 50, 10));

  /** The paper's single-type percentages: 0 (baseline), 10, …, 90. */
  public static final List<Integer> PAPER_PERCENTS = steps(0, 90, 10);

  public CombinedGrid {
    headPercents = checked(headPercents, "head");
    ffnPercents = checked(ffnPercents, "FFN");
  }

  private static List<Integer> checked(List<Integer> percents, String what) {
    Objects.requireNonNull(percents, what + " percentages");
    if (percents.isEmpty()) {
      throw new IllegalArgumentException("the grid needs at least one " + what + " percentage");
    }
    for (Integer p : percents) {
      Percentages.check(Objects.requireNonNull(p, what + " percentage"), what);
    }
    if (new HashSet<>(percents).size() != percents.size()) {
      throw new IllegalArgumentException(what + " percentages repeat: " + percents);
    }
    return List.copyOf(percents);
  }

  /** {@code from, from+step, …, to}. */
  public static List<Integer> steps(int from, int to, int step) {
    if (step <= 0 || to < from) {
      throw new IllegalArgumentException(
          "steps need step > 0 and to >= from, got from=" + from + " to=" + to + " step=" + step);
    }
    return IntStream.iterate(from, p -> p <= to, p -> p + step).boxed().toList();
  }

  /** Every cell, head percentage major (rows), in the given orders. */
  public List<GridCell> cells() {
    List<GridCell> out = new ArrayList<>(headPercents.size() * ffnPercents.size());
    for (int a : headPercents) {
      for (int b : ffnPercents) {
        out.add(new GridCell(a, b));
      }
    }
    return out;
  }
}
