package org.opticl.activities;

import java.util.List;
import org.opticl.analysis.CrossShotTable;
import org.opticl.schema.CorrelationMatrix;

/**
 * Everything the summary derives across cells: Spearman matrices of head importance between tasks
 * per shot count (correct and the original's argsort variant), Table 1 (cross-shot SRCC), overlap
 * of the top-30% important heads between tasks, and induction capacity retained under pruning.
 */
public record RunAnalysis(
    List<CorrelationMatrix> spearman,
    List<Table1> table1,
    List<Overlap> topHeadOverlap,
    List<Capacity> capacity) {

  /** Table 1 computed with one Spearman variant ({@code method} as in correlation matrices). */
  public record Table1(String method, CrossShotTable table) {}

  /** |top-k%(a) ∩ top-k%(b)| / k for one pair of tasks at one shot count. */
  public record Overlap(int shots, String a, String b, int percent, double overlap) {}

  /**
   * Share of total prefix-matching or copying score kept as heads are pruned by a ranking.
   *
   * @param score {@code prefix-matching} or {@code copying}
   * @param ranking {@code aggregate} or a task name
   */
  public record Capacity(
      String score, int shots, String ranking, double[] percentPruned, double[] retained) {}
}
