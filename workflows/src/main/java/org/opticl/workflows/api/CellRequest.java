package org.opticl.workflows.api;

import java.util.List;

/**
 * One (task, shots) cell of a run: every stage from the baseline to combined pruning.
 *
 * @param eval the cell's evaluation setting
 * @param model the model's shape and identity, described once per run
 * @param options how the run computes (percentages, importance settings, parallelism)
 */
public record CellRequest(EvalSpec eval, ModelInfo model, RunOptions options) {
  /** Every grid point (a, b) of combined pruning, both > 0 (the axes are the single-kind runs). */
  public List<int[]> combinedGrid() {
    List<int[]> out = new java.util.ArrayList<>();
    for (int a : options.combinedHeadPercents()) {
      for (int b : options.combinedFfnPercents()) {
        out.add(new int[] {a, b});
      }
    }
    return out;
  }
}
