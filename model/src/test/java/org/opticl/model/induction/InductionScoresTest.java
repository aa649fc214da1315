package org.opticl.model.induction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opticl.model.config.OptConfig;
import org.opticl.model.opt.ModelPlacement;
import org.opticl.model.opt.OptModel;
import org.opticl.model.random.RandomOpt;
import org.opticl.model.testing.TinyModels;

class InductionScoresTest {
  private static final OptConfig CONFIG = TinyModels.preLn().withVocab(272, 128);
  private static final TokenPool POOL = TokenPool.range(4, 272);
  private static final InductionRequest REQUEST =
      new InductionRequest(3, 17, PrefixRule.PARITY, CopyingRule.PARITY, POOL);
  private static OptModel model;
  private static List<InductionCheckpoint> checkpoints;
  private static InductionResult full;

  @BeforeAll
  static void runOnce() {
    model =
        OptModel.load(
            new RandomOpt(CONFIG, 8, 0.3f), CONFIG, ModelPlacement.cpu(CONFIG.numLayers()));
    checkpoints = new ArrayList<>();
    full = InductionScores.run(model, REQUEST, checkpoints::add);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void meanAndVarianceEqualADirectComputationOverTheSequences() {
    int n = REQUEST.sequences();
    double[][][] prefix = new double[n][][];
    double[][][] copy = new double[n][][];
    try (Copying copying = new Copying(model)) {
      for (int s = 0; s < n; s++) {
        prefix[s] =
            PrefixMatching.score(
                model,
                InductionSequences.prefixSequence(POOL, 17, s),
                InductionSequences.segmentLength(s),
                PrefixRule.PARITY);
        copy[s] = copying.score(InductionSequences.copyingSequence(POOL, 17, s));
      }
    }
    assertStats(prefix, full.prefixMatching());
    assertStats(copy, full.copying());
    assertEquals(3, checkpoints.size());
    assertEquals(List.of(1, 2, 3), checkpoints.stream().map(c -> c.sequencesDone()).toList());
  }

  private static void assertStats(double[][][] perSequence, HeadStats stats) {
    int n = perSequence.length;
    boolean someVariance = false;
    for (int l = 0; l < CONFIG.numLayers(); l++) {
      for (int h = 0; h < CONFIG.numHeads(); h++) {
        double mean = 0;
        for (double[][] x : perSequence) {
          mean += x[l][h] / n;
        }
        double ss = 0;
        for (double[][] x : perSequence) {
          ss += (x[l][h] - mean) * (x[l][h] - mean);
          assertTrue(x[l][h] >= 0 && x[l][h] <= 1, "score " + x[l][h]);
        }
        assertEquals(mean, stats.mean()[l][h], 1e-12);
        assertEquals(ss / (n - 1), stats.variance()[l][h], 1e-12);
        someVariance |= stats.variance()[l][h] > 0;
      }
    }
    assertTrue(someVariance, "scores vary across sequences");
  }

  @Test
  void resumingFromAnyCheckpointIsBitIdentical() {
    for (InductionCheckpoint cp : checkpoints) {
      List<InductionCheckpoint> later = new ArrayList<>();
      InductionResult resumed = InductionScores.run(model, REQUEST, Optional.of(cp), later::add);
      assertEquals(full.prefixMatching(), resumed.prefixMatching());
      assertEquals(full.copying(), resumed.copying());
      assertEquals(REQUEST.sequences() - cp.sequencesDone(), later.size());
    }
  }

  @Test
  void aFinishedRunExtendsToMoreSequencesExactly() {
    InductionRequest two = new InductionRequest(2, 17, PrefixRule.PARITY, CopyingRule.PARITY, POOL);
    InductionCheckpoint[] last = new InductionCheckpoint[1];
    InductionScores.run(model, two, cp -> last[0] = cp);
    InductionResult extended = InductionScores.run(model, REQUEST, Optional.of(last[0]), cp -> {});
    assertEquals(full.prefixMatching(), extended.prefixMatching());
    assertEquals(full.copying(), extended.copying());
  }

  @Test
  void resultsAreDeterminedBySeed() {
    InductionResult again = InductionScores.run(model, REQUEST, cp -> {});
    assertEquals(full.prefixMatching(), again.prefixMatching());
    assertEquals(full.copying(), again.copying());
    InductionResult other =
        InductionScores.run(
            model,
            new InductionRequest(3, 18, PrefixRule.PARITY, CopyingRule.PARITY, POOL),
            cp -> {});
    assertFalse(full.prefixMatching().equals(other.prefixMatching()));
    assertFalse(full.copying().equals(other.copying()));
  }

  @Test
  void aCheckpointOfAnotherRequestIsRefused() {
    for (InductionRequest other :
        List.of(
            new InductionRequest(3, 17, PrefixRule.CORRECTED, CopyingRule.PARITY, POOL),
            new InductionRequest(3, 17, PrefixRule.PARITY, CopyingRule.HEAD_OUTPUT, POOL))) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> InductionScores.run(model, other, Optional.of(checkpoints.get(0)), cp -> {}));
      assertTrue(e.getMessage().contains("seed, rules or pool differ"), e.getMessage());
    }
  }

  @Test
  void theCopyingRuleChangesOnlyTheCopyingScores() {
    InductionResult output =
        InductionScores.run(
            model,
            new InductionRequest(3, 17, PrefixRule.PARITY, CopyingRule.HEAD_OUTPUT, POOL),
            cp -> {});
    assertEquals(full.prefixMatching(), output.prefixMatching());
    assertFalse(full.copying().equals(output.copying()));
  }

  @Test
  void requestsTheModelCannotTakeAreNamedBeforeAnyWork() {
    IllegalArgumentException positions =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                InductionScores.run(
                    model,
                    new InductionRequest(5, 0, PrefixRule.PARITY, CopyingRule.PARITY, POOL),
                    cp -> {}));
    assertEquals(
        "5 sequences need 133 positions (sequence 4: 4·33+1) but max_position_embeddings=128; at"
            + " most 4 sequences fit",
        positions.getMessage());
    IllegalArgumentException pool =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                InductionScores.run(
                    model,
                    new InductionRequest(
                        2, 0, PrefixRule.PARITY, CopyingRule.PARITY, TokenPool.range(4, 100)),
                    cp -> {}));
    assertTrue(pool.getMessage().contains("needs 108 distinct tokens"), pool.getMessage());
    IllegalArgumentException vocab =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                InductionScores.run(
                    model,
                    new InductionRequest(
                        2, 0, PrefixRule.PARITY, CopyingRule.PARITY, TokenPool.range(100, 300)),
                    cp -> {}));
    assertTrue(vocab.getMessage().contains("token id 299"), vocab.getMessage());
  }
}
