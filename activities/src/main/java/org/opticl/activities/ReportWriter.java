package org.opticl.activities;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.opticl.analysis.CrossShotTable;
import org.opticl.analysis.SpearmanVariant;
import org.opticl.report.HtmlReport;
import org.opticl.report.Matrix;
import org.opticl.report.ReportData;
import org.opticl.report.ReportOptions;
import org.opticl.schema.ArtifactRef;
import org.opticl.schema.CorrelationMatrix;
import org.opticl.schema.FfnImportance;
import org.opticl.schema.InductionScores;
import org.opticl.schema.Manifest;
import org.opticl.schema.RunSpec;
import org.opticl.schema.json.CanonicalJson;
import org.opticl.schema.key.KeyMaterial;
import org.opticl.store.ArtifactStore;
import org.opticl.store.FileTrees;
import org.opticl.store.StageOutputs;
import org.opticl.workflows.api.CellResult;
import org.opticl.workflows.api.CrossTaskEval;
import org.opticl.workflows.api.PrunedEval;
import org.opticl.workflows.api.ReportRequest;
import org.opticl.workflows.api.StageOutcome;

/**
 * Writes a run's report as a cached stage: gathers the run's artifacts into {@link ReportData},
 * renders the HTML folder, copies the artifacts it links to (JSON, .npy) beside it, and stores
 * every file as a blob with an index ({@code report.json}: relative path → blob). {@link
 * #materialize} lays the folder out on disk from the store, so {@code opticl report RUN} and a
 * cached re-run show the same report without recomputing anything.
 */
public final class ReportWriter {
  /** Folder → blob index of one report. */
  public record ReportIndex(String runId, Map<String, ArtifactRef> files) {}

  private final Path root;
  private final ReportOptions options;

  public ReportWriter(Path root) {
    this(root, ReportOptions.defaults());
  }

  /** Reports under {@code root}, drawn with {@code options}. */
  public ReportWriter(Path root, ReportOptions options) {
    this.root = root;
    this.options = options;
  }

  /**
   * The report stage's parameters: the run, and the look when it is not the default (a report drawn
   * with the original's colour limits is another result than the default one).
   */
  Map<String, String> keyParams(String runId) {
    Map<String, String> params = new TreeMap<>();
    params.put("run", runId);
    if (!options.equals(ReportOptions.defaults())) {
      params.put("colourScaling", options.colourScaling().name());
    }
    return params;
  }

  /**
   * A committed report, and the run's timings read on the way (provenance, laid out beside it by
   * {@link #materialize}, never stored in it).
   */
  record Written(Manifest manifest, ReportData.Timings timings) {}

  Written write(ArtifactStore store, ReportRequest r, KeyMaterial key, Instant start) {
    Path tmp;
    try {
      tmp = Files.createTempDirectory("opticl-report");
      RunData run = RunData.load(store, r.summary());
      RunManifests manifests = RunManifests.find(store, runArtifacts(run, r));
      ReportData data = assemble(store, r, run, manifests, tmp);
      HtmlReport.write(data, tmp, options);
      StageOutputs out = new StageOutputs(store);
      Map<String, ArtifactRef> files = new TreeMap<>();
      List<Path> all;
      try (Stream<Path> s = Files.walk(tmp)) {
        all = s.filter(Files::isRegularFile).sorted().toList();
      }
      int i = 0;
      for (Path f : all) {
        String rel = tmp.relativize(f).toString().replace('\\', '/');
        String media = mediaType(rel);
        out.file(String.format("file-%05d", i++), f, media);
        files.put(rel, out.outputs().get(out.outputs().size() - 1).ref());
      }
      // The request itself, so that `opticl report RUN` can render the report again later.
      out.bytes("request.json", CanonicalJson.bytes(r), ArtifactRef.JSON);
      out.bytes(
          "report.json",
          CanonicalJson.bytes(new ReportIndex(r.summary().runId(), files)),
          ArtifactRef.JSON);
      Manifest m = out.commit(key, Provenances.since(start, List.of("cpu"))).manifest();
      FileTrees.delete(tmp);
      return new Written(m, manifests.timings());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report of " + r.summary().runId(), e);
    }
  }

