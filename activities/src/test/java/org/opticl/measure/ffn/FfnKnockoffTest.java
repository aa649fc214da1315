package org.opticl.measure.ffn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opticl.harness.eval.TaskResult;
import org.opticl.harness.scoring.ProgressListener;
import org.opticl.measure.EvalSetup;
import org.opticl.measure.Headline;
import org.opticl.measure.MeasuredModel;
import org.opticl.measure.Progress;
import org.opticl.measure.SweepCheckpoint;
import org.opticl.measure.TaskEvaluation;
import org.opticl.measure.testing.TinyOpt;
import org.opticl.model.opt.Interventions;
import org.opticl.schema.FfnImportance;
import org.opticl.schema.ModelIdentity;
import org.opticl.schema.TaskIdentity;

/** FFN knock-offs on a small random model evaluated through the harness end to end. */
class FfnKnockoffTest {
  @TempDir static Path dir;
  private static MeasuredModel subject;
  private static EvalSetup setup;

  @BeforeAll
  static void load() {
    subject = TinyOpt.written(dir.resolve("model"), TinyOpt.withTokenizer(), 7);
    setup = EvalSetup.of("synthetic_induction", 1, dir).withLimit(4);
  }

  @AfterAll
  static void close() {
    subject.model().close();
  }

  @Test
  void eachKnockoffIsTheTaskEvaluatedWithThatFfnSkipped() {
    FfnKnockoffResult r =
        FfnKnockoff.run(subject, FfnKnockoffInput.of(setup), Optional.empty(), Progress.none());
    TaskEvaluation eval = TaskEvaluation.prepare(subject, setup);
    TaskResult base = eval.evaluate(Interventions.NONE, ProgressListener.NONE);
    assertEquals(Headline.percent(base), r.baseline(), 0.0);
    for (int l = 0; l < 2; l++) {
      float[] ffn = Interventions.ffnMaskWithout(subject.model().config(), l);
      TaskResult knocked =
          eval.evaluate(Interventions.NONE.withFfnMask(ffn), ProgressListener.NONE);
      assertEquals(Headline.percent(knocked), r.knockoff()[l], 0.0, "layer " + l);
      assertEquals(r.baseline() - r.knockoff()[l], r.importance()[l], 0.0);
    }
    assertArrayEquals(FfnKnockoff.ranking(r.importance()), r.ranking());
    assertEquals("acc", r.metric());
    assertEquals(3, r.evaluations().size(), "baseline + 2 knock-offs");
    assertEquals("baseline", r.evaluations().get(0).label());
    assertEquals("ffn 1", r.evaluations().get(2).label());
    assertEquals(4, r.evaluations().get(1).docCount());
  }

  @Test
  void resumingFromEveryCheckpointGivesABitIdenticalResult() {
    List<SweepCheckpoint> checkpoints = new ArrayList<>();
    List<Integer> done = new ArrayList<>();
    int[] within = {0};
    Progress<SweepCheckpoint> progress =
        new Progress<>() {
          @Override
          public void completed(int d, int total, SweepCheckpoint c) {
            assertEquals(3, total);
            done.add(d);
            checkpoints.add(c);
          }

          @Override
          public void within(int d, int total) {
            within[0]++;
          }
        };
    FfnKnockoffResult full =
        FfnKnockoff.run(subject, FfnKnockoffInput.of(setup), Optional.empty(), progress);
    assertEquals(List.of(1, 2, 3), done);
    assertTrue(within[0] > 0, "request progress inside each evaluation is reported");
    for (SweepCheckpoint c : checkpoints) {
      FfnKnockoffResult resumed =
          FfnKnockoff.run(subject, FfnKnockoffInput.of(setup), Optional.of(c), Progress.none());
      assertEquals(full, resumed, "resumed after " + c.done().size() + " evaluations");
    }
  }

