package org.opticl.measure.pruning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opticl.harness.scoring.ProgressListener;
import org.opticl.measure.EvalSetup;
import org.opticl.measure.MeasuredModel;
import org.opticl.measure.ModelShape;
import org.opticl.measure.Progress;
import org.opticl.measure.SweepCheckpoint;
import org.opticl.measure.SweepPoint;
import org.opticl.measure.TaskEvaluation;
import org.opticl.measure.UnitMask;
import org.opticl.measure.testing.TinyOpt;

/** Pruning evaluations on a small random model, through the harness end to end. */
class PruningTest {
  @TempDir static Path dir;
  private static MeasuredModel subject;
  private static EvalSetup setup;
  private static ModelShape shape;
  private static final double[][] IMPORTANCE = {{0.3, 0.1}, {0.6, 0.2}};
  private static final int[] FFN_RANKING = {1, 0};

  @BeforeAll
  static void load() {
    subject = TinyOpt.written(dir.resolve("model"), TinyOpt.withTokenizer(), 9);
    setup = EvalSetup.of("synthetic_induction", 0, dir).withLimit(4);
    shape = subject.shape();
  }

  @AfterAll
  static void close() {
    subject.model().close();
  }

  @Test
  void aPruningPointIsTheTaskEvaluatedUnderItsMask() {
    PruningInput input =
        PruningInput.combined(
            setup,
            "synthetic_induction/1-shot",
            IMPORTANCE,
            FFN_RANKING,
            new CombinedGrid(List.of(0, 50), List.of(0, 50)));
    List<PruningPoint> points = Pruning.run(subject, input, Optional.empty(), Progress.none());
    assertEquals(4, points.size());
    TaskEvaluation eval = TaskEvaluation.prepare(subject, setup);
    SweepPoint baseline = Pruning.evaluate(eval, UnitMask.none(shape), ProgressListener.NONE);
    assertEquals(baseline.headline(), points.get(0).accuracy(), 0.0, "0% + 0% is the baseline");
    PruningPoint both = points.get(3);
    assertEquals(new GridCell(50, 50), both.cell());
    // 50% of 4 heads = 2: flat 1 (0.1), 3 (0.2); 50% of 2 FFNs = 1: layer 1 (first in the ranking).
    assertArrayEquals(new int[] {1, 3}, both.mask().heads());
    assertArrayEquals(new int[] {1}, both.mask().ffns());
    SweepPoint direct = Pruning.evaluate(eval, both.mask(), ProgressListener.NONE);
    assertEquals(direct.headline(), both.accuracy(), 0.0);
    assertEquals(direct.metrics(), both.evaluation().metrics());
    assertEquals("acc", both.metric());
  }

  @Test
  void aPruningRunResumesFromEveryCheckpointWithTheSameResults() {
    PruningInput input =
        PruningInput.heads(setup, "aggregate/1-shot", IMPORTANCE, List.of(0, 30, 100));
    List<SweepCheckpoint> cps = new ArrayList<>();
    List<PruningPoint> full =
        Pruning.run(subject, input, Optional.empty(), (d, t, c) -> cps.add(c));
    assertEquals(3, cps.size());
    assertEquals(1, full.get(1).mask().heads().length, "30% of 4 heads = 1");
    assertEquals(4, full.get(2).mask().heads().length, "100% removes every head");
    for (SweepCheckpoint c : cps) {
      assertEquals(full, Pruning.run(subject, input, Optional.of(c), Progress.none()));
    }
  }

  @Test
  void ffnPruningFollowsTheRanking() {
    PruningInput input = PruningInput.ffns(setup, "self", FFN_RANKING, List.of(70));
    PruningPoint p = Pruning.run(subject, input, Optional.empty(), Progress.none()).get(0);
    assertArrayEquals(new int[] {1}, p.mask().ffns(), "70% of 2 = 1: layer 1");
  }

  @Test
  void missingRankingsEmptyDataAndWrongShapesAreRefused() throws Exception {
    var heads =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new PruningInput(
                    setup,
                    "self",
                    Optional.empty(),
                    Optional.empty(),
                    List.of(new GridCell(10, 0))));
    assertEquals(
        "point heads 10% + ffns 0% removes heads but no head importance was given",
        heads.getMessage());
    var ffns =
        assertThrows(
            IllegalArgumentException.class,
            () -> PruningInput.heads(setup, "self", IMPORTANCE, List.of()));
    assertEquals("a pruning run needs at least one point", ffns.getMessage());
    var shapeError =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Pruning.run(
                    subject,
                    PruningInput.heads(setup, "copa/0-shot", new double[][] {{1, 2}}, List.of(10)),
                    Optional.empty(),
                    Progress.none()));
    assertEquals(
        "head importance of copa/0-shot has 1 layers; expected shape [2][2]",
        shapeError.getMessage());
    Path copa = dir.resolve("empty-copa");
    Files.createDirectories(copa);
    Files.writeString(copa.resolve("val.jsonl"), "");
    var empty =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Pruning.evaluate(
                    subject,
                    EvalSetup.of("copa", 0, copa),
                    UnitMask.none(shape),
                    ProgressListener.NONE));
    assertTrue(empty.getMessage().contains("has no documents"), empty.getMessage());
    var other =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Pruning.evaluate(
                    TaskEvaluation.prepare(subject, setup),
                    UnitMask.none(new ModelShape(4, 4)),
                    ProgressListener.NONE));
    assertTrue(other.getMessage().startsWith("mask is for ModelShape[layers=4, heads=4]"));
  }
}
