package org.opticl.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.moment.Variance;
import org.opticl.analysis.CrossShotInput.ShotPair;

/**
 * Paper Table 1: per shot pair, the mean over tasks of the Spearman correlation between a task's
 * importance at the two shot counts, its variance over tasks, and the largest p-value (the paper
 * states all p < 0.01). No script for the table was released; the variance is numpy's default
 * {@code var} (population, ddof = 0), the natural reading of "mean (variance)" over 14 tasks.
 */
public record CrossShotTable(List<CrossShotTable.Row> rows) {

  /**
   * One row.
   *
   * @param pair the shot counts
   * @param mean mean ρ over tasks
   * @param variance population variance of ρ over tasks
   * @param maxPValue the largest p-value over tasks
   * @param perTask each task's correlation, in input order
   */
  public record Row(
      ShotPair pair,
      double mean,
      double variance,
      double maxPValue,
      Map<String, Correlation> perTask) {
    public Row {
      perTask = Collections.unmodifiableMap(new LinkedHashMap<>(perTask));
    }
  }

  public CrossShotTable {
    rows = List.copyOf(rows);
  }

  public static CrossShotTable compute(CrossShotInput input) {
    List<Row> rows = new ArrayList<>();
    for (ShotPair pair : input.pairs()) {
      Map<String, Correlation> perTask = new LinkedHashMap<>();
      for (TaskShots t : input.tasks()) {
        if (perTask.containsKey(t.task())) {
          throw new IllegalArgumentException("task '" + t.task() + "' appears twice");
        }
        double[] a = t.flat(pair.from());
        double[] b = t.flat(pair.to());
        try {
          perTask.put(t.task(), RankCorrelation.of(input.variant(), a, b));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              t.task() + " " + pair.from() + "-shot vs " + pair.to() + "-shot: " + e.getMessage(),
              e);
        }
      }
      double[] rhos = perTask.values().stream().mapToDouble(Correlation::rho).toArray();
      double sum = 0;
      for (double r : rhos) {
        sum += r;
      }
      double maxP = perTask.values().stream().mapToDouble(Correlation::pValue).max().orElseThrow();
      rows.add(new Row(pair, sum / rhos.length, new Variance(false).evaluate(rhos), maxP, perTask));
    }
    return new CrossShotTable(rows);
  }
}
