package org.opticl.schema;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.opticl.schema.key.KeyMaterial;

/** One realistic instance of every artifact record, shared by the schema and round-trip tests. */
final class Examples {

  static final String HEX_A = "a".repeat(64);
  static final String HEX_B = "0123456789abcdef".repeat(4);
  static final ModelIdentity MODEL =
      new ModelIdentity("facebook/opt-125m", "sha256:" + HEX_A, "float16");
  static final TaskIdentity PIQA = new TaskIdentity("piqa", "sha256:" + HEX_B);

  private Examples() {}

  static ArtifactRef ref() {
    return ArtifactRef.blob(HEX_B, 1234, ArtifactRef.JSON);
  }

  static RunSpec runSpec() {
    return new RunSpec(
        RunSpec.SCHEMA_VERSION,
        "opt-125m smoke",
        new RunSpec.ModelSource("facebook/opt-125m", "/models/opt-125m", "float16"),
        List.of("piqa", "copa"),
        List.of(0, 1, 5),
        1234,
        OptionalInt.of(100),
        HeadImportance.Variant.PER_TOKEN_ABS,
        2500,
        List.of(10, 20, 30),
        List.of(10, 20),
        List.of(0, 10),
        List.of(0, 10),
        100,
        new RunSpec.Execution(8, List.of("cpu"), "./opticl-artifacts"));
  }

  static EvalResult evalResult() {
    Map<String, Metric> metrics = new LinkedHashMap<>();
    metrics.put("acc", Metric.of(0.7312, 0.0103));
    metrics.put("acc_norm", Metric.of(0.7421));
    return new EvalResult(
        EvalResult.SCHEMA_VERSION,
        MODEL,
        PIQA,
        1,
        0,
        metrics,
        1838,
        OptionalInt.empty(),
        new MaskDescription(
            List.of(new HeadUnit(0, 3), new HeadUnit(11, 7)), List.of(4), "heads 10% by piqa/1"));
  }

  static HeadImportance headImportance() {
    return new HeadImportance(
        HeadImportance.SCHEMA_VERSION,
        MODEL,
        PIQA,
        1,
        HeadImportance.Variant.PER_TOKEN_ABS,
        new double[][] {{0.25, 1e-7, 3}, {0.1, 0.2, 0.30000000000000004}},
        new HeadImportance.TokenCounts(51200, 4096),
        2500);
  }

  static FfnImportance ffnImportance() {
    return FfnImportance.fromScores(
        MODEL, PIQA, 5, "acc", 0.74, new double[] {0.02, -0.001, 0.3, 0.02});
  }

  static PruningResult pruningResult() {
    return new PruningResult(
        PruningResult.SCHEMA_VERSION,
        MODEL,
        PIQA,
        0,
        PruningResult.Kind.COMBINED,
        30,
        10,
        "aggregate/0-shot",
        List.of(new HeadUnit(1, 2)),
        List.of(3),
        "acc",
        0.69,
        ref());
  }

  static InductionScores inductionScores() {
    return new InductionScores(
        InductionScores.SCHEMA_VERSION,
        MODEL,
        InductionScores.Kind.PREFIX_MATCHING,
        100,
        0.04,
        new double[][] {{0.9, 0.01}, {0.02, 0.5}},
        new double[][] {{0.001, 0}, {0, 0.02}});
  }

  static CorrelationMatrix correlationMatrix() {
    return new CorrelationMatrix(
        CorrelationMatrix.SCHEMA_VERSION,
        "head-importance/1-shot",
        "spearman",
        List.of("piqa", "copa"),
        new double[][] {{1, 0.42}, {0.42, 1}},
        new double[][] {{0, 1.5e-9}, {1.5e-9, 0}});
  }

  static Plot plot() {
    return new Plot(
        Plot.SCHEMA_VERSION,
        "fig5-1shot",
        "Accuracy vs % heads pruned, 1-shot",
        List.of(ArtifactRef.blob(HEX_A, 30211, "image/png")),
        ArtifactRef.blob(HEX_B, 812, "text/csv"));
  }

  static Report report() {
    return new Report(
        Report.SCHEMA_VERSION,
        "opticl report: facebook/opt-125m",
        "sha256:" + HEX_A,
        ArtifactRef.blob(HEX_A, 40960, "text/html"),
        List.of(ArtifactRef.blob(HEX_B, 300, ArtifactRef.JSON)),
        Instant.parse("2026-01-02T03:04:05.678Z"));
  }

  static KeyMaterial keyMaterial() {
    return KeyMaterial.of(
        "head-importance",
        1,
        Map.of("variant", "per-token-abs", "docs", 2500, "seed", 1234),
        Optional.of(MODEL),
        Optional.of(PIQA),
        Map.of("prompts", "sha256:" + HEX_B));
  }

  static Manifest manifest() {
    return Manifest.of(
        keyMaterial(),
        List.of(
            Manifest.Output.of(
                "head-importance.json", ref(), Optional.of(Schemas.id(HeadImportance.class))),
            Manifest.Output.of(
                "head-importance.values.npy",
                ArtifactRef.blob(HEX_A, 512, ArtifactRef.NPY),
                Optional.empty())),
        new Provenance(
            "0.1.0+1567011",
            Optional.of("opticl-abc"),
            Optional.of("run-1"),
            Optional.of("7"),
            2,
            "worker-1@gpu-host",
            List.of("cuda:0"),
            Instant.parse("2026-01-02T03:04:05Z"),
            123456));
  }

  /** Every example with its record type, in {@link Schemas} order. */
  static Map<Class<?>, Object> all() {
    Map<Class<?>, Object> all = new LinkedHashMap<>();
    all.put(RunSpec.class, runSpec());
    all.put(EvalResult.class, evalResult());
    all.put(LmEvalResults.class, evalResult().toLmEval());
    all.put(HeadImportance.class, headImportance());
    all.put(FfnImportance.class, ffnImportance());
    all.put(PruningResult.class, pruningResult());
    all.put(InductionScores.class, inductionScores());
    all.put(CorrelationMatrix.class, correlationMatrix());
    all.put(Plot.class, plot());
    all.put(Report.class, report());
    all.put(Manifest.class, manifest());
    all.put(ArtifactRef.class, ref());
    return all;
  }
}
