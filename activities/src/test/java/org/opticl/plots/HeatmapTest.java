package org.opticl.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class HeatmapTest {
  @TempDir Path dir;

  static Heatmap heads(double[][] values) {
    return new Heatmap(
        "Head importance",
        List.of("test model"),
        HeatmapAxis.indexed("Head", "head"),
        HeatmapAxis.indexed("Layer", "layer"),
        "Importance",
        "value",
        values,
        ColourRange.minMax(values),
        Optional.empty(),
        FigureStyle.WIDTH,
        FigureStyle.HEIGHT);
  }

  static double[][] ramp(int layers, int heads) {
    double[][] v = new double[layers][heads];
    for (int l = 0; l < layers; l++) {
      for (int h = 0; h < heads; h++) {
        v[l][h] = l * heads + h + 0.25;
      }
    }
    return v;
  }

  @Test
  void writesPngSvgAndCsvOfTheCells() throws Exception {
    double[][] v = ramp(4, 3);
    RenderedFiles f = FigureWriter.write(heads(v), "heads", dir);

    BufferedImage png = ImageIO.read(f.png().toFile());
    assertEquals(900, png.getWidth());
    assertEquals(600, png.getHeight());

    Document svg =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f.svg().toFile());
    assertEquals("svg", svg.getDocumentElement().getTagName());
    // The cells are one embedded PNG, not a rectangle each.
    assertEquals(1, svg.getElementsByTagName("image").getLength());
    assertTrue(Files.readString(f.svg()).contains("data:image/png;base64,"));

    List<List<String>> csv = CsvFiles.read(f.csv());
    assertEquals(List.of("layer", "head", "value"), csv.get(0));
    assertEquals(1 + 12, csv.size());
    for (List<String> row : csv.subList(1, csv.size())) {
      int layer = Integer.parseInt(row.get(0));
      int head = Integer.parseInt(row.get(1));
      assertEquals(v[layer - 1][head - 1], Double.parseDouble(row.get(2)));
    }
  }

  @Test
  void layerOneIsAtTheBottom() {
    double[][] v = new double[4][3];
    v[0][0] = 1; // layer 1, head 1: the only bright cell
    Heatmap h = heads(v);
    ChartRenderingInfo info = new ChartRenderingInfo();
    BufferedImage img = h.chart().createBufferedImage(900, 600, info);
    Rectangle2D area = info.getPlotInfo().getDataArea();
    double cellW = area.getWidth() / 3;
    double cellH = area.getHeight() / 4;
    Color bright = new ColourScale(h.range()).colour(1);
    Color bottomLeft =
        new Color(
            img.getRGB((int) (area.getMinX() + cellW / 2), (int) (area.getMaxY() - cellH / 2)));
    Color topLeft =
        new Color(
            img.getRGB((int) (area.getMinX() + cellW / 2), (int) (area.getMinY() + cellH / 2)));
    assertEquals(bright, bottomLeft);
    assertFalse(bright.equals(topLeft));
  }

  @Test
  void labelledMatrixPutsTheFirstRowAtTheTopAndWritesValuesInCells() {
    double[][] v = {{1, 0}, {0, 0}};
    Heatmap h =
        new Heatmap(
            "Grid",
            List.of(),
            HeatmapAxis.labelled("FFNs", "ffn", List.of("0%", "10%")),
            HeatmapAxis.labelled("Heads", "heads", List.of("0%", "10%")),
            "Accuracy (%)",
            "accuracy",
            v,
            ColourRange.minMax(v),
            Optional.of("%.1f"),
            900,
            600);
    ChartRenderingInfo info = new ChartRenderingInfo();
    JFreeChart chart = h.chart();
    BufferedImage img = chart.createBufferedImage(900, 600, info);
    Rectangle2D area = info.getPlotInfo().getDataArea();
    // Sample near the cell's corner, away from the number written in its centre.
    Color topLeft = new Color(img.getRGB((int) area.getMinX() + 4, (int) area.getMinY() + 4));
    assertEquals(new ColourScale(h.range()).colour(1), topLeft);
    // One image for the cells plus one text per cell.
    assertEquals(1 + 4, chart.getXYPlot().getAnnotations().size());
  }

  @Test
  void sixtyFourLayersBySeventyTwoHeadsKeepTickLabelsApart() throws Exception {
    Heatmap h = heads(ramp(64, 72));
    JFreeChart chart = h.chart();
    NumberAxis layers = (NumberAxis) chart.getXYPlot().getRangeAxis();
    NumberAxis headsAxis = (NumberAxis) chart.getXYPlot().getDomainAxis();
    ChartRenderingInfo info = new ChartRenderingInfo();
    chart.createBufferedImage(900, 600, info);
    Rectangle2D area = info.getPlotInfo().getDataArea();
    double layerLabelGap = area.getHeight() / 64 * layers.getTickUnit().getSize();
    double headLabelGap = area.getWidth() / 72 * headsAxis.getTickUnit().getSize();
    assertTrue(layerLabelGap >= 20, "layer labels " + layerLabelGap + " px apart");
    assertTrue(headLabelGap >= 20, "head labels " + headLabelGap + " px apart");
    assertTrue(layers.getTickUnit().getSize() <= 8, "still enough layer labels to read a row");

    RenderedFiles f = FigureWriter.write(h, "big", dir);
    BufferedImage png = ImageIO.read(f.png().toFile());
    assertEquals(900, png.getWidth());
    assertTrue(Files.size(f.svg()) < 300_000, "SVG is " + Files.size(f.svg()) + " bytes");
    assertEquals(1 + 64 * 72, CsvFiles.read(f.csv()).size());
  }

  @Test
  void raggedRowsAreRejectedWithTheRowNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> heads(new double[][] {{1, 2}, {3}}));
    assertEquals("heatmap 'Head importance': row 1 has 1 values, row 0 has 2", e.getMessage());
  }

  @Test
  void colourBarTicksAreFewAndRound() {
    assertEquals(0.002, Heatmap.niceUnit(0.0139).getSize(), 1e-15);
    assertEquals(0.1, Heatmap.niceUnit(0.49).getSize(), 1e-15);
    assertEquals(0.025, Heatmap.niceUnit(0.2).getSize(), 1e-15);
  }
}
