package org.opticl.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Lines over a numeric x axis: accuracy against the share of heads or FFNs pruned, FFN importance
 * per layer, capacity retained. Series are drawn in list order, later on top, so a caller puts the
 * mean (or the reference ranking) last; the legend sits on the right where 15+ task names fit.
 *
 * @param title first title line
 * @param subtitles further title lines
 * @param xLabel x-axis title with units
 * @param yLabel y-axis title with units
 * @param xColumn CSV column of x
 * @param yColumn CSV column of y
 * @param series the lines, drawn in order
 * @param xRange fixed x range, or empty for automatic
 * @param yRange fixed y range, or empty for automatic
 * @param xTickStep fixed x tick spacing, or empty for automatic
 * @param horizontalLines y values marked with a thin grey reference line (e.g. 0 difference)
 * @param width pixels
 * @param height pixels
 */
public record LineChart(
    String title,
    List<String> subtitles,
    String xLabel,
    String yLabel,
    String xColumn,
    String yColumn,
    List<Series> series,
    Optional<AxisRange> xRange,
    Optional<AxisRange> yRange,
    Optional<Double> xTickStep,
    List<Double> horizontalLines,
    int width,
    int height)
    implements FigureSpec {

  /** A closed axis interval. */
  public record AxisRange(double lower, double upper) {
    public AxisRange {
      if (!(upper > lower)) {
        throw new IllegalArgumentException("axis range [" + lower + ", " + upper + "] is empty");
      }
    }
  }

  public LineChart {
    subtitles = List.copyOf(subtitles);
    series = List.copyOf(series);
    horizontalLines = List.copyOf(horizontalLines);
    if (series.isEmpty()) {
      throw new IllegalArgumentException("line chart '" + title + "' has no series");
    }
  }

  @Override
  public CsvTable table() {
    List<List<String>> rows = new ArrayList<>();
    for (Series s : series) {
      double[] xs = s.x();
      double[] ys = s.y();
      for (int i = 0; i < xs.length; i++) {
        rows.add(List.of(s.key(), CsvTable.number(xs[i]), CsvTable.number(ys[i])));
      }
    }
    return new CsvTable(List.of("series", xColumn, yColumn), rows);
  }

  @Override
  public JFreeChart chart() {
    XYSeriesCollection dataset = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    renderer.setDrawSeriesLineAsPath(true);
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      int index = i;
      // Keys must be unique in a collection; the legend shows the series' own legend text.
      XYSeries xy = new XYSeries(i + ": " + s.legend(), false, true);
      double[] xs = s.x();
      double[] ys = s.y();
      for (int k = 0; k < xs.length; k++) {
        xy.add(xs[k], ys[k]);
      }
      dataset.addSeries(xy);
      renderer.setSeriesPaint(i, s.colour());
      renderer.setSeriesStroke(i, FigureStyle.line(s.lineWidth(), s.dashed()));
      renderer.setSeriesShapesVisible(i, s.marker().isPresent());
      s.marker().ifPresent(m -> renderer.setSeriesShape(index, m));
      renderer.setSeriesShapesFilled(i, true);
    }
    renderer.setLegendItemLabelGenerator((d, index) -> series.get(index).legend());

    NumberAxis xAxis = new NumberAxis(xLabel);
    xAxis.setAutoRangeIncludesZero(false);
    xRange.ifPresent(r -> xAxis.setRange(r.lower(), r.upper()));
    xTickStep.ifPresent(
        step -> xAxis.setTickUnit(new NumberTickUnit(step, new DecimalFormat("0.##"))));
    NumberAxis yAxis = new NumberAxis(yLabel);
    yAxis.setAutoRangeIncludesZero(false);
    yRange.ifPresent(r -> yAxis.setRange(r.lower(), r.upper()));

    XYPlot plot = new XYPlot(dataset, xAxis, yAxis, renderer);
    plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
    for (double h : horizontalLines) {
      ValueMarker m = new ValueMarker(h, Color.GRAY, new BasicStroke(1f));
      plot.addRangeMarker(m);
    }

    JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    FigureStyle.apply(chart, title, subtitles);
    LegendTitle legend = new LegendTitle(plot);
    legend.setItemFont(FigureStyle.LEGEND);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setMargin(new RectangleInsets(4, 12, 4, 4));
    legend.setBackgroundPaint(Color.WHITE);
    chart.addSubtitle(legend);
    return chart;
  }
}
