package org.opticl.app.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opticl.activities.ModelCatalog;
import org.opticl.activities.Stages;
import org.opticl.schema.Manifest;
import org.opticl.schema.RunSpec;
import org.opticl.schema.Schemas;
import org.opticl.schema.json.CanonicalJson;
import org.opticl.schema.key.StageKey;
import org.opticl.schema.npy.Npy;
import org.opticl.spec.SpecFile;
import org.opticl.store.ArtifactStore;
import org.opticl.store.ArtifactStores;

/**
 * The pipeline end to end on the embedded server: the demo spec produces every stage's artifact
 * (each valid against its schema) and a report; running it again computes nothing and takes a
 * fraction of the time; changing one pruning percentage recomputes only what depends on it.
 */
class PipelineEndToEndTest {
  private static final EmbeddedRun.Listener SILENT =
      new EmbeddedRun.Listener() {
        @Override
        public void started(org.opticl.workflows.api.RunRequest r, String store, int port) {}

        @Override
        public void progress(RunProgress.Snapshot s) {}
      };

  /** The spec with its store moved to {@code store} (and optionally other pruning percentages). */
  static RunSpec withStore(RunSpec s, Path store, List<Integer> headPercents) {
    RunSpec.Execution e = s.execution();
    return new RunSpec(
        s.schemaVersion(),
        s.name(),
        s.model(),
        s.tasks(),
        s.shots(),
        s.seed(),
        s.docLimit(),
        s.importanceVariant(),
        s.importanceDocs(),
        headPercents,
        s.ffnPercents(),
        s.combinedHeadPercents(),
        s.combinedFfnPercents(),
        s.inductionSequences(),
        s.crossTask(),
        s.crossTaskPercents(),
        new RunSpec.Execution(
            e.batchSize(),
            e.devices(),
            store.toString(),
            e.taskData(),
            e.maxParallel(),
            e.heartbeatSeconds(),
            e.temporal()));
  }

