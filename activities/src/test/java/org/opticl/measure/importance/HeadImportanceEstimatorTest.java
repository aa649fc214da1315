package org.opticl.measure.importance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opticl.harness.prompt.ImportanceExample;
import org.opticl.harness.scoring.TextEncoder;
import org.opticl.measure.MeasuredModel;
import org.opticl.measure.Progress;
import org.opticl.measure.testing.TinyOpt;
import org.opticl.model.config.OptConfig;
import org.opticl.model.opt.Interventions;
import org.opticl.model.opt.OptModel;

/** Head importance on small random models: against finite differences, batching and resuming. */
class HeadImportanceEstimatorTest {
  @TempDir static Path dir;

  private static final OptConfig TINY = TinyOpt.tiny();
  private static OptModel tiny;
  private static MeasuredModel subject;

  @BeforeAll
  static void load() {
    tiny = TinyOpt.model(TINY, 11);
    subject = TinyOpt.written(dir.resolve("model"), TinyOpt.withTokenizer(), 5);
  }

  @AfterAll
  static void close() {
    tiny.close();
    subject.model().close();
  }

  /** Three examples of random tokens with different context and continuation lengths. */
  private static TokenizedExamples randomExamples() {
    SplittableRandom rnd = new SplittableRandom(3);
    int[][] lengths = {{5, 3}, {7, 2}, {4, 4}};
    List<TokenizedExample> out = new ArrayList<>();
    for (int i = 0; i < lengths.length; i++) {
      out.add(
          new TokenizedExample(
              i,
              rnd.ints(lengths[i][0], 3, TINY.vocabSize()).toArray(),
              rnd.ints(lengths[i][1], 3, TINY.vocabSize()).toArray()));
    }
    return new TokenizedExamples(out, 0, 0);
  }

  private static final ImportanceOptions MASK_GRADIENT =
      ImportanceOptions.DEFAULT.withMethod(ImportanceMethod.MASK_GRADIENT);

  @Test
  void maskGradientAtBatchOneIsTheMeanAbsoluteFiniteDifferenceOfEachExamplesLoss() {
    TokenizedExamples data = randomExamples();
    HeadImportanceResult r =
        HeadImportanceEstimator.run(tiny, data, MASK_GRADIENT, Optional.empty(), Progress.none());
    // ReLU kinks make the loss only piecewise smooth, float32 bounds how small a step can be.
    float eps = 2e-3f;
    for (int l = 0; l < TINY.numLayers(); l++) {
      for (int h = 0; h < TINY.numHeads(); h++) {
        double meanAbs = 0;
        for (TokenizedExample e : data.examples()) {
          double up = loss(e, l, h, 1 + eps);
          double down = loss(e, l, h, 1 - eps);
          meanAbs += Math.abs((up - down) / (2 * eps)) / data.examples().size();
        }
        assertEquals(meanAbs, r.values()[l][h], 1e-3 + 1e-2 * meanAbs, "head " + l + "," + h);
      }
    }
    assertEquals(3, r.examples());
  }

  /** The example's own mean continuation loss with head (l, h) scaled by {@code gate}. */
  private static double loss(TokenizedExample e, int l, int h, float gate) {
    float[][] mask = new float[TINY.numLayers()][TINY.numHeads()];
    for (float[] row : mask) {
      java.util.Arrays.fill(row, 1f);
    }
    mask[l][h] = gate;
    ImportanceAccumulator.PaddedBatch p = ImportanceAccumulator.batchOf(List.of(e));
    return tiny.headGradients(
            p.batch(), p.labels(), Interventions.NONE.withHeadMask(mask), Optional.empty())
        .loss();
  }

  @Test
  void maskGradientDoesNotDependOnTheBatchSize() {
    TokenizedExamples data = randomExamples();
    double[][] one =
        HeadImportanceEstimator.run(tiny, data, MASK_GRADIENT, Optional.empty(), Progress.none())
            .values();
    double[][] three =
        HeadImportanceEstimator.run(
                tiny, data, MASK_GRADIENT.withBatchSize(3), Optional.empty(), Progress.none())
            .values();
    for (int l = 0; l < one.length; l++) {
      assertArrayEquals(one[l], three[l], 1e-5 + 1e-4 * maxAbs(one[l]));
    }
  }

