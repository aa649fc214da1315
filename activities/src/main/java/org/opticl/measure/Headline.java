package org.opticl.measure;

import java.util.stream.Collectors;
import org.opticl.harness.eval.TaskResult;
import org.opticl.harness.metrics.MetricValue;

/**
 * The one number per evaluation that the paper's figures and FFN importance compare (paper-spec
 * §2.3): {@code acc × 100}, except ReCoRD, whose plots use {@code em × 100}. MultiRC's {@code acc}
 * is already {@code acc_all} in the harness.
 */
public final class Headline {
  private Headline() {}

  /** The metric a task's headline number is read from. */
  public static String metricOf(String task) {
    return "record".equals(task) ? "em" : "acc";
  }

  /** The headline number, in percent. */
  public static double percent(TaskResult result) {
    String name = metricOf(result.task());
    for (MetricValue m : result.metrics()) {
      if (m.name().equals(name)) {
        return m.value() * 100;
      }
    }
    throw new IllegalArgumentException(
        "evaluation of "
            + result.task()
            + " has no metric '"
            + name
            + "'; it has ["
            + result.metrics().stream().map(MetricValue::name).collect(Collectors.joining(", "))
            + "] (an evaluation of zero documents has none)");
  }
}
