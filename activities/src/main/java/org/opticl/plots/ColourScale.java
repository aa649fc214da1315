package org.opticl.plots;

import java.awt.Color;
import java.awt.Paint;
import java.io.Serializable;
import org.jfree.chart.renderer.PaintScale;

/**
 * A sequential colour map from dark (low) to bright (high), so that "brighter = larger" reads the
 * same in every heatmap: dark blue-purple through magenta and orange to pale yellow, perceptually
 * ordered and printable in grey. Values beyond the {@link ColourRange} are clipped to its ends and
 * NaN is drawn in neutral grey (a cell with no value, not a low one).
 */
public final class ColourScale implements PaintScale, Serializable {
  private static final long serialVersionUID = 1L;

  /** Anchor colours at equal spacing over [0, 1]; linear interpolation in between. */
  private static final int[] ANCHORS = {0x140C2D, 0x4C165F, 0x961C5A, 0xD73C3C, 0xF5915A, 0xFCEEC8};

  private static final int STEPS = 256;
  private static final Color[] TABLE = table();

  private final ColourRange range;

  public ColourScale(ColourRange range) {
    this.range = range;
  }

  public ColourRange range() {
    return range;
  }

  @Override
  public double getLowerBound() {
    return range.lower();
  }

  @Override
  public double getUpperBound() {
    return range.upper();
  }

  @Override
  public Paint getPaint(double value) {
    return colour(value);
  }

  /** The colour of {@code value}. */
  public Color colour(double value) {
    if (Double.isNaN(value)) {
      return FigureStyle.MISSING_CELL;
    }
    double t = (value - range.lower()) / (range.upper() - range.lower());
    t = Math.max(0, Math.min(1, t));
    return TABLE[(int) Math.round(t * (STEPS - 1))];
  }

  /** Black or white, whichever is more legible on {@code background}. */
  public static Color textOn(Color background) {
    double luminance =
        (0.2126 * background.getRed()
                + 0.7152 * background.getGreen()
                + 0.0722 * background.getBlue())
            / 255;
    return luminance < 0.5 ? Color.WHITE : Color.BLACK;
  }

  private static Color[] table() {
    Color[] t = new Color[STEPS];
    int segments = ANCHORS.length - 1;
    for (int i = 0; i < STEPS; i++) {
      double pos = (double) i / (STEPS - 1) * segments;
      int k = Math.min((int) pos, segments - 1);
      double f = pos - k;
      t[i] = mix(new Color(ANCHORS[k]), new Color(ANCHORS[k + 1]), f);
    }
    return t;
  }

  private static Color mix(Color a, Color b, double f) {
    return new Color(
        (int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
        (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
        (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
  }
}
