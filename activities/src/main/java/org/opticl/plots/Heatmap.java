package org.opticl.plots;

import java.awt.Color;
import java.awt.Font;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/**
 * A matrix drawn as coloured cells with a colour bar: head importance and induction scores ({@code
 * [layers][heads]}, layer 1 at the bottom as in the paper's seaborn plots with the y-axis
 * inverted), or a labelled matrix with each cell's value written in it (Spearman correlations,
 * combined-pruning accuracy). Tick labels on indexed axes are thinned so that 64 layers × 72 heads
 * stay readable at report size.
 *
 * @param title first line of the title (what, which model)
 * @param subtitles further title lines (task, shots, colour scaling)
 * @param x the columns' axis
 * @param y the rows' axis
 * @param valueLabel colour-bar title, with units
 * @param valueColumn CSV column of the cell values
 * @param values {@code [rows][columns]}; NaN draws a grey "no value" cell
 * @param range values mapped to the darkest and brightest colour
 * @param annotation {@link String#format} pattern written in each cell (e.g. {@code %.2f}), or
 *     empty for none
 * @param width pixels
 * @param height pixels
 */
public record Heatmap(
    String title,
    List<String> subtitles,
    HeatmapAxis x,
    HeatmapAxis y,
    String valueLabel,
    String valueColumn,
    double[][] values,
    ColourRange range,
    Optional<String> annotation,
    int width,
    int height)
    implements FigureSpec {

  public Heatmap {
    subtitles = List.copyOf(subtitles);
    if (values.length == 0 || values[0].length == 0) {
      throw new IllegalArgumentException("heatmap '" + title + "' has no cells");
    }
    int cols = values[0].length;
    double[][] copy = new double[values.length][];
    for (int r = 0; r < values.length; r++) {
      if (values[r].length != cols) {
        throw new IllegalArgumentException(
            "heatmap '"
                + title
                + "': row "
                + r
                + " has "
                + values[r].length
                + " values, row 0 has "
                + cols);
      }
      copy[r] = values[r].clone();
    }
    values = copy;
    check(x, cols, "columns");
    check(y, values.length, "rows");
  }

  private static void check(HeatmapAxis axis, int n, String what) {
    if (!axis.isIndexed() && axis.categories().size() != n) {
      throw new IllegalArgumentException(
          "axis '"
              + axis.label()
              + "' has "
              + axis.categories().size()
              + " categories for "
              + n
              + " "
              + what);
    }
  }

  @Override
  public double[][] values() {
    double[][] copy = new double[values.length][];
    for (int r = 0; r < values.length; r++) {
      copy[r] = values[r].clone();
    }
    return copy;
  }

  public int rows() {
    return values.length;
  }

  public int columns() {
    return values[0].length;
  }

  @Override
  public CsvTable table() {
    List<List<String>> rows = new ArrayList<>();
    for (int r = 0; r < rows(); r++) {
      for (int c = 0; c < columns(); c++) {
        rows.add(List.of(y.csvValue(r), x.csvValue(c), CsvTable.number(values[r][c])));
      }
    }
    return new CsvTable(List.of(y.column(), x.column(), valueColumn), rows);
  }

  @Override
  public JFreeChart chart() {
    ColourScale scale = new ColourScale(range);

    // Rough plot-area size: the title block, colour bar and tick labels take the rest.
    double plotW = width - 230.0;
    double plotH = height - 110.0 - 16.0 * subtitles.size() - xAxisHeight(x);
    ValueAxis xAxis = axis(x, columns(), plotW, false);
    ValueAxis yAxis = axis(y, rows(), plotH, true);
    // No dataset: the cells are one image (see MatrixImage); the axes carry fixed ranges.
    XYPlot plot = new XYPlot(null, xAxis, yAxis, new XYBlockRenderer());
    plot.addAnnotation(new MatrixImage(values, scale, position(x, 0) - 0.5, position(y, 0) - 0.5));
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);

    annotation.ifPresent(
        fmt -> annotate(plot, scale, fmt, Math.min(plotW / columns(), plotH / rows())));

    JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    FigureStyle.apply(chart, title, subtitles);

    NumberAxis barAxis = new NumberAxis(valueLabel);
    FigureStyle.styleAxis(barAxis);
    barAxis.setRange(range.lower(), range.upper());
    barAxis.setTickUnit(niceUnit(range.upper() - range.lower()));
    PaintScaleLegend bar = new PaintScaleLegend(scale, barAxis);
    bar.setSubdivisionCount(128);
    bar.setPosition(RectangleEdge.RIGHT);
    bar.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
    bar.setStripWidth(16);
    bar.setStripOutlineVisible(true);
    // Bottom margin ≈ the x axis's height, so the bar spans the cells rather than the whole chart.
    bar.setMargin(new RectangleInsets(2, 14, xAxisHeight(x), 4));
    bar.setBackgroundPaint(Color.WHITE);
    chart.addSubtitle(bar);
    return chart;
  }

  /**
   * About six to eight colour-bar ticks at 1, 2, 2.5 or 5 × 10^k: the default packs in up to 30.
   */
  static NumberTickUnit niceUnit(double span) {
    double raw = span / 8;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double unit = mag;
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * mag >= raw) {
        unit = m * mag;
        break;
      }
    }
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(unit) + 1e-9));
    if (unit / Math.pow(10, Math.floor(Math.log10(unit) + 1e-9)) == 2.5) {
      decimals++;
    }
    DecimalFormat f = new DecimalFormat(decimals == 0 ? "0" : "0." + "0".repeat(decimals));
    return new NumberTickUnit(unit, f);
  }

  /** Indexed axes put index i at i+1 (so "layer 1" is at 1); categories at 0..n-1. */
  private static double position(HeatmapAxis axis, int i) {
    return axis.isIndexed() ? i + 1 : i;
  }

  /** Approximate pixels taken by the x axis (tick labels and title) at the style's fonts. */
  private static double xAxisHeight(HeatmapAxis axis) {
    if (axis.isIndexed() || !hasLongCategories(axis)) {
      return 40;
    }
    int longest = axis.categories().stream().mapToInt(String::length).max().orElse(0);
    return 7.4 * longest + 36;
  }

  private static boolean hasLongCategories(HeatmapAxis axis) {
    return axis.categories().stream().anyMatch(s -> s.length() > 3);
  }

  private static ValueAxis axis(HeatmapAxis spec, int n, double pixels, boolean vertical) {
    ValueAxis axis;
    if (spec.isIndexed()) {
      NumberAxis a = new NumberAxis(spec.label());
      a.setRange(0.5, n + 0.5);
      a.setTickUnit(new NumberTickUnit(FigureStyle.tickStep(n, pixels), new DecimalFormat("0")));
      a.setAutoTickUnitSelection(false);
      a.setTickMarksVisible(true);
      axis = a;
    } else {
      SymbolAxis a = new SymbolAxis(spec.label(), spec.categories().toArray(String[]::new));
      a.setRange(-0.5, n - 0.5);
      a.setGridBandsVisible(false);
      // A table reads top to bottom: the first row category goes at the top.
      a.setInverted(vertical);
      if (!vertical && hasLongCategories(spec)) {
        a.setVerticalTickLabels(true);
      }
      axis = a;
    }
    FigureStyle.styleAxis(axis);
    axis.setLowerMargin(0);
    axis.setUpperMargin(0);
    return axis;
  }

  private void annotate(XYPlot plot, ColourScale scale, String fmt, double cellPx) {
    int longest = 1;
    for (double[] row : values) {
      for (double v : row) {
        longest = Math.max(longest, format(fmt, v).length());
      }
    }
    // Fit the longest label in a cell: width of a digit ≈ 0.6 em.
    float size =
        (float) Math.max(7, Math.min(14, Math.min(cellPx * 0.45, cellPx / (0.62 * longest))));
    Font font = new Font(FigureStyle.FAMILY, Font.PLAIN, Math.round(size));
    for (int r = 0; r < rows(); r++) {
      for (int c = 0; c < columns(); c++) {
        double v = values[r][c];
        XYTextAnnotation a = new XYTextAnnotation(format(fmt, v), position(x, c), position(y, r));
        a.setFont(font);
        a.setPaint(ColourScale.textOn(scale.colour(v)));
        plot.addAnnotation(a);
      }
    }
  }

  private static String format(String fmt, double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, fmt, v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Heatmap h
        && title.equals(h.title)
        && subtitles.equals(h.subtitles)
        && x.equals(h.x)
        && y.equals(h.y)
        && valueLabel.equals(h.valueLabel)
        && valueColumn.equals(h.valueColumn)
        && Arrays.deepEquals(values, h.values)
        && range.equals(h.range)
        && annotation.equals(h.annotation)
        && width == h.width
        && height == h.height;
  }

  @Override
  public int hashCode() {
    return 31 * title.hashCode() + Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    return "Heatmap[" + title + ", " + rows() + "×" + columns() + "]";
  }
}
