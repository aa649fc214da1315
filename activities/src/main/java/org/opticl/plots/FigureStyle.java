package org.opticl.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.Arrays;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.RectangleInsets;

/**
 * The look shared by every figure: sizes and fonts chosen to stay readable when a report shows a
 * figure at about 900 px wide, a white background and light grid. Kept in one place so that a
 * figure added later cannot drift from the others.
 */
public final class FigureStyle {
  private FigureStyle() {}

  /** Default figure size in pixels: a figure fills a report column without scaling. */
  public static final int WIDTH = 900;

  public static final int HEIGHT = 600;

  /**
   * The font family: DejaVu Sans ships with Debian's fontconfig and has the glyphs used in labels
   * (×, –, ρ); the logical "SansSerif" font is the fallback on machines without it.
   */
  public static final String FAMILY = pickFamily();

  public static final Font TITLE = new Font(FAMILY, Font.BOLD, 18);
  public static final Font SUBTITLE = new Font(FAMILY, Font.PLAIN, 13);
  public static final Font AXIS_LABEL = new Font(FAMILY, Font.PLAIN, 14);
  public static final Font TICK_LABEL = new Font(FAMILY, Font.PLAIN, 12);
  public static final Font LEGEND = new Font(FAMILY, Font.PLAIN, 12);

  public static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
  public static final Color MISSING_CELL = new Color(0xBB, 0xBB, 0xBB);

  /** The thick black line of a mean over tasks (paper Figs 4–6). */
  public static final BasicStroke MEAN_STROKE =
      new BasicStroke(3.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);

  public static final float LINE_WIDTH = 1.8f;

  private static String pickFamily() {
    List<String> names =
        Arrays.asList(
            GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
    return names.contains("DejaVu Sans") ? "DejaVu Sans" : Font.SANS_SERIF;
  }

  /** Labels closer than this many pixels overlap at the tick font size. */
  private static final int MIN_TICK_SPACING_PX = 24;

  /**
   * Tick spacing for {@code n} integer positions over about {@code pixels}: the smallest of 1, 2,
   * 4, 8, … whose labels are at least 24 px apart. Powers of two divide the OPT shapes (12–64
   * layers, 12–72 heads) evenly, so ticks land on round layer numbers.
   */
  public static int tickStep(int n, double pixels) {
    int step = 1;
    while (step < n && pixels / n * step < MIN_TICK_SPACING_PX) {
      step *= 2;
    }
    return step;
  }

  static BasicStroke line(float width, boolean dashed) {
    return dashed
        ? new BasicStroke(
            width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {8f, 5f}, 0f)
        : new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  }

  /** Title, subtitles, fonts and colours of a chart built by this package. */
  static void apply(JFreeChart chart, String title, List<String> subtitles) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    chart.setPadding(new RectangleInsets(8, 8, 8, 12));
    TextTitle main = new TextTitle(title, TITLE);
    main.setPaint(Color.BLACK);
    chart.setTitle(main);
    // Subtitles are added after the main title so they sit under it; legends and colour bars that
    // the builders add later go to their own edges.
    for (String s : subtitles) {
      TextTitle sub = new TextTitle(s, SUBTITLE);
      sub.setPaint(new Color(0x44, 0x44, 0x44));
      chart.addSubtitle(sub);
    }
    for (int i = 0; i < chart.getSubtitleCount(); i++) {
      Title t = chart.getSubtitle(i);
      if (t instanceof LegendTitle legend) {
        legend.setItemFont(LEGEND);
      }
    }
    if (chart.getPlot() instanceof XYPlot plot) {
      plot.setBackgroundPaint(Color.WHITE);
      plot.setOutlinePaint(Color.GRAY);
      plot.setDomainGridlinePaint(GRID);
      plot.setRangeGridlinePaint(GRID);
      plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
      styleAxis(plot.getDomainAxis());
      styleAxis(plot.getRangeAxis());
    }
  }

  static void styleAxis(ValueAxis axis) {
    axis.setLabelFont(AXIS_LABEL);
    axis.setTickLabelFont(TICK_LABEL);
    axis.setLabelPaint(Color.BLACK);
    axis.setTickLabelPaint(Color.BLACK);
  }
}
