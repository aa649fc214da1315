package org.opticl.harness.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {

  private static DocResult acc(double acc, String group) {
    return new DocResult(Map.of("acc", acc), -1, -1, group);
  }

  @Test
  void meanAndItsStandardErrorAreHandComputable() {
    // mean 0.75; sample variance = (3 * 0.0625 + 0.5625) / 3 = 0.25; stderr = 0.5 / 2 = 0.25
    double[] acc = {1, 0, 1, 1};
    assertEquals(0.75, Metrics.mean(acc), 0.0);
    assertEquals(0.25, Metrics.meanStderr(acc).getAsDouble(), 1e-15);
    assertFalse(Metrics.meanStderr(new double[] {1}).isPresent(), "n=1 has no stderr");
  }

  @Test
  void argmaxTakesTheFirstMaximumAndNumpysNanRule() {
    assertEquals(1, Metrics.argmax(new double[] {-2, -1, -1}));
    assertEquals(2, Metrics.argmax(new double[] {-2, -1, Double.NaN}));
  }

  @Test
  void macroF1IsTheMeanOfOneVsRestF1() {
    // class 0: tp 2 -> 1.0; class 1: tp 1, fp 1, fn 1 -> 0.5; class 2: tp 0 -> 0.0
    int[] pred = {0, 1, 2, 0, 1};
    int[] gold = {0, 1, 1, 0, 2};
    assertEquals(0.5, Metrics.macroF1(pred, gold), 0.0);
    assertEquals(0.0, Metrics.binaryF1(new int[] {0}, new int[] {0}, 2), 0.0);
  }

  @Test
  void accAllCountsAQuestionOnlyWhenAllItsAnswersAreRight() {
    List<DocResult> r =
        List.of(
            acc(1, "0:1"),
            acc(1, "0:1"),
            acc(1, "0:2"),
            acc(0, "0:2"),
            acc(1, "1:3"),
            acc(1, "1:4"));
    // questions 0:1 yes, 0:2 no, 1:3 yes, 1:4 yes
    assertEquals(0.75, Metrics.accAll(r, "acc"), 0.0);
    assertEquals(0.25, Metrics.accAllStderr(r, "acc").getAsDouble(), 1e-15);
  }

  @Test
  void accAllStderrGroupsByQuestionIdAloneAsTheOriginal() {
    // same question id 7 in two paragraphs: acc_all sees 2 questions, the stderr sees 1 group.
    List<DocResult> r = List.of(acc(1, "0:7"), acc(0, "1:7"), acc(1, "2:8"));
    assertEquals(2.0 / 3, Metrics.accAll(r, "acc"), 1e-15);
    // groups by id: 7 -> false, 8 -> true: values {0, 1}, stderr = sqrt(0.5)/sqrt(2) = 0.5
    assertEquals(0.5, Metrics.accAllStderr(r, "acc").getAsDouble(), 1e-15);
  }

  @Test
  void perplexityAndItsBootstrapStderrMatchTheOriginalBitForBit() {
    // Values printed by the original metrics.perplexity / bootstrap_stderr (chunks seeded
    // random.Random(i), choices(xs, k=len(xs))) under CPython 3.11.
    List<DocResult> r =
        List.of(-1.5, -0.25, -3.0, -0.75, -2.0).stream()
            .map(ll -> DocResult.of(Map.of("ppl", ll)))
            .toList();
    MetricValue v =
        Metrics.aggregate(new MetricSpec("ppl", Aggregation.PERPLEXITY, false), r, 2000);
    assertEquals(4.4816890703380645, v.value(), 0.0);
    assertEquals(2.289567195496009, v.stderr().getAsDouble(), 0.0);
    // 2500 iterations run two chunks of 1000, like the original's iters // chunk_size
    assertEquals(
        2.289567195496009,
        Metrics.aggregate(new MetricSpec("ppl", Aggregation.PERPLEXITY, false), r, 2500)
            .stderr()
            .getAsDouble(),
        0.0);
    assertFalse(
        Metrics.aggregate(new MetricSpec("ppl", Aggregation.PERPLEXITY, false), r, 0)
            .stderr()
            .isPresent());
  }

  @Test
  void squadExactMatchAndF1NormaliseCaseArticlesAndPunctuation() {
    assertEquals(1.0, SquadMetrics.exact("The Eiffel Tower!", "eiffel  tower"), 0.0);
    assertEquals(0.0, SquadMetrics.exact("Paris", "Lyon"), 0.0);
    // gold {new, york, city}, pred {new, york}: p = 1, r = 2/3, f1 = 0.8
    assertEquals(0.8, SquadMetrics.f1("New York City", "the New York"), 1e-15);
    assertEquals(1.0, SquadMetrics.f1("a", "the"), 0.0); // both normalise to no tokens
    assertEquals(1.0, SquadMetrics.maxExact("Baker", List.of("Zoe Baker", "Baker")), 0.0);
  }

  @Test
  void aggregatingNothingIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> Metrics.mean(new double[0]));
    assertThrows(
        IllegalArgumentException.class, () -> DocResult.of(Map.of("acc", 1.0)).value("f1"));
  }
}
