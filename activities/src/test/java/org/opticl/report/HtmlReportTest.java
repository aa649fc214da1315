package org.opticl.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opticl.plots.CsvFiles;
import org.opticl.report.ReportData.CapacityCurve;
import org.opticl.report.ReportData.Cell;
import org.opticl.report.ReportData.CrossTaskCurve;
import org.opticl.report.ReportData.InductionMeasure;

/** Writes the small synthetic report once and checks the folder from every side. */
class HtmlReportTest {
  @TempDir static Path root;

  static ReportData data;
  static Path dir;
  static ReportResult result;
  static String html;

  @BeforeAll
  static void writeReport() throws Exception {
    data = ReportFiguresTest.small();
    dir = root.resolve("report");
    Files.createDirectories(dir.resolve("data"));
    // The caller copies artifacts in before writing; one listed artifact is deliberately absent.
    Files.writeString(dir.resolve("data/head-importance.npy"), "npy");
    Files.writeString(dir.resolve("data/pruning results.json"), "{}");
    result = HtmlReport.write(data, dir);
    html = Files.readString(result.index());
  }

  @Test
  void everyDrawnFigureHasADecodablePngAnSvgAndACsv() throws Exception {
    List<FigureStatus> figures =
        result.figures().stream().filter(f -> f.drawn() && f.files().size() == 3).toList();
    assertEquals(result.figures().size() - 1, figures.size(), "all but Table 1 are images");
    for (FigureStatus f : figures) {
      Path png = dir.resolve(f.files().get(0));
      Path svg = dir.resolve(f.files().get(1));
      Path csv = dir.resolve(f.files().get(2));
      BufferedImage img = ImageIO.read(png.toFile());
      assertEquals(900, img.getWidth(), f.id());
      assertTrue(img.getHeight() >= 600, f.id());
      assertTrue(Files.size(png) > 10_000, f.id() + " PNG is suspiciously small");
      assertTrue(Files.size(svg) > 5_000, f.id() + " SVG is suspiciously small");
      assertEquals(
          "svg",
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(svg.toFile())
              .getDocumentElement()
              .getTagName(),
          f.id());
      assertTrue(CsvFiles.read(csv).size() > 1, f.id() + " CSV has no rows");
    }
  }

  /** The CSV as {@code key → value}, key = all but the last column joined by '|'. */
  static Map<String, Double> csv(String id) throws Exception {
    List<List<String>> rows = CsvFiles.read(dir.resolve("figures/" + id + ".csv"));
    Map<String, Double> out = new HashMap<>();
    for (List<String> r : rows.subList(1, rows.size())) {
      out.put(
          String.join("|", r.subList(0, r.size() - 1)), Double.parseDouble(r.get(r.size() - 1)));
    }
    return out;
  }

  static void assertMatrix(double[][] expected, Map<String, Double> csv) {
    assertEquals(expected.length * expected[0].length, csv.size());
    for (int l = 0; l < expected.length; l++) {
      for (int h = 0; h < expected[l].length; h++) {
        assertEquals(expected[l][h], csv.get((l + 1) + "|" + (h + 1)), "layer " + (l + 1));
      }
    }
  }

  @Test
  void heatmapCsvsHoldTheInputMatrices() throws Exception {
    assertMatrix(
        data.aggregateImportance().get(1).importance().values(),
        csv("head-importance-aggregate-1shot"));
    assertMatrix(
        data.cell("record", 0).orElseThrow().headImportance().orElseThrow().values(),
        csv("head-importance-record-0shot"));
    assertMatrix(
        data.induction().orElseThrow().copyingVariance().orElseThrow().values(),
        csv("induction-copying-variance"));
  }

  @Test
  void lineCsvsHoldThePlottedPercentages() throws Exception {
    Map<String, Double> ffn = csv("ffn-importance-1shot");
    Map<String, Double> heads = csv("pruning-heads-0shot");
    Map<String, Double> ffns = csv("pruning-ffns-1shot");
    double[] meanAt50 = new double[1];
    for (String t : ReportFiguresTest.TASKS) {
      Cell one = data.cell(t, 1).orElseThrow();
      for (int l = 0; l < 4; l++) {
        assertEquals(one.ffnImportance().get(l), ffn.get(t + "|" + (l + 1)));
      }
      Cell zero = data.cell(t, 0).orElseThrow();
      assertEquals(100 * zero.baseline().getAsDouble(), heads.get(t + "|0"));
      assertEquals(100 * zero.headPruning().get(50), heads.get(t + "|50"));
      assertEquals(100 * one.ffnPruning().get(90), ffns.get(t + "|90"));
      meanAt50[0] += 100 * zero.headPruning().get(50) / 3;
    }
    assertEquals(meanAt50[0], heads.get("mean|50"), 1e-9);
  }