  static void copyTree(Path from, Path to) throws java.io.IOException {
    try (var files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  static Path repoFile(String relative) {
    Path p = Path.of(relative);
    return Files.exists(p) ? p : Path.of("..").resolve(relative);
  }

  @Test
  void demoProducesEveryArtifactAndARerunComputesNothing(@TempDir Path store) throws Exception {
    RunSpec demo = SpecFile.read(repoFile("examples/demo.yaml"));
    RunSpec spec = withStore(demo, store, demo.headPercents());
    ModelCatalog models = ModelCatalog.fromEnvironment();

    EmbeddedRun.Outcome first = EmbeddedRun.run(spec, models, 0, SILENT);
    assertTrue(first.modelComputations() > 0);
    Path report = Path.of(first.result().report());
    assertTrue(Files.isRegularFile(report), "report at " + report);
    // Kept under target/ for CI's headless-Chromium check and for people to open.
    copyTree(report.getParent(), Path.of("target", "demo-report"));
    String html = Files.readString(report);
    assertFalse(html.contains("Not recorded"), "every card of the report has its data");
    // Timings are provenance: laid out beside the stored page, shown inside it.
    assertTrue(html.contains("src=\"timings.html\""), "the Timings card shows timings.html");
    String timings = Files.readString(report.resolveSibling("timings.html"));
    assertTrue(timings.contains("Wall clock") && timings.contains("head-importance"), timings);
    try (var files = Files.list(report.getParent().resolve("artifacts"))) {
      List<Path> npy = files.filter(f -> f.toString().endsWith(".npy")).toList();
      assertEquals(8, npy.size(), "head and FFN importance of 4 cells as .npy: " + npy);
      for (Path f : npy) {
        assertTrue(html.contains("artifacts/" + f.getFileName()), "linked: " + f.getFileName());
        Npy.read(Files.readAllBytes(f)); // parses as a NumPy array
      }
    }

    Set<String> stages = new HashSet<>();
    JsonSchemaFactory schemas =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            b -> b.schemaMappers(m -> m.mapPrefix(Schemas.ID_PREFIX, "classpath:schemas/")));
    try (ArtifactStore s = ArtifactStores.open(store.toString())) {
      for (StageKey key : s.stageKeys()) {
        stages.add(key.stage());
        Manifest m = s.lookup(key).orElseThrow(() -> new AssertionError("broken manifest " + key));
        for (Manifest.Output o : m.outputs()) {
          byte[] bytes =
              s.get(o.ref()).orElseThrow(() -> new AssertionError("missing " + o.name()));
          if (o.schemaRef().isPresent()) {
            JsonNode tree = CanonicalJson.tree(bytes);
            Set<ValidationMessage> errors =
                schemas.getSchema(SchemaLocation.of(o.schemaRef().get())).validate(tree);
            assertTrue(errors.isEmpty(), key + " " + o.name() + ": " + errors);
          }
        }
      }
    }
    assertEquals(
        Set.of(
            Stages.RUN_SPEC,
            Stages.EVALUATION,
            Stages.HEAD_IMPORTANCE,
            Stages.FFN_IMPORTANCE,
            Stages.AGGREGATE_IMPORTANCE,
            Stages.INDUCTION,
            Stages.CELL_RECORD,
            Stages.ANALYSIS,
            Stages.REPORT),
        stages);

    EmbeddedRun.Outcome second = EmbeddedRun.run(spec, models, 0, SILENT);
    assertEquals(0, second.modelComputations(), "a re-run computes no model stage");
    assertEquals(0, second.modelLoads(), "a re-run never loads the model");
    assertEquals(0, second.result().computed());
    assertEquals(first.result().report(), second.result().report());
    // Wall-clock ratios are for `opticl bench pipeline`, not for a test on a shared CI machine.
    double ratio = (double) second.wall().toMillis() / first.wall().toMillis();
    System.out.printf(
        "demo: first run %.1f s, cached re-run %.1f s (%.1f%%)%n",
        first.wall().toMillis() / 1000.0, second.wall().toMillis() / 1000.0, 100 * ratio);
  }

  @Test
  void changingOnePruningPercentageRecomputesOnlyItsEvaluations(@TempDir Path store) {
    RunSpec base =
        SpecFile.parse(
            """
            name: pruning change
            model: {id: builtin:random-tiny}
            tasks: [synthetic_kv]
            shots: [0, 1]
            docLimit: 12
            importance: {docs: 8}
            pruning: {heads: [25, 50], ffns: [50], combined: {heads: [50], ffns: [50]}}
            induction: {sequences: 2}
            """,
            "pruning-change.yaml",
            store);
    ModelCatalog models = ModelCatalog.fromEnvironment();
    RunSpec a = withStore(base, store, List.of(25, 50));
    EmbeddedRun.run(a, models, 0, SILENT);
    RunSpec b = withStore(base, store, List.of(25, 75));
    EmbeddedRun.Outcome changed = EmbeddedRun.run(b, models, 0, SILENT);
    // One new evaluation per cell (75% of heads); everything else comes from the cache.
    assertEquals(2, changed.modelComputations());
  }

  @Test
  void reportRendersAFinishedRunAgainWithoutTheModel(@TempDir Path store) throws Exception {
    RunSpec spec =
        withStore(
            SpecFile.parse(
                """
                name: report again
                model: {id: builtin:random-tiny}
                tasks: [synthetic_kv]
                shots: [0]
                docLimit: 8
                importance: {docs: 4}
                pruning: {heads: [50], ffns: [50]}
                induction: {sequences: 2}
                """,
                "report-again.yaml",
                store),
            store,
            List.of(50));
    EmbeddedRun.Outcome run = EmbeddedRun.run(spec, ModelCatalog.fromEnvironment(), 0, SILENT);
    Path original = Path.of(run.result().report());
    String runId = original.getParent().getFileName().toString();

    Path again = store.resolve("again");
    assertEquals(
        0, opticl("report", runId, "--store", store.toString(), "--out", again.toString()));
    Path index = again.resolve(runId).resolve("index.html");
    assertEquals(Files.readString(original), Files.readString(index), "the same report");

    Path paper = store.resolve("paper");
    assertEquals(
        0,
        opticl(
            "report",
            runId,
            "--store",
            store.toString(),
            "--out",
            paper.toString(),
            "--colour-scaling",
            "paper"));
    String heatmap = "figures/head-importance-aggregate-0shot.png";
    assertFalse(
        java.util.Arrays.equals(
            Files.readAllBytes(original.resolveSibling(heatmap)),
            Files.readAllBytes(paper.resolve(runId).resolve(heatmap))),
        "the original's colour limits draw another heatmap");

    assertEquals(2, opticl("report", "opticl-0000000000000000", "--store", store.toString()));
  }

  /** The command line in this JVM; returns its exit code. */
  private static int opticl(String... args) {
    return org.opticl.app.Opticl.commandLine().execute(args);
  }
}
