package org.opticl.measure.pruning;

import java.util.Objects;
import org.opticl.measure.SweepPoint;
import org.opticl.measure.UnitMask;

/**
 * One evaluated pruning point: the percentages, exactly which units they removed, and the resulting
 * headline metric (the paper's accuracy, × 100).
 *
 * @param cell the (head %, FFN %) pair
 * @param mask the units removed
 * @param metric the headline metric's name ({@code acc}, {@code em} for ReCoRD)
 * @param accuracy its value × 100
 * @param evaluation every metric of the evaluation
 */
public record PruningPoint(
    GridCell cell, UnitMask mask, String metric, double accuracy, SweepPoint evaluation) {
  public PruningPoint {
    Objects.requireNonNull(cell, "cell");
    Objects.requireNonNull(mask, "mask");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(evaluation, "evaluation");
  }
}
