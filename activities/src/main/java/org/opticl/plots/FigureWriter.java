package org.opticl.plots;

import java.awt.Dimension;
import java.awt.Rectangle;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.batik.svggen.ImageHandlerBase64Encoder;
import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2D;
import org.apache.batik.svggen.SVGGraphics2DIOException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.w3c.dom.DOMImplementation;
import org.w3c.dom.Document;

/**
 * Writes a {@link FigureSpec} as {@code <id>.png}, {@code <id>.svg} and {@code <id>.csv}. The SVG
 * comes from Apache Batik's {@code SVGGraphics2D} (Apache-2.0; JFreeChart 1.5 has no SVG export,
 * and JFreeSVG is GPL-3.0), drawn from a fresh chart so the two images are the same drawing.
 */
public final class FigureWriter {
  private FigureWriter() {}

  private static final String SVG_NS = "http://www.w3.org/2000/svg";

  private static final Pattern DOCTYPE = Pattern.compile("<!DOCTYPE[^>]*>\\s*");

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");

  public static RenderedFiles write(FigureSpec spec, String id, Path dir) throws IOException {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "figure id must match " + ID.pattern() + " (it names files), got '" + id + "'");
    }
    Files.createDirectories(dir);
    Path png = dir.resolve(id + ".png");
    Path svg = dir.resolve(id + ".svg");
    Path csv = dir.resolve(id + ".csv");
    ChartUtils.saveChartAsPNG(png.toFile(), spec.chart(), spec.width(), spec.height());
    writeSvg(spec.chart(), spec.width(), spec.height(), svg);
    spec.table().write(csv);
    return new RenderedFiles(png, svg, csv);
  }

  /**
   * Embeds raster parts (heatmap cells) as base64 PNG data URIs using the JDK's PNG writer; Batik's
   * own handler needs batik-codec for that, a further five jars.
   */
  private static final class PngDataUri extends ImageHandlerBase64Encoder {
    @Override
    public void encodeImage(RenderedImage image, OutputStream out) throws SVGGraphics2DIOException {
      try {
        if (!ImageIO.write(image, "png", out)) {
          throw new SVGGraphics2DIOException("the JDK has no PNG writer");
        }
      } catch (IOException e) {
        throw new SVGGraphics2DIOException(e);
      }
    }
  }

  static void writeSvg(JFreeChart chart, int width, int height, Path file) throws IOException {
    Document doc;
    try {
      // Any DOM implementation will do for the generator; the JDK's avoids pulling in batik-dom.
      DOMImplementation dom =
          DocumentBuilderFactory.newInstance().newDocumentBuilder().getDOMImplementation();
      doc = dom.createDocument(SVG_NS, "svg", null);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("no XML DOM implementation in this JDK", e);
    }
    SVGGeneratorContext ctx = SVGGeneratorContext.createDefault(doc);
    ctx.setComment("opticl figure");
    ctx.setImageHandler(new PngDataUri());
    // Text stays text (selectable, small files); readers without DejaVu Sans get a sans fallback.
    SVGGraphics2D g = new SVGGraphics2D(ctx, false);
    g.setSVGCanvasSize(new Dimension(width, height));
    chart.draw(g, new Rectangle(0, 0, width, height));
    StringWriter text = new StringWriter(64 * 1024);
    try {
      g.stream(text, true);
    } finally {
      g.dispose();
    }
    // Batik writes an SVG 1.0 DOCTYPE pointing at w3.org; XML parsers that resolve DTDs would then
    // go to the network to read a figure. SVG needs no DOCTYPE, so drop it.
    String svg = DOCTYPE.matcher(text.toString()).replaceFirst("");
    Files.writeString(file, svg, StandardCharsets.UTF_8);
  }
}