  @Test
  void aKnownBaselineIsUsedInsteadOfEvaluatingOne() {
    FfnKnockoffResult r =
        FfnKnockoff.run(
            subject,
            new FfnKnockoffInput(setup, OptionalDouble.of(100.0)),
            Optional.empty(),
            Progress.none());
    assertEquals(2, r.evaluations().size());
    assertEquals(100.0, r.baseline());
    for (int l = 0; l < 2; l++) {
      assertEquals(100.0 - r.knockoff()[l], r.importance()[l], 0.0);
    }
  }

  @Test
  void aCheckpointOfAnotherSweepIsRejected() {
    List<SweepCheckpoint> cps = new ArrayList<>();
    FfnKnockoff.run(
        subject,
        new FfnKnockoffInput(setup, OptionalDouble.of(50)),
        Optional.empty(),
        (d, t, c) -> cps.add(c));
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                FfnKnockoff.run(
                    subject,
                    FfnKnockoffInput.of(setup.withLimit(3)),
                    Optional.of(cps.get(0)),
                    Progress.none()));
    assertTrue(e.getMessage().startsWith("checkpoint belongs to a different sweep"));
  }

  @Test
  void importanceIsBaselineMinusKnockoffAndTheRankingIsStableAscending() {
    double[] imp = FfnKnockoff.importance(70, new double[] {70, 60, 72, 60, 70});
    assertArrayEquals(new double[] {0, 10, -2, 10, 0}, imp, 0);
    // Ascending, ties to the lower layer: -2 (2), 0 (0, 4), 10 (1, 3).
    assertArrayEquals(new int[] {2, 0, 4, 1, 3}, FfnKnockoff.ranking(imp));
    assertArrayEquals(
        new int[] {0, 1}, FfnKnockoff.ranking(new double[] {0.0, -0.0}), "-0.0 equals 0.0");
  }

  @Test
  void recordsHeadlineIsExactMatch() {
    assertEquals("em", Headline.metricOf("record"));
    assertEquals("acc", Headline.metricOf("multirc"));
  }

  @Test
  void theResultBecomesTheFfnImportanceArtifactWithTheSameRanking() {
    FfnKnockoffResult r =
        new FfnKnockoffResult(
            "acc",
            70,
            new double[] {70, 60, 72},
            FfnKnockoff.importance(70, new double[] {70, 60, 72}),
            FfnKnockoff.ranking(FfnKnockoff.importance(70, new double[] {70, 60, 72})),
            List.of());
    FfnImportance a =
        r.toArtifact(
            new ModelIdentity("random", "sha256:" + "0".repeat(64), "float32"),
            new TaskIdentity("piqa", "sha256:" + "1".repeat(64)),
            1);
    assertArrayEquals(r.ranking(), a.ranking());
    assertArrayEquals(r.importance(), a.scores(), 0);
  }

  @Test
  void badValuesAreRefused() {
    var nan =
        assertThrows(
            IllegalArgumentException.class,
            () -> FfnKnockoff.ranking(new double[] {1, Double.NaN}));
    assertEquals("FFN importance of layer 1 is NaN", nan.getMessage());
    var empty =
        assertThrows(IllegalArgumentException.class, () -> FfnKnockoff.ranking(new double[0]));
    assertEquals("no FFN importance values to rank", empty.getMessage());
    var inf =
        assertThrows(
            IllegalArgumentException.class,
            () -> FfnKnockoff.importance(50, new double[] {1, Double.POSITIVE_INFINITY}));
    assertEquals("knock-off metric of layer 1 is Infinity, not finite", inf.getMessage());
    var baseline =
        assertThrows(
            IllegalArgumentException.class,
            () -> new FfnKnockoffInput(setup, OptionalDouble.of(Double.NaN)));
    assertTrue(baseline.getMessage().startsWith("knownBaseline=NaN"));
    var task = assertThrows(IllegalArgumentException.class, () -> EvalSetup.of("nope", 0, dir));
    assertTrue(task.getMessage().startsWith("unknown task 'nope'"));
    var limit = assertThrows(IllegalArgumentException.class, () -> setup.withLimit(0));
    assertTrue(limit.getMessage().startsWith("limit=0 must be >= 1"));
  }
}
