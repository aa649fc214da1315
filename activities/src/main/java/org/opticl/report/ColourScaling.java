package org.opticl.report;

/**
 * How heatmap colours map to values. Min–max is the honest default for any model; the paper's fixed
 * limits (spec §6) reproduce its figures for OPT-66B, where a few very important heads would
 * otherwise wash out the rest, but mean nothing for a model of another size.
 */
public enum ColourScaling {
  /** Darkest = smallest value, brightest = largest. */
  MIN_MAX,
  /**
   * As the original scripts: aggregate head importance (Fig. 3) clipped at vmax 0.004 / 0.002 /
   * 0.0014 for 0/1/5-shot; per-task importance (Figs 12–14) at vmax = max/10; Spearman matrices at
   * vmax 0.5. Other figures use min–max.
   */
  PAPER
}
