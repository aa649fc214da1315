package org.opticl.analysis;

import java.util.List;
import java.util.Objects;

/**
 * Paper Table 1: how well each task's head-importance ranking agrees across shot counts.
 *
 * @param tasks every task's importance at the shot counts the pairs name
 * @param pairs shot pairs, e.g. 0↔1, 0↔5, 1↔5 ({@link #PAPER_PAIRS})
 * @param variant correct SRCC or the original's argsort form
 */
public record CrossShotInput(
    List<TaskShots> tasks, List<CrossShotInput.ShotPair> pairs, SpearmanVariant variant) {

  /** Two shot counts to correlate. */
  public record ShotPair(int from, int to) {
    public ShotPair {
      if (from < 0 || to < 0 || from == to) {
        throw new IllegalArgumentException(
            "a shot pair needs two different counts >= 0, got " + from + " and " + to);
      }
    }
  }

  /** The paper's rows: 0↔1, 0↔5, 1↔5. */
  public static final List<ShotPair> PAPER_PAIRS =
      List.of(new ShotPair(0, 1), new ShotPair(0, 5), new ShotPair(1, 5));

  public CrossShotInput {
    Objects.requireNonNull(variant, "variant");
    tasks = List.copyOf(tasks);
    pairs = List.copyOf(pairs);
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("the cross-shot table needs at least one task");
    }
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("the cross-shot table needs at least one shot pair");
    }
  }
}