  @Test
  void perTokenAbsAtBatchOneAddsEachExamplesSumAndDividesByPooledCounts() {
    TokenizedExamples data = randomExamples();
    HeadImportanceResult r =
        HeadImportanceEstimator.run(
            tiny, data, ImportanceOptions.DEFAULT, Optional.empty(), Progress.none());
    double[][] sums = new double[TINY.numLayers()][TINY.numHeads()];
    for (TokenizedExample e : data.examples()) {
      ImportanceAccumulator.PaddedBatch p = ImportanceAccumulator.batchOf(List.of(e));
      double[][] s =
          tiny.headGradients(p.batch(), p.labels(), Interventions.NONE, Optional.empty())
              .headAbsDotSum();
      for (int l = 0; l < s.length; l++) {
        for (int h = 0; h < s[l].length; h++) {
          sums[l][h] += s[l][h];
        }
      }
    }
    // tot = (5+3-1) + (7+2-1) + (4+4-1) = 22, eff = 9.
    assertEquals(22, r.totalTokens());
    assertEquals(9, r.supervisedTokens());
    for (int h = 0; h < TINY.numHeads(); h++) {
      assertEquals(sums[0][h] / 22, r.values()[0][h], 0.0);
      assertEquals(sums[1][h] / 9, r.values()[1][h], 0.0);
    }
  }

  @Test
  void resumingFromEveryCheckpointGivesABitIdenticalResult() {
    for (ImportanceOptions options :
        List.of(ImportanceOptions.DEFAULT.withBatchSize(2), MASK_GRADIENT)) {
      HeadImportanceInput input =
          HeadImportanceInput.of("synthetic_kv", 1, dir).withSubset(5).withOptions(options);
      List<ImportanceCheckpoint> checkpoints = new ArrayList<>();
      List<Integer> done = new ArrayList<>();
      HeadImportanceResult full =
          HeadImportanceEstimator.run(
              subject,
              input,
              Optional.empty(),
              (d, total, c) -> {
                assertEquals(5, total);
                done.add(d);
                checkpoints.add(c);
              });
      assertEquals(
          options.batchSize() == 2 ? List.of(2, 4, 5) : List.of(1, 2, 3, 4, 5), done, "progress");
      for (ImportanceCheckpoint c : checkpoints) {
        HeadImportanceResult resumed =
            HeadImportanceEstimator.run(subject, input, Optional.of(c), Progress.none());
        assertEquals(full, resumed, "resumed at example " + c.nextExample());
      }
    }
  }

  @Test
  void aTaskRunCountsTheTokensOfItsSeparatelyTokenisedExamples() {
    HeadImportanceInput input = HeadImportanceInput.of("synthetic_kv", 1, dir).withSubset(4);
    HeadImportanceResult r =
        HeadImportanceEstimator.run(subject, input, Optional.empty(), Progress.none());
    List<ImportanceExample> examples = HeadImportanceEstimator.examples(input);
    long tot = 0;
    long eff = 0;
    for (ImportanceExample e : examples) {
      int ctx = subject.encoder().encode(e.context()).length;
      int cont = subject.encoder().encode(e.continuation()).length;
      tot += ctx + cont - 1;
      eff += cont;
    }
    assertEquals(4, r.examples());
    assertEquals(tot, r.totalTokens());
    assertEquals(eff, r.supervisedTokens());
    assertEquals(0, r.truncated());
    assertEquals(2, r.values().length);
    assertEquals(2, r.values()[0].length);
    for (double[] row : r.values()) {
      for (double v : row) {
        assertTrue(v > 0 && Double.isFinite(v), "importance " + v);
      }
    }
  }

