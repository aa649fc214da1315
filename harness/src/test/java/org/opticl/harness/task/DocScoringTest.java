package org.opticl.harness.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opticl.harness.metrics.DocResult;
import org.opticl.harness.metrics.MetricSpec;
import org.opticl.harness.metrics.Metrics;
import org.opticl.harness.scoring.Loglikelihood;

/**
 * Per-document scores of the metrics whose arithmetic lives in the tasks (acc_norm, LAMBADA's
 * accuracy and perplexity, ReCoRD's em/f1 of the best entity), on hand-computed cases.
 */
class DocScoringTest {

  @SuppressWarnings("unchecked")
  private static <D> Task<D> task(String name) {
    return (Task<D>) TaskRegistry.get(name, Variant.PARITY);
  }

  private static List<Loglikelihood> lls(double... logprobs) {
    return java.util.Arrays.stream(logprobs).mapToObj(l -> new Loglikelihood(l, false)).toList();
  }

  private static double mean(String task, String metric, List<DocResult> docs) {
    MetricSpec spec =
        task(task).metrics().stream()
            .filter(m -> m.name().equals(metric))
            .findFirst()
            .orElseThrow();
    return Metrics.aggregate(spec, docs, 0).value();
  }

  @Test
  void accNormDividesByTheChoicesLengthInPythonCharacters() {
    Task<ChoiceDoc> piqa = task("piqa");
    // acc: -2.0 > -2.5 picks choice 0. acc_norm: "😀😀" is 2 characters in Python (4 UTF-16
    // units in Java): -2/2 = -1.0 < -2.5/3 = -0.833, so choice 1.
    DocResult r = piqa.score(new ChoiceDoc("q", List.of("😀😀", "abc"), 1), lls(-2.0, -2.5));
    assertEquals(0.0, r.value("acc"));
    assertEquals(1.0, r.value("acc_norm"));
    DocResult same = piqa.score(new ChoiceDoc("q", List.of("a", "bb"), 0), lls(-1.0, -4.0));
    assertEquals(1.0, same.value("acc"));
    assertEquals(1.0, same.value("acc_norm"));
    assertEquals(0.5, mean("piqa", "acc", List.of(r, same)));
    assertEquals(1.0, mean("piqa", "acc_norm", List.of(r, same)));
  }

  @Test
  void lambadaIsRightWhenTheTargetIsGreedyAndItsPerplexityIsExpOfTheMeanNll() {
    Task<Lambada.Doc> lambada = task("lambada");
    DocResult hit = lambada.score(new Lambada.Doc("a b"), List.of(new Loglikelihood(-1.0, true)));
    DocResult miss = lambada.score(new Lambada.Doc("c d"), List.of(new Loglikelihood(-3.0, false)));
    assertEquals(1.0, hit.value("acc"));
    assertEquals(0.0, miss.value("acc"));
    assertEquals(0.5, mean("lambada", "acc", List.of(hit, miss)));
    assertEquals(Math.exp(2.0), mean("lambada", "ppl", List.of(hit, miss)), 1e-12);
  }

  @Test
  void recordScoresTheMostLikelyEntityAgainstEveryAnswer() {
    Task<ReCoRD.Doc> record = task("record");
    ReCoRD.Doc doc =
        new ReCoRD.Doc(
            "p", "q", List.of("Obama", "the United States", "Paris"), List.of("United States"));
    // The best entity is "the United States": SQuAD normalisation drops the article, so em = 1.
    DocResult right = record.score(doc, lls(-5, -1, -3));
    assertEquals(1.0, right.value("em"));
    assertEquals(1.0, right.value("f1"));
    // "Paris" shares no token with the answer.
    DocResult wrong = record.score(doc, lls(-5, -3, -1));
    assertEquals(0.0, wrong.value("em"));
    assertEquals(0.0, wrong.value("f1"));
    // "Obama" vs answers {"Obama Barack", "Y"}: precision 1, recall 1/2, f1 = 2/3; em = 0.
    ReCoRD.Doc partial =
        new ReCoRD.Doc("p", "q", List.of("Obama", "X"), List.of("Obama Barack", "Y"));
    DocResult p = record.score(partial, lls(-1, -2));
    assertEquals(0.0, p.value("em"));
    assertEquals(2.0 / 3.0, p.value("f1"), 1e-12);
    assertEquals(
        (1.0 + 0.0 + 2.0 / 3.0) / 3, mean("record", "f1", List.of(right, wrong, p)), 1e-12);
  }
}