  @Test
  void combinedCsvHoldsTheMeanGrid() throws Exception {
    Map<String, Double> grid = csv("combined-mean-1shot");
    assertEquals(8 * 6, grid.size());
    double expected = 0;
    for (String t : ReportFiguresTest.TASKS) {
      expected += 100 * data.cell(t, 1).orElseThrow().combinedAt(40, 30).getAsDouble() / 3;
    }
    assertEquals(expected, grid.get("40%|30%"), 1e-9);
    Cell copa = data.cell("copa", 1).orElseThrow();
    assertEquals(
        100 * copa.baseline().getAsDouble(), csv("combined-copa-1shot").get("0%|0%"), 1e-12);
  }

  @Test
  void spearmanAndCrossTaskCsvsHoldTheirInputs() throws Exception {
    ReportData.Spearman sp = data.spearman().get(0);
    Map<String, Double> rho = csv("spearman-0shot");
    assertEquals(sp.rho().get(0, 3), rho.get("PIQA|Aggregate"));
    assertEquals(1.0, rho.get("COPA|COPA"));

    Map<String, Double> cross = csv("cross-task-piqa-1shot");
    CrossTaskCurve recordRanking =
        data.crossTask().stream()
            .filter(c -> c.shots() == 1 && c.rankingSource().equals("record"))
            .findFirst()
            .orElseThrow();
    assertEquals(100 * recordRanking.points().get(70), cross.get("record|70"));
    Cell piqa = data.cell("piqa", 1).orElseThrow();
    assertEquals(100 * piqa.headPruning().get(30), cross.get("self|30"));
    assertEquals(100 * piqa.baseline().getAsDouble(), cross.get("aggregate|0"));
  }

  @Test
  void capacityCsvHoldsTheDrawnPoints() throws Exception {
    CapacityCurve agg =
        data.capacity().stream()
            .filter(
                c ->
                    c.measure() == InductionMeasure.COPYING
                        && c.shots() == 0
                        && c.ranking().equals("aggregate"))
            .findFirst()
            .orElseThrow();
    List<List<String>> rows = CsvFiles.read(dir.resolve("figures/capacity-copying-aggregate.csv"));
    List<Double> y = new ArrayList<>();
    for (List<String> r : rows) {
      if (r.get(0).equals("0-shot")) {
        y.add(Double.parseDouble(r.get(2)));
      }
    }
    // 12 heads: below the thinning threshold, every point is drawn.
    assertArrayEquals(
        agg.retained().stream().mapToDouble(Double::doubleValue).toArray(),
        y.stream().mapToDouble(Double::doubleValue).toArray());
  }

