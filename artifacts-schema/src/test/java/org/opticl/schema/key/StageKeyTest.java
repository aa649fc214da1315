package org.opticl.schema.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.opticl.schema.HeadImportance;
import org.opticl.schema.Manifest;
import org.opticl.schema.ModelIdentity;
import org.opticl.schema.Provenance;
import org.opticl.schema.RunSpec;
import org.opticl.schema.TaskIdentity;
import org.opticl.schema.json.CanonicalJson;

class StageKeyTest {

  /** Parameters of a pruning evaluation: two semantic fields, two that must not matter. */
  record PruneParams(
      int headPercent,
      String rankingSource,
      @NonSemantic int batchSize,
      @NonSemantic String scratchDir) {}

  private static final ModelIdentity MODEL =
      new ModelIdentity("facebook/opt-66b", "sha256:" + "1".repeat(64), "float16");
  private static final TaskIdentity TASK = new TaskIdentity("copa", "sha256:" + "2".repeat(64));
  private static final Map<String, String> INPUTS =
      Map.of("head-importance", "sha256:" + "3".repeat(64));

  private static StageKey key(PruneParams params) {
    return KeyMaterial.of("head-pruning", 1, params, Optional.of(MODEL), Optional.of(TASK), INPUTS)
        .key();
  }

  @Test
  void keyOfAFixedInputIsPinned() {
    // Regression pin of opticl's own key format: if this changes, every cache is invalidated.
    KeyMaterial material =
        KeyMaterial.of(
            "head-pruning",
            1,
            new PruneParams(30, "copa/0-shot", 8, "/tmp/x"),
            Optional.of(MODEL),
            Optional.of(TASK),
            INPUTS);
    assertEquals(
        "{\"inputs\":{\"head-importance\":\"sha256:"
            + "3".repeat(64)
            + "\"},"
            + "\"model\":{\"dtype\":\"float16\",\"id\":\"facebook/opt-66b\",\"weightsDigest\":\"sha256:"
            + "1".repeat(64)
            + "\"},"
            + "\"params\":{\"headPercent\":30,\"rankingSource\":\"copa/0-shot\"},"
            + "\"stage\":\"head-pruning\",\"stageCodeVersion\":1,"
            + "\"task\":{\"dataDigest\":\"sha256:"
            + "2".repeat(64)
            + "\",\"name\":\"copa\"}}",
        new String(material.canonicalBytes(), java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(
        "89eb934fa35c5dc1b7331d7ade4f0bab8d36c699c872469efba24d333e726563", material.key().hex());
  }

  @Test
  void nonSemanticFieldsDoNotChangeTheKey() {
    StageKey base = key(new PruneParams(30, "copa/0-shot", 8, "/tmp/a"));
    assertEquals(base, key(new PruneParams(30, "copa/0-shot", 64, "/tmp/a")));
    assertEquals(base, key(new PruneParams(30, "copa/0-shot", 8, "/scratch/b")));
  }

  @Test
  void semanticFieldsChangeTheKey() {
    StageKey base = key(new PruneParams(30, "copa/0-shot", 8, "/tmp/a"));
    assertNotEquals(base, key(new PruneParams(40, "copa/0-shot", 8, "/tmp/a")));
    assertNotEquals(base, key(new PruneParams(30, "aggregate/0-shot", 8, "/tmp/a")));
    PruneParams p = new PruneParams(30, "copa/0-shot", 8, "/tmp/a");
    assertNotEquals(
        base,
        KeyMaterial.of("head-pruning", 2, p, Optional.of(MODEL), Optional.of(TASK), INPUTS).key());
    assertNotEquals(
        base,
        KeyMaterial.of(
                "head-pruning",
                1,
                p,
                Optional.of(new ModelIdentity(MODEL.id(), MODEL.weightsDigest(), "float32")),
                Optional.of(TASK),
                INPUTS)
            .key());
    assertNotEquals(
        base,
        KeyMaterial.of(
                "head-pruning",
                1,
                p,
                Optional.of(MODEL),
                Optional.of(new TaskIdentity("copa", "sha256:" + "4".repeat(64))),
                INPUTS)
            .key());
    assertNotEquals(
        base,
        KeyMaterial.of(
                "head-pruning",
                1,
                p,
                Optional.of(MODEL),
                Optional.of(TASK),
                Map.of("head-importance", "sha256:" + "5".repeat(64)))
            .key());
  }

  @Test
  void mapOrderAndIntegralDoublesDoNotChangeTheKey() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("x", 1);
    a.put("y", 2.5);
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("y", 2.5);
    b.put("x", 1.0);
    assertEquals(
        KeyMaterial.of("baseline", 1, a, Optional.empty(), Optional.empty(), Map.of()).key(),
        KeyMaterial.of("baseline", 1, b, Optional.empty(), Optional.empty(), Map.of()).key());
  }

  @Test
  void nanParametersAreRejectedWhenTheMaterialIsBuilt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                KeyMaterial.of(
                    "baseline",
                    1,
                    Map.of("t", Double.NaN),
                    Optional.empty(),
                    Optional.empty(),
                    Map.of()));
    assertTrue(e.getMessage().contains("$.t"), e.getMessage());
  }

  @Test
  void runSpecDigestIgnoresExecutionSettings() {
    RunSpec spec = spec("./a", 8, "smoke");
    assertEquals(spec.digest(), spec("s3://bucket/run", 64, "renamed").digest());
    RunSpec other =
        new RunSpec(
            spec.schemaVersion(),
            spec.name(),
            spec.model(),
            List.of("copa"),
            spec.shots(),
            spec.seed(),
            spec.docLimit(),
            spec.importanceVariant(),
            spec.importanceDocs(),
            spec.headPercents(),
            spec.ffnPercents(),
            spec.combinedHeadPercents(),
            spec.combinedFfnPercents(),
            spec.inductionSequences(),
            spec.execution());
    assertNotEquals(spec.digest(), other.digest());
  }

  @Test
  void manifestWhoseKeyMaterialDoesNotHashToItsKeyIsRejected() {
    KeyMaterial material =
        KeyMaterial.of(
            "baseline", 1, Map.of("limit", 10), Optional.empty(), Optional.empty(), Map.of());
    Provenance provenance = Provenance.local("test", "w", List.of(), java.time.Instant.EPOCH, 0);
    Manifest ok = Manifest.of(material, List.of(), provenance);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Manifest(1, "baseline", "f".repeat(64), List.of(), material, provenance));
    assertTrue(e.getMessage().contains(ok.key()), e.getMessage());
    assertEquals(ok, CanonicalJson.read(CanonicalJson.bytes(ok), Manifest.class));
  }

  private static RunSpec spec(String store, int batchSize, String name) {
    return new RunSpec(
        RunSpec.SCHEMA_VERSION,
        name,
        new RunSpec.ModelSource("facebook/opt-125m", "/models/" + name, "float16"),
        List.of("piqa"),
        List.of(0, 1),
        1,
        OptionalInt.empty(),
        HeadImportance.Variant.PER_TOKEN_ABS,
        2500,
        List.of(10),
        List.of(10),
        List.of(0),
        List.of(0),
        100,
        new RunSpec.Execution(batchSize, List.of("cpu"), store));
  }
}
