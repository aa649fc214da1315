package org.opticl.harness.task;

import java.util.List;
import java.util.Map;
import org.opticl.harness.metrics.DocResult;
import org.opticl.harness.scoring.Loglikelihood;

/**
 * The shared " yes"/" no" scoring of BoolQ, WiC and WSC: the prediction is {@code ll(" yes") > ll("
 * no")}, strictly, so a tie predicts "no" (unlike an argmax).
 */
final class YesNo {
  private YesNo() {}

  static List<TextRequest> requests(String context) {
    return List.of(new TextRequest(context, " yes"), new TextRequest(context, " no"));
  }

  static List<Integer> gold(boolean label) {
    return List.of(label ? 0 : 1);
  }

  static DocResult score(boolean label, List<Loglikelihood> results) {
    boolean yes = results.get(0).logprob() > results.get(1).logprob();
    double acc = yes == label ? 1.0 : 0.0;
    return new DocResult(Map.of("acc", acc), yes ? 0 : 1, label ? 0 : 1, "");
  }
}