  @Test
  void htmlReferencesOnlyRelativePathsThatExist() {
    Matcher m = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
    int links = 0;
    while (m.find()) {
      String target = m.group(1);
      links++;
      if (target.startsWith("#")) {
        assertTrue(html.contains("id=\"" + target.substring(1) + "\""), "no anchor " + target);
        continue;
      }
      assertFalse(target.contains(":"), "not relative: " + target);
      assertFalse(target.startsWith("/"), "not relative: " + target);
      String path = java.net.URLDecoder.decode(target, java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(Files.isRegularFile(dir.resolve(path)), "missing file " + target);
      assertTrue(dir.resolve(path).normalize().startsWith(dir), "outside the folder: " + target);
    }
    assertTrue(links > 100, links + " links");
    assertTrue(html.contains("href=\"data/pruning%20results.json\""));
  }

  @Test
  void htmlMakesNoRequestsOutsideTheFolder() {
    assertFalse(html.matches("(?s).*https?://.*"), "the page contains a URL");
    assertFalse(html.contains("<script"), "the page has a script");
    assertFalse(html.contains("@import") || html.contains("url("), "the CSS loads something");
    assertTrue(html.contains("default-src 'none'; img-src 'self'"), "CSP present");
    // The spec's URL is shown, but not as a URL in the source.
    assertTrue(html.contains("http&#58;//minio.local:9000/opticl  # &lt;not a request&gt;"));
  }

  @Test
  void absentArtifactsAreListedWithoutALink() {
    assertTrue(
        html.contains(
            "Run manifest (JSON) <code>data/manifest.json</code> <span class=\"muted\">(not in the"
                + " report folder)</span>"));
    assertFalse(html.contains("href=\"data/manifest.json\""));
  }

  @Test
  void pageShowsRunModelTimingsCacheAndBaselines() {
    assertTrue(html.contains("<code>facebook/opt-125m</code>"));
    assertTrue(html.contains("4 × 3 = 12 heads"));
    assertTrue(html.contains("<th>Wall clock</th><td>18 h 13 min 42 s</td>"));
    assertTrue(html.contains("<td>head-importance</td><td>6</td><td>0</td><td>0%</td>"));
    Cell copa = data.cell("copa", 1).orElseThrow();
    assertTrue(
        html.contains(
            String.format(java.util.Locale.ROOT, "%.1f", 100 * copa.baseline().getAsDouble())));
    assertTrue(html.contains("Fig. 5") && html.contains("Table 1"));
    assertTrue(
        html.contains("Each cell is one attention head; brighter = more important"),
        "captions say how to read a figure");
  }

  @Test
  void tablesAreWrittenAsCsv() throws Exception {
    List<List<String>> t1 = CsvFiles.read(dir.resolve("tables/table1-cross-shot-srcc.csv"));
    assertEquals(
        List.of("from_shots", "to_shots", "mean_rho", "variance_rho", "max_p_value"), t1.get(0));
    assertEquals(data.crossShot().get(0).mean(), Double.parseDouble(t1.get(1).get(2)));
    List<List<String>> base = CsvFiles.read(dir.resolve("tables/baselines.csv"));
    assertEquals(1 + 6, base.size());
    assertEquals(List.of("record", "0", "em"), base.get(3).subList(0, 3));
  }

  @Test
  void missingInputsShowTheMessageInsteadOfAFigure(@TempDir Path other) throws Exception {
    ReportData gap =
        ReportFiguresTest.withCell(
            data,
            "piqa",
            1,
            c -> {
              Map<Integer, Double> head = new TreeMap<>(c.headPruning());
              head.remove(30);
              head.remove(50);
              return ReportFiguresTest.withHeadPruning(c, head);
            });
    ReportData noInduction =
        new ReportData(
            gap.runId(),
            gap.model(),
            gap.spec(),
            gap.timings(),
            gap.cache(),
            gap.expected(),
            gap.cells(),
            gap.aggregateImportance(),
            gap.crossTask(),
            gap.spearman(),
            List.of(),
            Optional.empty(),
            gap.capacity(),
            List.of());
    ReportResult r = HtmlReport.write(noInduction, other);
    String page = Files.readString(r.index());
    FigureStatus heads =
        r.figures().stream()
            .filter(f -> f.id().equals("pruning-heads-1shot"))
            .findFirst()
            .orElseThrow();
    assertFalse(heads.drawn());
    assertEquals(
        Optional.of("Fig. 5 (1-shot): missing head-pruning results for piqa at 30%, 50%"),
        heads.missing());
    assertTrue(heads.files().isEmpty());
    assertFalse(Files.exists(other.resolve("figures/pruning-heads-1shot.png")));
    assertFalse(Files.exists(other.resolve("figures/pruning-heads-1shot.csv")));
    assertTrue(
        page.contains(
            "<b>Not drawn.</b> Fig. 5 (1-shot): missing head-pruning results for piqa at 30%,"
                + " 50%"));
    assertTrue(page.contains("Table 1: missing cross-shot Spearman results"));
    assertTrue(page.contains("<b>Mean over sequences (paper Fig. 10)</b>: not drawn"));
    assertTrue(Files.exists(other.resolve("figures/pruning-heads-0shot.png")), "rest still drawn");
  }

  @Test
  void rewritingAReportRemovesFiguresThatAreNoLongerDrawn(@TempDir Path other) throws Exception {
    // One shot and two tasks: this test is about the folder, not the figures.
    ReportData tiny = SyntheticReports.full("m", 2, 2, List.of("piqa", "copa"), List.of(0), 3);
    HtmlReport.write(tiny, other);
    assertTrue(Files.exists(other.resolve("figures/spearman-0shot.png")));
    ReportData noSpearman =
        new ReportData(
            tiny.runId(),
            tiny.model(),
            tiny.spec(),
            tiny.timings(),
            tiny.cache(),
            tiny.expected(),
            tiny.cells(),
            tiny.aggregateImportance(),
            tiny.crossTask(),
            List.of(),
            tiny.crossShot(),
            tiny.induction(),
            tiny.capacity(),
            List.of());
    HtmlReport.write(noSpearman, other);
    assertFalse(Files.exists(other.resolve("figures/spearman-0shot.png")));
    assertFalse(Files.exists(other.resolve(".index.html.tmp")));
  }

  /**
   * Leaves a report where CI's browser check looks for it ({@code
   * activities/src/test/chromium/check-report.sh activities/target/sample-report OUT.png}); the
   * working directory of surefire is the module.
   */
  @Test
  void leavesASampleReportForTheBrowserCheck() throws Exception {
    Path sample = Path.of("target", "sample-report");
    Files.createDirectories(sample.resolve("data"));
    Files.writeString(sample.resolve("data/head-importance.npy"), "npy");
    Files.writeString(sample.resolve("data/pruning results.json"), "{}");
    ReportData gap = SampleReport.withGaps(data);
    ReportResult r = HtmlReport.write(gap, sample);
    assertTrue(Files.isRegularFile(r.index()));
  }

  @Test
  void anEmptyRunStillReports(@TempDir Path other) throws Exception {
    ReportResult r = HtmlReport.write(ReportData.builder("empty").build(), other);
    String page = Files.readString(r.index());
    assertTrue(page.contains("No task results in this run."));
    assertTrue(r.figures().stream().noneMatch(FigureStatus::drawn));
  }
}
