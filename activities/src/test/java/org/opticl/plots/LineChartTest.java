package org.opticl.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineChartTest {
  @TempDir Path dir;

  @Test
  void csvListsEverySeriesPointInDrawingOrder() throws Exception {
    double[] x = {0, 10, 20};
    LineChart c =
        new LineChart(
            "Accuracy vs % heads pruned",
            List.of("test model"),
            "% of heads pruned",
            "Accuracy (%)",
            "percent_heads_pruned",
            "accuracy_percent",
            List.of(
                Series.task("piqa", x, new double[] {80, 79.5, 70}),
                Series.task("unknown_task", x, new double[] {60, 61, 55}),
                Series.mean("Mean", x, new double[] {70, 70.25, 62.5})),
            Optional.of(new LineChart.AxisRange(-2, 22)),
            Optional.empty(),
            Optional.of(10.0),
            List.of(0.0),
            900,
            600);
    RenderedFiles f = FigureWriter.write(c, "lines", dir);
    BufferedImage png = ImageIO.read(f.png().toFile());
    assertEquals(900, png.getWidth());
    assertEquals(600, png.getHeight());
    assertEquals(
        "svg",
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(f.svg().toFile())
            .getDocumentElement()
            .getTagName());
    List<List<String>> csv = CsvFiles.read(f.csv());
    assertEquals(List.of("series", "percent_heads_pruned", "accuracy_percent"), csv.get(0));
    assertEquals(List.of("piqa", "0", "80"), csv.get(1));
    assertEquals(List.of("unknown_task", "20", "55"), csv.get(6));
    assertEquals(List.of("mean", "10", "70.25"), csv.get(8));
    assertEquals(10, csv.size());
  }

  @Test
  void seriesNeedAsManyXAsYValues() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Series.task("piqa", new double[] {1, 2}, new double[] {1}));
    assertEquals("series 'piqa' has 2 x values and 1 y values", e.getMessage());
  }
}
