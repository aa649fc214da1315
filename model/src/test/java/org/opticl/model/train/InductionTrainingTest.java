package org.opticl.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opticl.model.config.OptConfig;
import org.opticl.model.opt.OptModel;

/**
 * The training loop on a few steps: deterministic by seed, complete output, bad options refused.
 */
class InductionTrainingTest {
  @TempDir Path dir;

  /** The default recipe cut to two short stages of a few steps each. */
  private static InductionTraining.Options quick(long seed) {
    InductionTraining.Options d = InductionTraining.Options.defaults();
    return d.withStages(
            List.of(
                new InductionTraining.Stage(
                    InductionTraining.Source.of(new RepeatedTokens(260, 336, 6, 12, 25, 4, 260), 8),
                    6,
                    0.9,
                    3e-3),
                new InductionTraining.Stage(
                    List.of(
                        InductionTraining.Source.shifted(
                            new RepeatedTokens(260, 544, 6, 12, 25, 4, 260), 4),
                        InductionTraining.Source.of(
                            new RepeatedTokens(260, 544, 8, 16, 40, 4, 260), 4)),
                    4,
                    0.95,
                    1e-3)))
        .withSeed(seed);
  }

  @Test
  void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() throws Exception {
    List<InductionTraining.Progress> seen = new ArrayList<>();
    InductionTraining.Summary a =
        InductionTraining.trainAndSave(quick(3), dir.resolve("a"), seen::add);
    InductionTraining.trainAndSave(quick(3), dir.resolve("b"), p -> {});
    InductionTraining.trainAndSave(quick(4), dir.resolve("c"), p -> {});
    byte[] wa = Files.readAllBytes(dir.resolve("a/model.safetensors"));
    assertArrayEquals(wa, Files.readAllBytes(dir.resolve("b/model.safetensors")));
    assertFalse(
        java.util.Arrays.equals(wa, Files.readAllBytes(dir.resolve("c/model.safetensors"))));

    assertEquals(List.of(6, 4), a.stageSteps(), "neither stage reaches its target in a few steps");
    assertEquals(10, seen.size());
    assertEquals(1, seen.get(6).stage());
    assertTrue(Double.isFinite(a.finalLoss()));
  }

  @Test
  void theOutputIsACompleteModelDirectory() throws Exception {
    Path out = dir.resolve("m");
    InductionTraining.trainAndSave(quick(1), out, p -> {});
    for (String f :
        List.of("config.json", "model.safetensors", "vocab.json", "merges.txt", "training.json")) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f);
    }
    try (OptModel m = OptModel.load(out)) {
      assertEquals(544, m.config().vocabSize());
    }
    JsonNode t = new ObjectMapper().readTree(out.resolve("training.json").toFile());
    assertEquals(1, t.path("seed").asInt());
    assertEquals(10, t.path("steps").asInt());
    assertEquals(2, t.path("stages").size());
    JsonNode sources = t.path("stages").get(1).path("sources");
    assertEquals(2, sources.size());
    assertTrue(sources.get(0).path("shift_positions").asBoolean());
    assertEquals(40, sources.get(1).path("length").asInt());
  }

  /** {@code d} trained on {@code data} alone, in one short stage. */
  private static InductionTraining.Options oneStage(
      InductionTraining.Options d, RepeatedTokens data) {
    return d.withStages(
        List.of(new InductionTraining.Stage(InductionTraining.Source.of(data, 8), 6, 0.9, 3e-3)));
  }

  @Test
  void optionsThatCannotWorkAreRefusedWithTheReason() {
    InductionTraining.Options d = InductionTraining.Options.defaults();
    var tooWide =
        assertThrows(
            IllegalArgumentException.class,
            () -> oneStage(d, new RepeatedTokens(260, 600, 6, 12, 25, 4, 260)));
    assertEquals("stage 0: token range ends at 600 but vocab_size=544", tooWide.getMessage());
    var tooLong =
        assertThrows(
            IllegalArgumentException.class,
            () -> oneStage(d, new RepeatedTokens(260, 336, 6, 12, 300, 4, 260)));
    assertEquals(
        "stage 0: sequence length 300 exceeds max_position_embeddings=256", tooLong.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new InductionTraining.Stage(
                InductionTraining.Source.of(new RepeatedTokens(260, 336, 6, 12, 25, 4, 260), 8),
                6,
                0.9,
                Double.NaN));
    OptConfig postLn = new OptConfig(64, 4, 2, 256, 544, 256, 64, false, true, true, "float32");
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new InductionTraining.Options(
                postLn, "text", d.stages(), 0, 10, d.optimizer(), 0, 1.0, 0.02f, 10, 4, 1));
  }
}
