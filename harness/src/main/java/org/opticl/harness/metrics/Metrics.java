package org.opticl.harness.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;
import org.opticl.harness.random.PythonRandom;

/**
 * Metric arithmetic as lm-evaluation-harness computes it (sums accumulated left to right as
 * Python's {@code sum}, ties resolved as {@code numpy.argmax}), so that opticl's numbers match the
 * original's to the last bit where the inputs do.
 */
public final class Metrics {
  private Metrics() {}

  /** Python's {@code sum(arr) / len(arr)}. */
  public static double mean(double[] values) {
    requireNonEmpty(values);
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /** The harness's {@code sample_stddev}: √(Σ(x−μ)² / (n−1)). */
  public static double sampleStddev(double[] values) {
    double mu = mean(values);
    double sum = 0;
    for (double v : values) {
      sum += (v - mu) * (v - mu);
    }
    return Math.sqrt(sum / (values.length - 1));
  }

  /** {@code mean_stderr}: sample std / √n; empty when n < 2 (the original divides by zero). */
  public static OptionalDouble meanStderr(double[] values) {
    if (values.length < 2) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(sampleStddev(values) / Math.sqrt(values.length));
  }

  /** {@code numpy.argmax}: the first index of the maximum (or of the first NaN, as numpy). */
  public static int argmax(double[] values) {
    requireNonEmpty(values);
    int best = 0;
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i])) {
        return i;
      }
    }
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  /** {@code perplexity}: exp(−mean(log-likelihoods)). */
  public static double perplexity(double[] loglikelihoods) {
    return Math.exp(-mean(loglikelihoods));
  }

  /**
   * F1 of one class against the rest, as {@code sklearn.metrics.f1_score} on boolean arrays: 0 when
   * precision + recall is 0 (including when the class never occurs and is never predicted).
   */
  public static double binaryF1(int[] predictions, int[] golds, int positive) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (int i = 0; i < predictions.length; i++) {
      boolean p = predictions[i] == positive;
      boolean g = golds[i] == positive;
      if (p && g) {
        tp++;
      } else if (p) {
        fp++;
      } else if (g) {
        fn++;
      }
    }
    double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
  }

  /** CB's {@code cb_multi_fi}: the mean of the one-vs-rest F1 of classes 0, 1 and 2. */
  public static double macroF1(int[] predictions, int[] golds) {
    if (predictions.length == 0) {
      throw new IllegalArgumentException("macro F1 of no documents is undefined");
    }
    return mean(
        new double[] {
          binaryF1(predictions, golds, 0),
          binaryF1(predictions, golds, 1),
          binaryF1(predictions, golds, 2)
        });
  }

  /**
   * The harness's {@code bootstrap_stderr}: {@code iterations / chunk} chunks (chunk = min(1000,
   * iterations)); chunk i seeds {@code random.Random(i)} and resamples the items with {@code
   * choices(xs, k=len(xs))} {@code chunk} times; the result is the sample std of the statistics.
   * With opticl's bit-exact {@link PythonRandom} this reproduces the original's numbers.
   */
  public static <T> OptionalDouble bootstrapStderr(
      List<T> items, ToDoubleFunction<List<T>> statistic, int iterations) {
    if (iterations <= 0 || items.isEmpty()) {
      return OptionalDouble.empty();
    }
    int chunk = Math.min(1000, iterations);
    int chunks = iterations / chunk;
    double[] stats = new double[chunks * chunk];
    int at = 0;
    List<T> resample = new ArrayList<>(items.size());
    for (int i = 0; i < chunks; i++) {
      PythonRandom rnd = new PythonRandom(i);
      for (int b = 0; b < chunk; b++) {
        resample.clear();
        for (int index : rnd.choiceIndices(items.size(), items.size())) {
          resample.add(items.get(index));
        }
        stats[at++] = statistic.applyAsDouble(resample);
      }
    }
    return stats.length < 2 ? OptionalDouble.empty() : OptionalDouble.of(sampleStddev(stats));
  }

  /**
   * MultiRC's {@code acc_all}: documents (answers) grouped by their group key (paragraph and
   * question id); a group scores 1 only if every answer in it was classified correctly.
   */
  public static double accAll(List<DocResult> results, String metric) {
    return mean(groupAll(results, metric, DocResult::group));
  }

  /**
   * The original's {@code acc_all_stderr}: like {@link #accAll} but grouped by the question id
   * alone (the part of the group key after the last ':'), then {@code mean_stderr}.
   */
  public static OptionalDouble accAllStderr(List<DocResult> results, String metric) {
    return meanStderr(
        groupAll(results, metric, r -> r.group().substring(r.group().lastIndexOf(':') + 1)));
  }

  private static double[] groupAll(
      List<DocResult> results, String metric, java.util.function.Function<DocResult, String> key) {
    Map<String, Boolean> all = new LinkedHashMap<>();
    for (DocResult r : results) {
      all.merge(key.apply(r), r.value(metric) == 1.0, Boolean::logicalAnd);
    }
    return all.values().stream().mapToDouble(b -> b ? 1.0 : 0.0).toArray();
  }

  /** Aggregates one metric over a task's document results, with its standard error. */
  public static MetricValue aggregate(
      MetricSpec spec, List<DocResult> results, int bootstrapIterations) {
    String name = spec.name();
    return switch (spec.aggregation()) {
      case MEAN -> {
        double[] values = values(results, name);
        yield new MetricValue(name, mean(values), meanStderr(values));
      }
      case ACC_ALL -> new MetricValue(name, accAll(results, name), accAllStderr(results, name));
      case MACRO_F1 ->
          new MetricValue(
              name,
              macroF1(predictions(results), golds(results)),
              bootstrapStderr(
                  results, r -> macroF1(predictions(r), golds(r)), bootstrapIterations));
      case PERPLEXITY ->
          new MetricValue(
              name,
              perplexity(values(results, name)),
              bootstrapStderr(results, r -> perplexity(values(r, name)), bootstrapIterations));
    };
  }

  private static double[] values(List<DocResult> results, String metric) {
    return results.stream().mapToDouble(r -> r.value(metric)).toArray();
  }

  private static int[] predictions(List<DocResult> results) {
    return results.stream().mapToInt(DocResult::prediction).toArray();
  }

  private static int[] golds(List<DocResult> results) {
    return results.stream().mapToInt(DocResult::gold).toArray();
  }

  private static void requireNonEmpty(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("cannot aggregate zero values");
    }
  }
}
