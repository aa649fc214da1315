package org.opticl.model.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Every published OPT shape round-trips through config.json; bad fields are named. */
class OptConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyVariantRoundTripsThroughConfigJson() {
    for (var e : OptConfig.variants().entrySet()) {
      assertEquals(e.getValue(), OptConfig.fromJson(e.getValue().toJson()), e.getKey());
    }
  }

  @Test
  void opt350mIsPostLayerNormWithAProjection() {
    OptConfig c = OptConfig.variant("opt-350m");
    assertFalse(c.layerNormBefore());
    assertFalse(c.finalLayerNorm());
    assertTrue(c.projectsEmbeddings());
    assertEquals(512, c.wordEmbedProjDim());
  }

  @Test
  void parameterCountsMatchThePublishedSizes() {
    // Published sizes: 125m ≈ 125.2M, 1.3b ≈ 1.316B, 66b ≈ 65.7B parameters.
    assertEquals(125_239_296L, OptConfig.variant("125m").parameterCount());
    assertEquals(65.7e9, OptConfig.variant("66b").parameterCount(), 0.1e9);
    assertEquals(4608, OptConfig.variant("66b").totalHeads());
  }

  @Test
  void headsThatDoNotDivideTheWidthAreRejected() {
    ObjectNode n = OptConfig.variant("125m").toJson().put("num_attention_heads", 7);
    var e = assertThrows(IllegalArgumentException.class, () -> OptConfig.fromJson(n));
    assertEquals(
        "config.json: num_attention_heads=7 does not divide hidden_size=768", e.getMessage());
  }

  @Test
  void missingAndMistypedFieldsAreNamed() {
    ObjectNode n = OptConfig.variant("125m").toJson();
    n.remove("ffn_dim");
    assertEquals(
        "config.json: missing required field ffn_dim",
        assertThrows(IllegalArgumentException.class, () -> OptConfig.fromJson(n)).getMessage());
    ObjectNode m = OptConfig.variant("125m").toJson().put("hidden_size", "wide");
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> OptConfig.fromJson(m))
            .getMessage()
            .contains("hidden_size=\"wide\""));
    ObjectNode g = OptConfig.variant("125m").toJson().put("activation_function", "gelu");
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> OptConfig.fromJson(g))
            .getMessage()
            .contains("activation_function=gelu"));
    ObjectNode z = OptConfig.variant("125m").toJson().put("vocab_size", 0);
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> OptConfig.fromJson(z))
            .getMessage()
            .contains("vocab_size=0"));
  }

  @Test
  void unknownShapeListsTheValidOnes() {
    var e = assertThrows(IllegalArgumentException.class, () -> OptConfig.variant("7b"));
    assertTrue(e.getMessage().contains("66b"), e.getMessage());
  }

  @Test
  void malformedJsonNamesTheFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws Exception {
    java.nio.file.Path f = tmp.resolve("config.json");
    java.nio.file.Files.writeString(f, "{\"hidden_size\": 16,");
    var e = assertThrows(IllegalArgumentException.class, () -> OptConfig.read(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    assertTrue(JSON != null);
  }
}