  /**
   * The request of the newest committed report of {@code runId}, to render it again ({@code opticl
   * report RUN}) without touching the model.
   */
  public static Optional<ReportRequest> lastRequest(ArtifactStore store, String runId) {
    Optional<Manifest> newest = Optional.empty();
    for (var key : store.stageKeys()) {
      if (!key.stage().equals(Stages.REPORT)) {
        continue;
      }
      Optional<Manifest> m = store.lookup(key);
      if (m.isPresent()
          && m.get().inputs().params().path("run").asText().equals(runId)
          && (newest.isEmpty()
              || m.get().provenance().startedAt().isAfter(newest.get().provenance().startedAt()))) {
        newest = m;
      }
    }
    return newest.flatMap(m -> StageOutputs.read(store, m, "request.json", ReportRequest.class));
  }

  /**
   * Lays the report out under {@code <root>/<runId>/} from the store, with the run's timings beside
   * it ({@code timings} when the caller has them, else read from the store when the folder has none
   * yet); returns its index.html.
   */
  public Path materialize(
      ArtifactStore store, Manifest report, String runId, Optional<ReportData.Timings> timings) {
    ReportIndex index =
        StageOutputs.read(store, report, "report.json", ReportIndex.class)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "report index of " + runId + " is missing or corrupt"));
    Path dir = root.resolve(runId);
    for (Map.Entry<String, ArtifactRef> e : index.files().entrySet()) {
      Path target = dir.resolve(e.getKey()).normalize();
      if (!target.startsWith(dir)) {
        throw new IllegalStateException("report file " + e.getKey() + " escapes its folder");
      }
      try {
        Files.createDirectories(target.getParent());
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
      if (sameContent(target, e.getValue())) {
        continue; // a cached re-run finds its report already laid out
      }
      if (!store.get(e.getValue(), target)) {
        throw new IllegalStateException(
            "report file "
                + e.getKey()
                + " of "
                + runId
                + " is missing or corrupt in "
                + store.location());
      }
    }
    Path page = dir.resolve(HtmlReport.TIMINGS_PAGE);
    if (timings.isPresent() || !Files.isRegularFile(page)) {
      // A cached re-run computed nothing: timings already beside the report still stand.
      writeTimings(page, timings.orElseGet(() -> timingsOf(store, report)));
    }
    return dir.resolve("index.html").toAbsolutePath();
  }

  /** The run's timings, from the provenance of the stages behind a committed report. */
  private static ReportData.Timings timingsOf(ArtifactStore store, Manifest report) {
    ReportRequest r =
        StageOutputs.read(store, report, "request.json", ReportRequest.class)
            .orElseThrow(
                () ->
                    new IllegalStateException("report request of " + report.key() + " is missing"));
    return RunManifests.find(store, runArtifacts(RunData.load(store, r.summary()), r)).timings();
  }

  /**
   * {@link HtmlReport#TIMINGS_PAGE} beside the page: provenance, not a result, so it is not part of
   * the stored report.
   */
  private static void writeTimings(Path page, ReportData.Timings timings) {
    try {
      Path tmp = page.resolveSibling(".timings.html.tmp");
      Files.writeString(tmp, HtmlReport.timingsPage(timings), StandardCharsets.UTF_8);
      Files.move(tmp, page, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + page, e);
    }
  }

  private static boolean sameContent(Path file, ArtifactRef ref) {
    try {
      return Files.isRegularFile(file)
          && Files.size(file) == ref.size()
          && org.opticl.schema.json.Digests.sha256Hex(file).equals(ref.sha256());
    } catch (IOException e) {
      return false;
    }
  }

  private static ReportData assemble(
      ArtifactStore store, ReportRequest r, RunData data, RunManifests manifests, Path dir)
      throws IOException {
    var s = r.summary();
    RunAnalysis analysis = Masking.read(store, r.analysis(), RunAnalysis.class);
    RunSpec spec = Masking.read(store, s.runSpec(), RunSpec.class);
    ReportData.Builder b = ReportData.builder(s.runId());
    b.model(
        new ReportData.Model(
            s.model().id(),
            Optional.of(s.model().weightsDigest()),
            Optional.of(s.model().dtype()),
            s.model().layers(),
            s.model().heads()));
    b.spec(CanonicalJson.pretty(spec));
    b.expected(
        new ReportData.Expected(
            spec.tasks(),
            spec.shots(),
            spec.headPercents(),
            spec.ffnPercents(),
            spec.combinedHeadPercents(),
            spec.combinedFfnPercents(),
            spec.crossTaskPercents()));
    Map<String, int[]> cache = new TreeMap<>();
    Path artifacts = dir.resolve("artifacts");
    Files.createDirectories(artifacts);
    for (CellResult c : data.cells()) {
      String task = c.eval().task().name();
      int shots = c.eval().shots();
      ReportData.CellBuilder cb = ReportData.Cell.builder(task, shots);
      cb.metric(org.opticl.measure.Headline.metricOf(task));
      cb.baseline(c.baseline().metric());
      cb.headImportance(Matrix.of(data.importance(shots).get(task)));
      FfnImportance ffn = Masking.read(store, c.ffnImportance().artifact(), FfnImportance.class);
      List<Double> ffnScores = new ArrayList<>();
      for (double v : ffn.scores()) {
        ffnScores.add(v);
      }
      cb.ffnImportance(ffnScores);
      for (PrunedEval p : c.pruning()) {
        switch (p.kind()) {
          case "heads" -> cb.headPruning(p.headPercent(), p.metric());
          case "ffns" -> cb.ffnPruning(p.ffnPercent(), p.metric());
          default -> cb.combined(p.headPercent(), p.ffnPercent(), p.metric());
        }
      }
      b.cell(cb.build());
      count(cache, "evaluation", c.computed(), c.cached());
      count(cache, "head importance", c.headImportance());
      count(cache, "FFN importance", c.ffnImportance());
      String base = task + "-" + shots + "shot";
      copy(store, c.headImportance().artifact(), artifacts.resolve(base + "-head-importance.json"));
      copy(store, c.ffnImportance().artifact(), artifacts.resolve(base + "-ffn-importance.json"));
      copy(store, c.baseline().result(), artifacts.resolve(base + "-baseline.json"));
      b.artifact(base + " head importance", "artifacts/" + base + "-head-importance.json");
      copyTensors(
          store, manifests, c.headImportance().artifact(), artifacts, base, " head importance", b);
      b.artifact(base + " FFN importance", "artifacts/" + base + "-ffn-importance.json");
      copyTensors(
          store, manifests, c.ffnImportance().artifact(), artifacts, base, " FFN importance", b);
      b.artifact(base + " baseline evaluation", "artifacts/" + base + "-baseline.json");
    }
    cache.forEach((stage, n) -> b.cache(new ReportData.StageCache(stage, n[0], n[1])));
    for (int shots : data.shots()) {
      data.aggregate(shots).ifPresent(a -> b.aggregateImportance(shots, Matrix.of(a)));
    }
    Map<String, Map<Integer, Double>> curves = new LinkedHashMap<>();
    for (CrossTaskEval e : s.crossTask()) {
      curves
          .computeIfAbsent(
              e.target() + "\u0000" + e.shots() + "\u0000" + e.source(), k -> new TreeMap<>())
          .put(e.percent(), e.metric());
    }
    curves.forEach(
        (k, points) -> {
          String[] parts = k.split("\u0000");
          b.crossTask(
              new ReportData.CrossTaskCurve(
                  parts[0], Integer.parseInt(parts[1]), parts[2], points));
        });
    for (CorrelationMatrix m : analysis.spearman()) {
      int shots = Integer.parseInt(m.subject().replace("-shot", ""));
      if (!m.method().equals(SpearmanVariant.VALUES.methodName())) {
        continue; // the report shows the correct SRCC; the argsort variant stays in analysis.json
      }
      b.spearman(
          new ReportData.Spearman(
              shots,
              m.labels(),
              Matrix.of(m.rho()),
              Optional.of(Matrix.of(m.pValues())),
              m.method()));
    }
    for (RunAnalysis.Table1 t : analysis.table1()) {
      if (!t.method().equals(SpearmanVariant.VALUES.methodName())) {
        continue; // the report shows the correct SRCC; the argsort variant stays in analysis.json
      }
      for (CrossShotTable.Row row : t.table().rows()) {
        b.crossShot(
            new ReportData.CrossShotRow(
                row.pair().from(),
                row.pair().to(),
                row.mean(),
                row.variance(),
                java.util.OptionalDouble.of(row.maxPValue())));
      }
    }
    Map<InductionScores.Kind, InductionScores> ind = data.induction();
    if (!ind.isEmpty()) {
      InductionScores p = ind.get(InductionScores.Kind.PREFIX_MATCHING);
      InductionScores c = ind.get(InductionScores.Kind.COPYING);
      b.induction(
          new ReportData.Induction(
              Optional.of(Matrix.of(p.mean())),
              Optional.of(Matrix.of(p.variance())),
              Optional.of(Matrix.of(c.mean())),
              Optional.of(Matrix.of(c.variance()))));
    }
    for (RunAnalysis.Capacity c : analysis.capacity()) {
      b.capacity(
          new ReportData.CapacityCurve(
              c.score().equals("copying")
                  ? ReportData.InductionMeasure.COPYING
                  : ReportData.InductionMeasure.PREFIX_MATCHING,
              c.shots(),
              c.ranking(),
              toList(c.percentPruned()),
              toList(c.retained())));
    }
    copy(store, r.analysis(), artifacts.resolve("analysis.json"));
    b.artifact(
        "analysis (Spearman matrices, Table 1, overlaps, capacity)", "artifacts/analysis.json");
    return b.build();
  }

  /** Every artifact the run's results name: what the report's timings are taken from. */
  private static List<ArtifactRef> runArtifacts(RunData data, ReportRequest r) {
    List<ArtifactRef> refs = new ArrayList<>();
    for (CellResult c : data.cells()) {
      refs.addAll(c.artifacts());
    }
    r.summary().crossTask().forEach(e -> refs.add(e.result()));
    r.summary().aggregates().forEach(refs::add);
    r.summary().induction().ifPresent(refs::add);
    refs.add(r.analysis());
    return refs;
  }

  /**
   * The {@code .npy} tensors stored beside a JSON result (its manifest's other outputs), copied as
   * {@code <base>-<output name>} and linked, so that {@code numpy.load} reads them.
   */
  private static void copyTensors(
      ArtifactStore store,
      RunManifests manifests,
      ArtifactRef result,
      Path artifacts,
      String base,
      String what,
      ReportData.Builder b) {
    Optional<Manifest> m = manifests.of(result);
    if (m.isEmpty()) {
      return;
    }
    for (Manifest.Output o : m.get().outputs()) {
      if (o.name().endsWith(".npy")) {
        String file = base + "-" + o.name();
        copy(store, o.ref(), artifacts.resolve(file));
        b.artifact(base + what + " (" + o.name() + ")", "artifacts/" + file);
      }
    }
  }

  private static List<Double> toList(double[] v) {
    List<Double> out = new ArrayList<>(v.length);
    for (double d : v) {
      out.add(d);
    }
    return out;
  }

  private static void count(Map<String, int[]> cache, String stage, StageOutcome outcome) {
    count(cache, stage, outcome.cached() ? 0 : 1, outcome.cached() ? 1 : 0);
  }

  private static void count(Map<String, int[]> cache, String stage, int computed, int cached) {
    int[] n = cache.computeIfAbsent(stage, k -> new int[2]);
    n[0] += computed;
    n[1] += cached;
  }

  private static void copy(ArtifactStore store, ArtifactRef ref, Path target) {
    if (!store.get(ref, target)) {
      throw new IllegalStateException("artifact " + ref.uri() + " is missing or corrupt");
    }
  }

  private static String mediaType(String rel) {
    String n = rel.toLowerCase();
    if (n.endsWith(".html")) {
      return "text/html";
    }
    if (n.endsWith(".png")) {
      return "image/png";
    }
    if (n.endsWith(".svg")) {
      return "image/svg+xml";
    }
    if (n.endsWith(".pdf")) {
      return "application/pdf";
    }
    if (n.endsWith(".csv")) {
      return "text/csv";
    }
    if (n.endsWith(".npy")) {
      return ArtifactRef.NPY;
    }
    if (n.endsWith(".json")) {
      return ArtifactRef.JSON;
    }
    return "application/octet-stream";
  }
}
