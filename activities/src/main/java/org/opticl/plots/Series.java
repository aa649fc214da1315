package org.opticl.plots;

import java.awt.Color;
import java.awt.Shape;
import java.util.Arrays;
import java.util.Optional;

/**
 * One line of a {@link LineChart}.
 *
 * @param key the CSV {@code series} value, stable across reports (a task name, {@code mean}, …)
 * @param legend the legend text
 * @param x x values
 * @param y y values, as many as {@code x}
 * @param colour line and marker colour
 * @param marker marker at each point, or empty for a plain line (e.g. 64 points per layer)
 * @param lineWidth stroke width in pixels
 * @param dashed dashed line (a reference ranking rather than a task)
 */
public record Series(
    String key,
    String legend,
    double[] x,
    double[] y,
    Color colour,
    Optional<Shape> marker,
    float lineWidth,
    boolean dashed) {

  public Series {
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "series '" + key + "' has " + x.length + " x values and " + y.length + " y values");
    }
    x = x.clone();
    y = y.clone();
  }

  /** A task's line in its fixed {@link TaskStyle}. */
  public static Series task(String task, double[] x, double[] y) {
    TaskStyle s = TaskStyle.of(task);
    return new Series(
        task,
        s.displayName(),
        x,
        y,
        s.colour(),
        Optional.of(s.marker()),
        FigureStyle.LINE_WIDTH,
        false);
  }

  /**
   * A task's line without markers, slightly transparent so that many overlapping lines stay
   * legible.
   */
  public static Series taskLine(String task, double[] x, double[] y) {
    TaskStyle s = TaskStyle.of(task);
    Color c = s.colour();
    return new Series(
        task,
        s.displayName(),
        x,
        y,
        new Color(c.getRed(), c.getGreen(), c.getBlue(), 170),
        Optional.empty(),
        1.6f,
        false);
  }

  /** The mean over tasks: the thick black line of paper Figs 4–6. */
  public static Series mean(String legend, double[] x, double[] y) {
    return new Series(
        "mean",
        legend,
        x,
        y,
        Color.BLACK,
        Optional.empty(),
        FigureStyle.MEAN_STROKE.getLineWidth(),
        false);
  }

  @Override
  public double[] x() {
    return x.clone();
  }

  @Override
  public double[] y() {
    return y.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Series s
        && key.equals(s.key)
        && legend.equals(s.legend)
        && Arrays.equals(x, s.x)
        && Arrays.equals(y, s.y)
        && colour.equals(s.colour)
        && marker.equals(s.marker)
        && lineWidth == s.lineWidth
        && dashed == s.dashed;
  }

  @Override
  public int hashCode() {
    return 31 * key.hashCode() + Arrays.hashCode(y);
  }

  @Override
  public String toString() {
    return "Series[" + key + ", " + x.length + " points]";
  }
}
