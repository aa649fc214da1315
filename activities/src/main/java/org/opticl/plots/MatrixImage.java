package org.opticl.plots;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import org.jfree.chart.annotations.AbstractXYAnnotation;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;

/**
 * Draws a heatmap's cells as one image rather than one rectangle per cell. A 64 × 72 grid drawn
 * cell by cell makes a 1.4 MB SVG; as an embedded image it is a few tens of kB and looks the same.
 * The image is built at a whole number of pixels per cell, close to the cells' size on screen, so
 * viewers that smooth scaled images (browsers showing the SVG) still show sharp cell edges.
 */
final class MatrixImage extends AbstractXYAnnotation {
  private static final long serialVersionUID = 1L;

  /** Largest side of the embedded image, so huge matrices do not make huge files. */
  private static final int MAX_SIDE = 2400;

  private final double[][] values;
  private final ColourScale scale;
  private final double xLow;
  private final double xHigh;
  private final double yLow;
  private final double yHigh;

  /**
   * @param values {@code [rows][columns]}; row r is centred at {@code yLow + r + 0.5} in data
   *     space, column c at {@code xLow + c + 0.5}
   */
  MatrixImage(double[][] values, ColourScale scale, double xLow, double yLow) {
    this.values = values;
    this.scale = scale;
    this.xLow = xLow;
    this.xHigh = xLow + values[0].length;
    this.yLow = yLow;
    this.yHigh = yLow + values.length;
  }

  @Override
  public void draw(
      Graphics2D g2,
      XYPlot plot,
      Rectangle2D dataArea,
      ValueAxis domainAxis,
      ValueAxis rangeAxis,
      int rendererIndex,
      PlotRenderingInfo info) {
    RectangleEdge xEdge = plot.getDomainAxisEdge();
    RectangleEdge yEdge = plot.getRangeAxisEdge();
    double x0 = domainAxis.valueToJava2D(xLow, dataArea, xEdge);
    double x1 = domainAxis.valueToJava2D(xHigh, dataArea, xEdge);
    double y0 = rangeAxis.valueToJava2D(yLow, dataArea, yEdge);
    double y1 = rangeAxis.valueToJava2D(yHigh, dataArea, yEdge);
    int rows = values.length;
    int cols = values[0].length;
    // Screen y grows downwards: row 0 is the image's bottom row unless the axis is inverted.
    boolean rowZeroAtBottom = y0 > y1;
    boolean colZeroAtLeft = x0 < x1;
    int kx = cellPixels(Math.abs(x1 - x0), cols);
    int ky = cellPixels(Math.abs(y1 - y0), rows);
    BufferedImage img = new BufferedImage(cols * kx, rows * ky, BufferedImage.TYPE_INT_RGB);
    for (int r = 0; r < rows; r++) {
      int iy = rowZeroAtBottom ? rows - 1 - r : r;
      for (int c = 0; c < cols; c++) {
        int ix = colZeroAtLeft ? c : cols - 1 - c;
        int rgb = scale.colour(values[r][c]).getRGB();
        for (int dy = 0; dy < ky; dy++) {
          for (int dx = 0; dx < kx; dx++) {
            img.setRGB(ix * kx + dx, iy * ky + dy, rgb);
          }
        }
      }
    }
    Object old = g2.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
    g2.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
    int left = (int) Math.round(Math.min(x0, x1));
    int top = (int) Math.round(Math.min(y0, y1));
    int width = (int) Math.round(Math.max(x0, x1)) - left;
    int height = (int) Math.round(Math.max(y0, y1)) - top;
    g2.drawImage(img, left, top, width, height, null);
    if (old != null) {
      g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, old);
    }
  }

  private static int cellPixels(double span, int cells) {
    int k = (int) Math.ceil(span / cells);
    return Math.max(1, Math.min(k, MAX_SIDE / cells));
  }
}
