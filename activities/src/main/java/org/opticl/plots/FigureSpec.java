package org.opticl.plots;

import org.jfree.chart.JFreeChart;

/**
 * What a figure draws: a chart and the table of its numbers, built from the same values so the CSV
 * beside a figure can never disagree with the picture. {@link FigureWriter} turns one into files.
 */
public sealed interface FigureSpec permits Heatmap, LineChart {

  /** A new chart each call (JFreeChart objects are mutable and single-use when drawn). */
  JFreeChart chart();

  /** Exactly the numbers {@link #chart()} draws. */
  CsvTable table();

  int width();

  int height();
}