  @Test
  void aCheckpointOfOtherInputsOrOffABatchBoundaryIsRejected() {
    HeadImportanceInput input =
        HeadImportanceInput.of("synthetic_kv", 1, dir)
            .withSubset(4)
            .withOptions(ImportanceOptions.DEFAULT.withBatchSize(2));
    List<ImportanceCheckpoint> cps = new ArrayList<>();
    HeadImportanceEstimator.run(subject, input, Optional.empty(), (d, t, c) -> cps.add(c));
    HeadImportanceInput otherShots =
        HeadImportanceInput.of("synthetic_kv", 0, dir)
            .withSubset(4)
            .withOptions(ImportanceOptions.DEFAULT.withBatchSize(2));
    var digest =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                HeadImportanceEstimator.run(
                    subject, otherShots, Optional.of(cps.get(0)), Progress.none()));
    assertTrue(digest.getMessage().contains("checkpoint belongs to other inputs"));
    ImportanceCheckpoint c = cps.get(0);
    ImportanceCheckpoint offBoundary =
        new ImportanceCheckpoint(
            c.inputDigest(), 1, 4, c.sums(), c.totalTokens(), c.supervisedTokens());
    var boundary =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                HeadImportanceEstimator.run(
                    subject, input, Optional.of(offBoundary), Progress.none()));
    assertEquals(
        "checkpoint is at example 1, not a batch boundary for batchSize=2", boundary.getMessage());
  }

  /** One token per character: makes the window arithmetic visible. */
  private static final TextEncoder CHARS = s -> s.chars().map(c -> c + 3).toArray();

  @Test
  void emptyContextsBecomeTheEndOfTextTokenAndContinuationsAreTokenisedAlone() {
    TokenizedExamples t =
        HeadImportanceEstimator.tokenize(
            List.of(new ImportanceExample(4, "", "ab"), new ImportanceExample(5, "xy", "z")),
            CHARS,
            100,
            Overlength.FAIL);
    assertArrayEquals(new int[] {2}, t.examples().get(0).context());
    assertArrayEquals(new int[] {'a' + 3, 'b' + 3}, t.examples().get(0).continuation());
    assertArrayEquals(new int[] {'x' + 3, 'y' + 3}, t.examples().get(1).context());
    assertEquals(5, t.examples().get(1).doc());
  }

  @Test
  void examplesBeyondTheWindowAreTruncatedSkippedOrRefusedAsAsked() {
    List<ImportanceExample> ex =
        List.of(new ImportanceExample(0, "abcdef", "gh"), new ImportanceExample(1, "a", "b"));
    TokenizedExamples cut =
        HeadImportanceEstimator.tokenize(ex, CHARS, 5, Overlength.TRUNCATE_LEFT);
    assertArrayEquals(new int[] {'d' + 3, 'e' + 3, 'f' + 3}, cut.examples().get(0).context());
    assertEquals(1, cut.truncated());
    TokenizedExamples skipped = HeadImportanceEstimator.tokenize(ex, CHARS, 5, Overlength.SKIP);
    assertEquals(1, skipped.examples().size());
    assertEquals(1, skipped.skipped());
    var fail =
        assertThrows(
            IllegalArgumentException.class,
            () -> HeadImportanceEstimator.tokenize(ex, CHARS, 5, Overlength.FAIL));
    assertEquals(
        "importance example of doc 0 has 8 tokens, more than the model's window of 5; use"
            + " Overlength.TRUNCATE_LEFT or SKIP",
        fail.getMessage());
    var cont =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                HeadImportanceEstimator.tokenize(
                    List.of(new ImportanceExample(3, "a", "abcde")),
                    CHARS,
                    5,
                    Overlength.TRUNCATE_LEFT));
    assertTrue(cont.getMessage().contains("continuation alone has 5 tokens"), cont.getMessage());
    var all =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                HeadImportanceEstimator.tokenize(
                    List.of(new ImportanceExample(0, "abcdef", "gh")), CHARS, 5, Overlength.SKIP));
    assertTrue(all.getMessage().contains("all 1 importance examples exceed"), all.getMessage());
  }

  @Test
  void continuationsWithoutTokensAreRefusedNamingTheDocument() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                HeadImportanceEstimator.tokenize(
                    List.of(new ImportanceExample(9, "a", "")), CHARS, 10, Overlength.FAIL));
    assertEquals(
        "importance example of doc 9: continuation \"\" encodes to no tokens, so nothing would be"
            + " supervised",
        e.getMessage());
  }

  @Test
  void badInputsAreRefusedWithWhatWouldBeValid() {
    var task =
        assertThrows(IllegalArgumentException.class, () -> HeadImportanceInput.of("piqaa", 0, dir));
    assertTrue(task.getMessage().startsWith("unknown task 'piqaa'; valid tasks: hellaswag"));
    var shots =
        assertThrows(IllegalArgumentException.class, () -> HeadImportanceInput.of("piqa", -1, dir));
    assertEquals("shots=-1 must be >= 0", shots.getMessage());
    var subset =
        assertThrows(
            IllegalArgumentException.class,
            () -> HeadImportanceInput.of("piqa", 0, dir).withSubset(0));
    assertEquals("subset=0 must be >= 1", subset.getMessage());
    var batch =
        assertThrows(
            IllegalArgumentException.class, () -> ImportanceOptions.DEFAULT.withBatchSize(0));
    assertEquals("batchSize=0 must be >= 1", batch.getMessage());
    var none =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                HeadImportanceEstimator.run(
                    tiny,
                    new TokenizedExamples(List.of(), 0, 0),
                    ImportanceOptions.DEFAULT,
                    Optional.empty(),
                    Progress.none()));
    assertEquals("no importance examples to accumulate", none.getMessage());
    var tooLong =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                HeadImportanceEstimator.run(
                    tiny,
                    new TokenizedExamples(
                        List.of(new TokenizedExample(2, new int[40], new int[] {5})), 0, 0),
                    ImportanceOptions.DEFAULT,
                    Optional.empty(),
                    Progress.none()));
    assertEquals(
        "example of doc 2 has 41 tokens, more than the model's window of 40", tooLong.getMessage());
  }

  @Test
  void aTaskWithoutTrainingDocumentsIsRefused() throws Exception {
    Path copa = dir.resolve("empty-copa");
    Files.createDirectories(copa);
    Files.writeString(copa.resolve("train.jsonl"), "");
    Files.writeString(copa.resolve("val.jsonl"), "");
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                HeadImportanceEstimator.run(
                    subject,
                    HeadImportanceInput.of("copa", 0, copa),
                    Optional.empty(),
                    Progress.none()));
    assertTrue(
        e.getMessage().contains("has no documents to compute importance on"), e.getMessage());
  }

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }
}
