package org.opticl.harness.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opticl.harness.metrics.DocResult;
import org.opticl.harness.metrics.MetricSpec;
import org.opticl.harness.metrics.Metrics;
import org.opticl.harness.scoring.Loglikelihood;

/**
 * lm-eval's {@code MultipleChoiceTask} (HellaSwag, PIQA, ARC, OpenBookQA, MathQA): one request
 * {@code " " + choice} per option after the shared context; {@code acc} takes the highest summed
 * log-likelihood, {@code acc_norm} divides it by the option's length in characters first. The tasks
 * differ only in their data readers and in MathQA's demonstration target, which the paper's code
 * wrote without the leading space.
 */
public final class MultipleChoiceTask extends BaseTask<ChoiceDoc> {
  private final boolean demoTargetWithoutSpace;
  private final Variant variant;

  MultipleChoiceTask(
      String name,
      int version,
      Split evaluationSplit,
      DocLoader<ChoiceDoc> loader,
      boolean demoTargetWithoutSpace,
      Variant variant) {
    super(name, version, evaluationSplit, loader);
    this.demoTargetWithoutSpace = demoTargetWithoutSpace;
    this.variant = variant;
  }

  @Override
  public String docToText(ChoiceDoc doc) {
    return doc.query();
  }

  private String goldChoice(ChoiceDoc doc) {
    if (doc.gold() < 0 || doc.gold() >= doc.choices().size()) {
      throw new IllegalArgumentException(
          name()
              + ": gold index "
              + doc.gold()
              + " is outside the "
              + doc.choices().size()
              + " choices of \""
              + doc.query()
              + "\"");
    }
    return doc.choices().get(doc.gold());
  }

  /** {@code " " + gold choice}; MathQA (parity) overrides {@code doc_to_target} without space. */
  @Override
  public String docToTarget(ChoiceDoc doc) {
    boolean space = !(demoTargetWithoutSpace && variant == Variant.PARITY);
    return (space ? " " : "") + goldChoice(doc);
  }

  /** The paper's {@code doc_to_cont}: the gold choice without its leading space (parity). */
  @Override
  public String importanceContinuation(ChoiceDoc doc) {
    return variant == Variant.PARITY ? goldChoice(doc) : " " + goldChoice(doc);
  }

  @Override
  public List<TextRequest> requests(ChoiceDoc doc, String context) {
    List<TextRequest> out = new ArrayList<>();
    for (String choice : doc.choices()) {
      out.add(new TextRequest(context, " " + choice));
    }
    return out;
  }

  @Override
  public List<Integer> gold(ChoiceDoc doc) {
    return List.of(doc.gold());
  }

  @Override
  public DocResult score(ChoiceDoc doc, List<Loglikelihood> results) {
    double[] ll = new double[results.size()];
    double[] norm = new double[results.size()];
    for (int i = 0; i < ll.length; i++) {
      ll[i] = results.get(i).logprob();
      norm[i] = ll[i] / PyStr.len(doc.choices().get(i));
    }
    int prediction = Metrics.argmax(ll);
    double acc = prediction == doc.gold() ? 1.0 : 0.0;
    double accNorm = Metrics.argmax(norm) == doc.gold() ? 1.0 : 0.0;
    return new DocResult(Map.of("acc", acc, "acc_norm", accNorm), prediction, doc.gold(), "");
  }

  @Override
  public List<MetricSpec> metrics() {
    return List.of(MetricSpec.mean("acc"), MetricSpec.mean("acc_norm"));
  }
}
