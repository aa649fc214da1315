package org.opticl.report;

import static org.opticl.report.Html.esc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.opticl.plots.CsvTable;
import org.opticl.plots.FigureWriter;
import org.opticl.plots.RenderedFiles;
import org.opticl.plots.TaskStyle;
import org.opticl.report.ReportData.ArtifactLink;
import org.opticl.report.ReportData.Cell;
import org.opticl.report.ReportData.CrossShotRow;
import org.opticl.report.ReportData.StageCache;
import org.opticl.report.ReportData.StageTime;
import org.opticl.report.ReportData.Timings;

/**
 * Writes a run's report as a self-contained folder: {@code index.html} with inline CSS and no
 * scripts, {@code figures/} (PNG, SVG and CSV per figure) and {@code tables/} (CSV). Every link is
 * relative and a Content-Security-Policy limits the page to its own folder, so the report opens
 * offline, from an archive or an object store, and never makes a request elsewhere. Figures whose
 * inputs are missing appear as their missing-input message, so a partial run still reports.
 *
 * <p>The folder's {@code figures/} and {@code tables/} belong to the report: stale files there are
 * deleted. Anything else (artifacts the caller copied in) is left alone.
 */
public final class HtmlReport {
  private HtmlReport() {}

  static final String FIGURES = "figures";
  static final String TABLES = "tables";
  static final String BASELINES_ID = "baselines";
  static final String TABLE1_ID = "table1-cross-shot-srcc";

