package org.opticl.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opticl.activities.ModelCatalog;
import org.opticl.harness.scoring.ProgressListener;
import org.opticl.measure.importance.HeadImportanceEstimator;
import org.opticl.measure.importance.HeadImportanceInput;
import org.opticl.measure.pruning.HeadRanking;
import org.opticl.measure.pruning.Masks;
import org.opticl.measure.pruning.Pruning;
import org.opticl.model.induction.CopyingRule;
import org.opticl.model.induction.InductionRequest;
import org.opticl.model.induction.InductionResult;
import org.opticl.model.induction.InductionScores;
import org.opticl.model.induction.PrefixRule;
import org.opticl.model.induction.TokenPool;
import org.opticl.model.opt.OptModel;
import org.opticl.model.tokenizer.OptTokenizer;
import org.opticl.model.train.InductionTraining;

/**
 * The measurements on a model whose answer is known: the induction model opticl trains ({@code
 * builtin:induction-tiny}'s recipe, trained here from scratch). Its induction head must stand out
 * in prefix matching and copying, and head importance on the synthetic induction task must find it:
 * removing the two most important heads leaves chance, removing the least important half changes
 * almost nothing.
 *
 * <p>Issue #5's acceptance checks. They train the model first (about two and a half minutes on two
 * cores; byte-identical run after run on one CPU family); {@code -Dopticl.inductionModel=DIR}
 * measures a trained model directory instead: {@code mvn -pl activities test
 * -Dtest=InductionModelTest -Dopticl.inductionModel=DIR}.
 */
class InductionModelTest {
  @TempDir static Path dir;

  private static InductionTraining.Summary training;
  private static MeasuredModel subject;
  private static InductionResult scores;
  private static InductionResult headOutputScores;
  private static double[][] importance;
  private static TaskEvaluation task;

  @BeforeAll
  static void trainAndMeasure() throws Exception {
    // -Dopticl.inductionModel=DIR measures a model trained before instead of training one.
    String given = System.getProperty("opticl.inductionModel", "");
    Path model = given.isBlank() ? dir.resolve("induction-tiny") : Path.of(given);
    if (given.isBlank()) {
      training = InductionTraining.trainAndSave(ModelCatalog.inductionTraining(), model, p -> {});
    }
    OptTokenizer tokenizer = OptTokenizer.load(model);
    subject = MeasuredModel.of(OptModel.load(model), tokenizer);
    TokenPool pool = TokenPool.fromMerges(tokenizer, TokenPool.PAPER_EXCLUDE_RATIO);
    scores =
        InductionScores.run(
            subject.model(),
            new InductionRequest(10, 0, PrefixRule.PARITY, CopyingRule.PARITY, pool),
            c -> {});
    headOutputScores =
        InductionScores.run(
            subject.model(),
            new InductionRequest(10, 0, PrefixRule.PARITY, CopyingRule.HEAD_OUTPUT, pool),
            c -> {});
    importance =
        HeadImportanceEstimator.run(
                subject,
                HeadImportanceInput.of("synthetic_induction", 0, dir),
                Optional.empty(),
                Progress.none())
            .values();
    task = TaskEvaluation.prepare(subject, EvalSetup.of("synthetic_induction", 0, dir));
  }

  @AfterAll
  static void close() {
    if (subject != null) {
      subject.model().close();
    }
  }

  @Test
  void trainingPredictsTheRepeats() {
    assumeTrue(training != null, "measuring a given model");
    System.out.printf(
        "induction model: %d steps %s, %.1f s; second copy %.3f, later copies %.3f%n",
        training.steps(),
        training.stageSteps(),
        training.trainSeconds(),
        training.evaluation().secondCopy(),
        training.evaluation().laterCopies());
    assertTrue(training.evaluation().secondCopy() >= 0.9, training.evaluation().toString());
    assertTrue(training.evaluation().laterCopies() >= 0.95, training.evaluation().toString());
    assertTrue(training.evaluation().firstCopy() < 0.05, "the first copy is unpredictable");
  }

  @Test
  void theInductionHeadHasTheHighestPrefixMatchingScoreAndTheMedianHeadNone() {
    double[][] pm = scores.prefixMatching().mean();
    int best = argMax(pm);
    int heads = pm[0].length;
    System.out.println("prefix matching: " + Arrays.deepToString(pm));
    assertEquals(1, best / heads, "an induction head needs a previous-token head below it");
    assertTrue(flat(pm)[best] >= 0.5, "induction head's prefix matching " + flat(pm)[best]);
    assertTrue(median(flat(pm)) < 0.1, "median prefix matching " + median(flat(pm)));
  }

  /**
   * The copying score as the paper describes it (App. A.4): the head's output through the LM head
   * raises the token it attends to most. The original code's read-out (the query's own value,
   * {@link CopyingRule#PARITY}) is printed beside it: it credits a copying head only where the
   * head's attention on token embeddings peaks on the query itself, which this induction head's
   * does not — it finds its target through the previous-token head's output, absent from the
   * embedding-level residual that every layer reads there — so there it scores at chance like every
   * other head (README, "Known gaps").
   */
  @Test
  void theInductionHeadCopiesMoreThanTheMedianHead() {
    int best = argMax(scores.prefixMatching().mean());
    double[] copying = flat(headOutputScores.copying().mean());
    System.out.println("copying (head output): " + Arrays.toString(copying));
    System.out.println("copying (parity): " + Arrays.deepToString(scores.copying().mean()));
    assertTrue(
        copying[best] > median(copying),
        "induction head copies " + copying[best] + ", median " + median(copying));
  }

  @Test
  void removingTheTwoMostImportantHeadsLeavesChanceAndTheLeastImportantHalfAlmostNothing() {
    ModelShape shape = subject.shape();
    double baseline = accuracy(UnitMask.none(shape));
    int[] ascending = HeadRanking.ascending(importance);
    int[] top2 = Arrays.copyOfRange(ascending, ascending.length - 2, ascending.length);
    double withoutTop2 = accuracy(UnitMask.of(shape, top2, new int[0]));
    double withoutLeastHalf = accuracy(Masks.heads(shape, importance, 50));
    System.out.printf(
        "synthetic_induction 0-shot: %.1f%% unpruned, %.1f%% without heads %s, %.1f%% without the"
            + " least important half; importance %s%n",
        baseline,
        withoutTop2,
        Arrays.toString(top2),
        withoutLeastHalf,
        Arrays.deepToString(importance));
    // Accuracies are in percent. 8 choices: chance is 12.5%, and 100 documents give a standard
    // error of about 3.3 points there.
    assertTrue(baseline >= 80, "the trained model solves the task: " + baseline);
    assertTrue(withoutTop2 <= 25, "near chance without the top 2: " + withoutTop2);
    assertTrue(
        Math.abs(withoutLeastHalf - baseline) <= 5,
        "within 5 points without the least important half: " + withoutLeastHalf);
    int inductionHead = argMax(scores.prefixMatching().mean());
    assertTrue(
        Arrays.stream(top2).anyMatch(h -> h == inductionHead),
        "the induction head is among the 2 most important");
  }

  private static double accuracy(UnitMask mask) {
    return Pruning.evaluate(task, mask, ProgressListener.NONE).headline();
  }

  private static double[] flat(double[][] v) {
    return Arrays.stream(v).flatMapToDouble(Arrays::stream).toArray();
  }

  private static int argMax(double[][] v) {
    double[] f = flat(v);
    int best = 0;
    for (int i = 1; i < f.length; i++) {
      if (f[i] > f[best]) {
        best = i;
      }
    }
    return best;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
