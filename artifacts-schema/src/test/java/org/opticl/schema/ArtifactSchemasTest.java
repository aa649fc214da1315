package org.opticl.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opticl.schema.json.CanonicalJson;

class ArtifactSchemasTest {

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder ->
              builder.schemaMappers(
                  mappers -> mappers.mapPrefix(Schemas.ID_PREFIX, "classpath:schemas/")));
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

  private static JsonSchema schemaOf(Class<?> type) {
    return FACTORY.getSchema(SchemaLocation.of(Schemas.id(type)), CONFIG);
  }

  @Test
  void everySchemaTypeHasAnExample() {
    assertEquals(Schemas.names().keySet(), Examples.all().keySet());
  }

  @TestFactory
  Stream<DynamicTest> everyExampleValidatesAgainstItsSchemaAndRoundTrips() {
    return Examples.all().entrySet().stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.getKey().getSimpleName(),
                    () -> {
                      byte[] json = CanonicalJson.bytes(e.getValue());
                      JsonNode tree = CanonicalJson.tree(json);
                      Set<ValidationMessage> errors = schemaOf(e.getKey()).validate(tree);
                      assertTrue(errors.isEmpty(), e.getKey().getSimpleName() + ": " + errors);
                      Object back = CanonicalJson.read(json, e.getKey());
                      assertEquals(
                          new String(json, java.nio.charset.StandardCharsets.UTF_8),
                          CanonicalJson.string(back),
                          "canonical JSON of the round-tripped record");
                      if (!(e.getValue() instanceof LmEvalResults)) {
                        assertEquals(e.getValue(), back);
                      }
                    }));
  }

  @Test
  void everyArtifactCarriesSchemaVersion() {
    for (Map.Entry<Class<?>, Object> e : Examples.all().entrySet()) {
      if (e.getValue() instanceof SchemaArtifact) {
        JsonNode tree = CanonicalJson.mapper().valueToTree(e.getValue());
        assertTrue(tree.path("schemaVersion").isInt(), e.getKey().getSimpleName());
      }
    }
  }

  @Test
  void schemaRejectsMissingSchemaVersionAndUnknownFields() {
    ObjectNode tree = CanonicalJson.mapper().valueToTree(Examples.headImportance());
    tree.remove("schemaVersion");
    tree.put("batchSize", 8);
    Set<ValidationMessage> errors = schemaOf(HeadImportance.class).validate(tree);
    assertEquals(2, errors.size(), errors.toString());
  }

  @Test
  void schemaRejectsMalformedDigestInManifest() {
    ObjectNode tree = CanonicalJson.mapper().valueToTree(Examples.manifest());
    ((ObjectNode) tree.get("outputs").get(0)).put("digest", "md5:abc");
    assertFalse(schemaOf(Manifest.class).validate(tree).isEmpty());
  }

  @Test
  void artifactRefIsTinyEnoughForTemporalPayloads() {
    // Refs are what activities pass instead of data; Temporal warns at 256 KB per payload.
    ArtifactRef ref =
        new ArtifactRef(
            "s3://a-long-bucket-name/with/a/deep/prefix/" + ArtifactRef.blobUri(Examples.HEX_A),
            Examples.HEX_A,
            Long.MAX_VALUE,
            "application/vnd.opticl.head-importance+json");
    assertTrue(CanonicalJson.bytes(ref).length < 300, CanonicalJson.string(ref));
  }

  @Test
  void lmEvalViewHasResultsVersionsAndConfig() {
    LmEvalResults view = Examples.evalResult().toLmEval();
    assertEquals(0.7312, view.results().get("piqa").get("acc"));
    assertEquals(0.0103, view.results().get("piqa").get("acc_stderr"));
    assertFalse(view.results().get("piqa").containsKey("acc_norm_stderr"));
    assertEquals(0, view.versions().get("piqa"));
    assertEquals(1, view.config().get("num_fewshot"));
    assertNotNull(view.config().get("model"));
  }

  @Test
  void ffnRankingIsLeastImportantFirstWithTiesByLayer() {
    FfnImportance ffn = Examples.ffnImportance();
    // scores {0.02, -0.001, 0.3, 0.02}: layer 1 hurts least; layers 0 and 3 tie.
    assertEquals(
        java.util.List.of(1, 0, 3, 2), java.util.Arrays.stream(ffn.ranking()).boxed().toList());
  }

  @Test
  void tensorsMatchTheirMatrices() {
    HeadImportance h = Examples.headImportance();
    assertEquals(1e-7, h.tensors().get("values").get(0, 1));
    assertEquals(2, h.tensors().get("values").shape()[0]);
    assertEquals(3, h.tensors().get("values").shape()[1]);
  }
}