  /** Groups with more figures than this are folded away (per-task figures: 14 per shot). */
  private static final int FOLD_ABOVE = 4;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** {@link #write(ReportData, Path, ReportOptions)} with {@link ReportOptions#defaults()}. */
  public static ReportResult write(ReportData data, Path dir) throws IOException {
    return write(data, dir, ReportOptions.defaults());
  }

  /**
   * Renders every figure and writes {@code dir/index.html}.
   *
   * @return the page and the status of every figure, drawn or missing
   */
  public static ReportResult write(ReportData data, Path dir, ReportOptions options)
      throws IOException {
    Path figures = dir.resolve(FIGURES);
    Path tables = dir.resolve(TABLES);
    Files.createDirectories(figures);
    Files.createDirectories(tables);
    clean(figures);
    clean(tables);

    List<FigurePlan> plans = ReportFigures.plan(data, options);
    List<FigureStatus> statuses = new ArrayList<>();
    for (FigurePlan p : plans) {
      if (p.spec().isPresent()) {
        RenderedFiles f = FigureWriter.write(p.spec().get(), p.id(), figures);
        statuses.add(
            new FigureStatus(
                p.id(),
                p.section(),
                p.paperRef(),
                p.title(),
                true,
                Optional.empty(),
                List.of(rel(dir, f.png()), rel(dir, f.svg()), rel(dir, f.csv()))));
      } else {
        statuses.add(
            new FigureStatus(
                p.id(), p.section(), p.paperRef(), p.title(), false, p.missing(), List.of()));
      }
    }
    FigureStatus table1 = writeTable1(data, dir);
    int at = 0;
    while (at < statuses.size()
        && statuses.get(at).section().ordinal() <= Section.SIMILARITY.ordinal()) {
      at++;
    }
    statuses.add(at, table1);
    Optional<String> baselines = writeBaselines(data, dir);

    String html = new Page(data, plans, statuses, table1, baselines, dir).render();
    Path index = dir.resolve("index.html");
    Path tmp = dir.resolve(".index.html.tmp");
    Files.writeString(tmp, html, StandardCharsets.UTF_8);
    // The page appears complete or not at all: a reader never opens a half-written report.
    try {
      Files.move(tmp, index, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, index, StandardCopyOption.REPLACE_EXISTING);
    }
    return new ReportResult(index, statuses);
  }

  private static void clean(Path folder) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.{png,svg,csv}")) {
      for (Path f : files) {
        Files.delete(f);
      }
    }
  }

  private static String rel(Path dir, Path file) {
    return dir.relativize(file).toString().replace('\\', '/');
  }

  private static FigureStatus writeTable1(ReportData data, Path dir) throws IOException {
    String title = "Cross-shot Spearman correlation of head importance";
    if (data.crossShot().isEmpty()) {
      return new FigureStatus(
          TABLE1_ID,
          Section.SIMILARITY,
          "Table 1",
          title,
          false,
          Optional.of("Table 1: missing cross-shot Spearman results (no shot pairs)"),
          List.of());
    }
    List<List<String>> rows = new ArrayList<>();
    for (CrossShotRow r : data.crossShot()) {
      rows.add(
          List.of(
              Integer.toString(r.fromShots()),
              Integer.toString(r.toShots()),
              CsvTable.number(r.mean()),
              CsvTable.number(r.variance()),
              r.maxPValue().isPresent() ? CsvTable.number(r.maxPValue().getAsDouble()) : ""));
    }
    Path csv = dir.resolve(TABLES).resolve(TABLE1_ID + ".csv");
    new CsvTable(List.of("from_shots", "to_shots", "mean_rho", "variance_rho", "max_p_value"), rows)
        .write(csv);
    return new FigureStatus(
        TABLE1_ID,
        Section.SIMILARITY,
        "Table 1",
        title,
        true,
        Optional.empty(),
        List.of(rel(dir, csv)));
  }

  /** Baseline metric per task × shots; empty when no cell has a baseline. */
  private static Optional<String> writeBaselines(ReportData data, Path dir) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    for (Cell c : data.cells()) {
      if (c.baseline().isPresent()) {
        rows.add(
            List.of(
                c.task(),
                Integer.toString(c.shots()),
                c.metric(),
                CsvTable.number(c.baseline().getAsDouble())));
      }
    }
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Path csv = dir.resolve(TABLES).resolve(BASELINES_ID + ".csv");
    new CsvTable(List.of("task", "shots", "metric", "value"), rows).write(csv);
    return Optional.of(rel(dir, csv));
  }

  /** Percent-encodes a relative path for an href/src, keeping {@code /} as the separator. */
  static String href(String relPath) {
    StringBuilder b = new StringBuilder();
    for (byte x : relPath.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xFF;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '/'
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        b.append((char) c);
      } else {
        b.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return b.toString();
  }

  /** The page, section by section. */
  private static final class Page {
    private final ReportData data;
    private final List<FigurePlan> plans;
    private final Map<String, FigureStatus> status = new LinkedHashMap<>();
    private final FigureStatus table1;
    private final Optional<String> baselines;
    private final Path dir;
    private final StringBuilder out = new StringBuilder(64 * 1024);

    Page(
        ReportData data,
        List<FigurePlan> plans,
        List<FigureStatus> statuses,
        FigureStatus table1,
        Optional<String> baselines,
        Path dir) {
      this.data = data;
      this.plans = plans;
      statuses.forEach(s -> status.put(s.id(), s));
      this.table1 = table1;
      this.baselines = baselines;
      this.dir = dir;
    }

    String render() {
      String model = data.model().map(ReportData.Model::id).orElse("model not recorded");
      out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          // The browser itself refuses any request outside the report: no scripts, no fonts,
          // images only from the report's own location.
          .append(
              "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                  + " img-src 'self'; frame-src 'self'; style-src 'unsafe-inline'\">\n")
          .append("<title>opticl report · ")
          .append(esc(data.runId()))
          .append(" · ")
          .append(esc(model))
          .append("</title>\n<style>")
          .append(CSS)
          .append("</style>\n</head>\n<body>\n");
      header(model);
      nav();
      summary();
      for (Section s : Section.values()) {
        section(s);
      }
      artifacts();
      // No wall-clock time here: the report is a content-addressed stage result, so re-running the
      // same inputs must give the same bytes (the manifest's provenance says when it was made).
      out.append("<footer>Generated by opticl.")
          .append(" Figures: PNG for viewing, SVG for print, CSV with exactly the numbers drawn.")
          .append("</footer>\n</body>\n</html>\n");
      return out.toString();
    }

    private void header(String model) {
      long drawn = status.values().stream().filter(FigureStatus::drawn).count();
      long missing = status.size() - drawn;
      out.append("<header>\n<h1>Which parts of ")
          .append(esc(model))
          .append(" does in-context learning need?</h1>\n<p class=\"sub\">Run <code>")
          .append(esc(data.runId()))
          .append("</code> · reproduction of Bansal et al., ACL 2023 · ")
          .append(drawn)
          .append(" figures and tables drawn");
      if (missing > 0) {
        out.append(", <a href=\"#not-drawn\">")
            .append(missing)
            .append(" not drawn (inputs missing)</a>");
      }
      out.append("</p>\n</header>\n");
    }

    private void nav() {
      out.append("<nav><a href=\"#summary\">Run</a>");
      for (Section s : Section.values()) {
        out.append(" · <a href=\"#")
            .append(s.anchor())
            .append("\">")
            .append(esc(s.heading()))
            .append("</a>");
      }
      out.append(" · <a href=\"#artifacts\">Artifacts</a></nav>\n");
    }

    private void summary() {
      out.append("<section id=\"summary\">\n<h2>The run</h2>\n<div class=\"cards\">\n");
      modelCard();
      timingsCard();
      cacheCard();
      out.append("</div>\n");
      baselineTable();
      data.spec()
          .ifPresent(
              s ->
                  out.append("<details><summary>Run spec</summary>\n<pre class=\"spec\">")
                      .append(esc(s))
                      .append("</pre>\n</details>\n"));
      List<FigureStatus> missing = status.values().stream().filter(f -> !f.drawn()).toList();
      if (!missing.isEmpty()) {
        out.append("<details id=\"not-drawn\"><summary>")
            .append(missing.size())
            .append(" figures or tables not drawn because inputs are missing</summary>\n<ul>");
        for (FigureStatus f : missing) {
          out.append("<li>").append(esc(f.missing().orElse(f.title()))).append("</li>");
        }
        out.append("</ul>\n</details>\n");
      }
      out.append("</section>\n");
    }

    private void modelCard() {
      out.append("<div class=\"card\"><h3>Model</h3>");
      if (data.model().isEmpty()) {
        out.append("<p class=\"muted\">Not recorded.</p></div>\n");
        return;
      }
      ReportData.Model m = data.model().get();
      out.append("<table class=\"kv\">");
      kv("Model", "<code>" + esc(m.id()) + "</code>");
      kv(
          "Layers × heads",
          m.layers() + " × " + m.heads() + " = " + m.layers() * m.heads() + " heads");
      m.dtype().ifPresent(d -> kv("Weights dtype", esc(d)));
      m.weightsDigest()
          .ifPresent(d -> kv("Weights digest", "<code class=\"digest\">" + esc(d) + "</code>"));
      out.append("</table></div>\n");
    }

    private void timingsCard() {
      out.append("<div class=\"card\"><h3>Timings</h3>");
      if (data.timings().isEmpty()) {
        // A stored report holds results only; when and how long they took is provenance, which
        // differs between two runs with the same results. It is laid out beside the page.
        out.append("<iframe class=\"timings\" src=\"")
            .append(TIMINGS_PAGE)
            .append("\" title=\"Timings of this run\"></iframe></div>\n");
        return;
      }
      timingsTable(out, data.timings().get());
      out.append("</div>\n");
    }

    private void cacheCard() {
      out.append("<div class=\"card\"><h3>Cache</h3>");
      if (data.cache().isEmpty()) {
        out.append("<p class=\"muted\">Not recorded.</p></div>\n");
        return;
      }
      out.append(
          "<table class=\"num\"><tr><th>Stage</th><th>Computed</th><th>Cached</th>"
              + "<th>From cache</th></tr>");
      int computed = 0;
      int cached = 0;
      for (StageCache c : data.cache()) {
        cacheRow(esc(c.stage()), c.computed(), c.cached());
        computed += c.computed();
        cached += c.cached();
      }
      if (data.cache().size() > 1) {
        cacheRow("<b>All stages</b>", computed, cached);
      }
      out.append("</table></div>\n");
    }

    private void cacheRow(String stage, int computed, int cached) {
      int total = computed + cached;
      out.append("<tr><td>")
          .append(stage)
          .append("</td><td>")
          .append(computed)
          .append("</td><td>")
          .append(cached)
          .append("</td><td>")
          .append(total == 0 ? "—" : String.format(Locale.ROOT, "%.0f%%", 100.0 * cached / total))
          .append("</td></tr>");
    }

    private void kv(String key, String valueHtml) {
      out.append("<tr><th>").append(key).append("</th><td>").append(valueHtml).append("</td></tr>");
    }

    private void baselineTable() {
      out.append("<h3>Baseline accuracy of the unpruned model</h3>\n");
      List<String> tasks =
          TaskStyle.paperOrder(
              java.util.stream.Stream.concat(
                      ReportFigures.tasks(data).stream(), data.cells().stream().map(Cell::task))
                  .toList());
      List<Integer> shots = ReportFigures.shots(data);
      if (tasks.isEmpty() || shots.isEmpty()) {
        out.append("<p class=\"muted\">No task results in this run.</p>\n");
        return;
      }
      out.append("<table class=\"num baselines\"><tr><th>Task</th><th>Metric</th>");
      for (int s : shots) {
        out.append("<th>").append(s).append("-shot</th>");
      }
      out.append("</tr>\n");
      for (String t : tasks) {
        String metric =
            data.cells().stream()
                .filter(c -> c.task().equals(t))
                .map(Cell::metric)
                .findFirst()
                .orElse("acc");
        out.append("<tr><td>")
            .append(esc(TaskStyle.displayName(t)))
            .append("</td><td class=\"l\">")
            .append(esc(metric))
            .append("</td>");
        for (int s : shots) {
          OptionalDouble b = data.cell(t, s).map(Cell::baseline).orElse(OptionalDouble.empty());
          out.append("<td>")
              .append(
                  b.isPresent()
                      ? String.format(Locale.ROOT, "%.1f", 100 * b.getAsDouble())
                      : "<span class=\"muted\" title=\"not measured\">—</span>")
              .append("</td>");
        }
        out.append("</tr>\n");
      }
      out.append("</table>\n<p class=\"note\">In %. ReCoRD is scored by exact match and MultiRC by")
          .append(
              " acc_all (a question counts only if all its answers are right), as in the paper.");
      baselines.ifPresent(
          b -> out.append(" <a href=\"").append(href(b)).append("\">CSV</a> (fractions)."));
      out.append("</p>\n");
    }

    private void section(Section s) {
      List<FigurePlan> inSection = plans.stream().filter(p -> p.section() == s).toList();
      out.append("<section id=\"")
          .append(s.anchor())
          .append("\">\n<h2>")
          .append(esc(s.heading()))
          .append("</h2>\n<p class=\"intro\">")
          .append(esc(s.intro()))
          .append("</p>\n");
      Map<String, List<FigurePlan>> groups = new LinkedHashMap<>();
      for (FigurePlan p : inSection) {
        groups.computeIfAbsent(p.group(), g -> new ArrayList<>()).add(p);
      }
      for (Map.Entry<String, List<FigurePlan>> g : groups.entrySet()) {
        group(g.getKey(), g.getValue());
      }
      if (s == Section.SIMILARITY) {
        table1();
      }
      if (inSection.isEmpty() && s != Section.SIMILARITY) {
        out.append("<p class=\"muted\">No figures in this section for this run.</p>\n");
      }
      out.append("</section>\n");
    }

    private void group(String name, List<FigurePlan> figs) {
      long drawn = figs.stream().filter(p -> p.spec().isPresent()).count();
      if (drawn == 0) {
        // Nothing to look at: one line with the reasons folded, not a wall of empty boxes.
        out.append("<details class=\"missing-group\"><summary><b>")
            .append(esc(name))
            .append("</b>: not drawn, inputs missing (")
            .append(figs.size())
            .append(figs.size() == 1 ? " figure" : " figures")
            .append(")</summary>\n<ul>");
        for (FigurePlan p : figs) {
          out.append("<li>").append(esc(p.missing().orElseThrow())).append("</li>");
        }
        out.append("</ul>\n</details>\n");
        return;
      }
      boolean fold = figs.size() > FOLD_ABOVE;
      if (fold) {
        out.append("<details class=\"group\"><summary><b>")
            .append(esc(name))
            .append("</b> — ")
            .append(figs.size())
            .append(" figures");
        if (drawn < figs.size()) {
          out.append(", ").append(figs.size() - drawn).append(" not drawn");
        }
        out.append(" (click to show)</summary>\n<div class=\"grid small\">\n");
      } else {
        out.append("<h3>").append(esc(name)).append("</h3>\n<div class=\"grid\">\n");
      }
      for (FigurePlan p : figs) {
        figure(p);
      }
      out.append(fold ? "</div>\n</details>\n" : "</div>\n");
    }

    private void figure(FigurePlan p) {
      FigureStatus st = status.get(p.id());
      out.append("<figure id=\"fig-").append(esc(p.id())).append("\"");
      if (!st.drawn()) {
        out.append(" class=\"missing\"><div class=\"missing-box\"><b>Not drawn.</b> ")
            .append(esc(st.missing().orElseThrow()))
            .append("</div>\n");
      } else {
        String png = st.files().get(0);
        out.append("><a href=\"")
            .append(href(png))
            .append("\"><img src=\"")
            .append(href(png))
            .append("\" width=\"")
            .append(p.spec().get().width())
            .append("\" height=\"")
            .append(p.spec().get().height())
            .append("\" alt=\"")
            .append(esc(p.title()))
            .append("\"></a>\n");
      }
      out.append("<figcaption><b>")
          .append(esc(p.title()))
          .append("</b> <span class=\"ref\">paper ")
          .append(esc(p.paperRef()))
          .append("</span><br>")
          .append(esc(p.caption()));
      if (st.drawn()) {
        out.append(" <span class=\"files\"><a href=\"")
            .append(href(st.files().get(1)))
            .append("\">SVG</a> · <a href=\"")
            .append(href(st.files().get(2)))
            .append("\">CSV</a></span>");
      }
      out.append("</figcaption>\n</figure>\n");
    }

    private void table1() {
      out.append("<h3>Across shot counts (paper Table 1)</h3>\n");
      if (!table1.drawn()) {
        out.append("<p class=\"missing-box\"><b>Not drawn.</b> ")
            .append(esc(table1.missing().orElseThrow()))
            .append("</p>\n");
        return;
      }
      out.append(
          "<table class=\"num\"><tr><th>Shot counts</th><th>Mean ρ (variance)</th>"
              + "<th>Mean ρ</th><th>Variance</th><th>Largest p</th></tr>\n");
      for (CrossShotRow r : data.crossShot()) {
        out.append("<tr><td>")
            .append(r.fromShots())
            .append(" ↔ ")
            .append(r.toShots())
            .append("</td><td>")
            .append(String.format(Locale.ROOT, "%.2f (%.3f)", r.mean(), r.variance()))
            .append("</td><td>")
            .append(String.format(Locale.ROOT, "%.4f", r.mean()))
            .append("</td><td>")
            .append(String.format(Locale.ROOT, "%.4g", r.variance()))
            .append("</td><td>")
            .append(
                r.maxPValue().isPresent()
                    ? String.format(Locale.ROOT, "%.2g", r.maxPValue().getAsDouble())
                    : "—")
            .append("</td></tr>\n");
      }
      out.append(
              "</table>\n<p class=\"note\">For each task, the Spearman correlation between its"
                  + " head importance at two shot counts; mean and variance over tasks. The paper"
                  + " reports 0.39 (0.001), 0.37 (0.001) and 0.41 (0.001) for OPT-66B. <a href=\"")
          .append(href(table1.files().get(0)))
          .append("\">CSV</a></p>\n");
    }

    private void artifacts() {
      out.append("<section id=\"artifacts\">\n<h2>Artifacts</h2>\n");
      if (data.artifacts().isEmpty()) {
        out.append("<p class=\"muted\">No artifacts were attached to this report.</p>\n");
      } else {
        out.append(
            "<p class=\"intro\">The stored results behind the figures (JSON, CSV, NumPy"
                + " <code>.npy</code>), copied into this folder.</p>\n<ul class=\"artifacts\">\n");
        for (ArtifactLink a : data.artifacts()) {
          out.append("<li>");
          if (Files.isRegularFile(dir.resolve(a.path()))) {
            out.append("<a href=\"")
                .append(href(a.path()))
                .append("\">")
                .append(esc(a.name()))
                .append("</a> <code>")
                .append(esc(a.path()))
                .append("</code>");
          } else {
            // A dead link would look like a broken report; say what is absent instead.
            out.append(esc(a.name()))
                .append(" <code>")
                .append(esc(a.path()))
                .append("</code> <span class=\"muted\">(not in the report folder)</span>");
          }
          out.append("</li>\n");
        }
        out.append("</ul>\n");
      }
      out.append("</section>\n");
    }
  }

  /** The page beside {@code index.html} that shows the run's timings (see {@link #timingsPage}). */
  public static final String TIMINGS_PAGE = "timings.html";

  /**
   * A page of its own for the run's timings, shown inside the report's Timings card: when the run
   * started and ended and how long each stage computed.
   */
  public static String timingsPage(Timings t) {
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                + " style-src 'unsafe-inline'\">\n")
        .append("<title>Timings</title>\n<style>")
        .append(CSS)
        .append(" body { margin: 0; }</style>\n</head>\n<body>\n");
    timingsTable(out, t);
    return out.append("\n</body>\n</html>\n").toString();
  }

  private static void timingsTable(StringBuilder out, Timings t) {
    out.append("<table class=\"kv\">");
    timingRow(out, "Started", t.start().map(TIME::format).map(Html::esc).orElse("—"));
    timingRow(out, "Ended", t.end().map(TIME::format).map(Html::esc).orElse("still running"));
    if (t.start().isPresent() && t.end().isPresent()) {
      timingRow(out, "Wall clock", duration(Duration.between(t.start().get(), t.end().get())));
    }
    for (StageTime s : t.stages()) {
      timingRow(out, esc(s.stage()), duration(s.duration()));
    }
    out.append("</table>");
  }

  private static void timingRow(StringBuilder out, String key, String valueHtml) {
    out.append("<tr><th>").append(key).append("</th><td>").append(valueHtml).append("</td></tr>");
  }

  static String duration(Duration d) {
    long s = d.getSeconds();
    if (s < 60) {
      return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long sec = s % 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d h %02d min %02d s", h, m, sec)
        : String.format(Locale.ROOT, "%d min %02d s", m, sec);
  }

  /** Inline so the folder needs nothing else; system fonts only (no web fonts). */
  private static final String CSS =
      """
      :root { --fg: #1d1d1f; --muted: #6b6b70; --line: #d9d9de; --accent: #1f5fa8;
              --warn-bg: #fff6e5; --warn-line: #e0a800; }
      * { box-sizing: border-box; }
      body { margin: 0 auto; max-width: 1240px; padding: 0 24px 48px; color: var(--fg);
             font: 15px/1.5 "DejaVu Sans", system-ui, -apple-system, "Segoe UI", sans-serif;
             background: #fff; }
      header { padding: 28px 0 8px; border-bottom: 1px solid var(--line); }
      h1 { font-size: 26px; margin: 0 0 4px; }
      h2 { font-size: 21px; margin: 40px 0 4px; padding-top: 8px; border-top: 1px solid var(--line); }
      h3 { font-size: 16px; margin: 22px 0 8px; }
      .sub, .intro, .note, .muted { color: var(--muted); }
      .intro { margin-top: 0; }
      .note { font-size: 13px; }
      nav { position: sticky; top: 0; background: #fff; padding: 8px 0; font-size: 13px;
            border-bottom: 1px solid var(--line); z-index: 1; }
      a { color: var(--accent); }
      code { font: 13px "DejaVu Sans Mono", ui-monospace, monospace; }
      .digest { word-break: break-all; }
      .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; }
      .card { border: 1px solid var(--line); border-radius: 6px; padding: 4px 14px 12px; }
      iframe.timings { border: 0; width: 100%; height: 330px; }
      table { border-collapse: collapse; font-size: 14px; }
      th, td { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
      table.num td:not(:first-child) { text-align: right; font-variant-numeric: tabular-nums; }
      table.num td.l { text-align: left; }
      table.kv th { font-weight: normal; color: var(--muted); white-space: nowrap; }
      pre.spec { background: #f6f6f8; padding: 12px; overflow: auto; font-size: 13px;
                 max-height: 480px; border-radius: 4px; }
      .grid { display: grid; grid-template-columns: 1fr; gap: 24px; }
      .grid.small { grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); }
      figure { margin: 0; }
      figure img { display: block; max-width: 100%; height: auto; border: 1px solid #eee; }
      figcaption { font-size: 13px; color: #333; margin-top: 6px; max-width: 900px; }
      .ref { color: var(--muted); font-size: 12px; }
      .files { white-space: nowrap; }
      .missing-box { background: var(--warn-bg); border: 1px solid var(--warn-line);
                     border-radius: 4px; padding: 14px; font-size: 14px; max-width: 900px; }
      details { margin: 10px 0; }
      details > summary { cursor: pointer; }
      details.missing-group summary { color: #7a5a00; }
      footer { margin-top: 48px; font-size: 12px; color: var(--muted); }
      """;
}
