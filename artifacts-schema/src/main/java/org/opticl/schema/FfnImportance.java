package org.opticl.schema;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.opticl.schema.npy.NpyArray;

/**
 * Importance of each layer's feed-forward network for one task and shot count: baseline metric
 * minus the metric with that FFN knocked out (paper §5.2), and the ranking FFN pruning consumes.
 * The original kept only the ranking; the scores are kept too so ties and near-ties are visible.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this code
 * @param model the model
 * @param task the task evaluated
 * @param shots demonstrations in each prompt
 * @param metric the metric compared, e.g. {@code acc}
 * @param baseline the unmasked model's value of {@code metric}
 * @param scores per layer: {@code baseline − knocked-out value}; larger means more important
 * @param ranking layer indices, least important first (ascending score, ties by layer index)
 */
public record FfnImportance(
    int schemaVersion,
    ModelIdentity model,
    TaskIdentity task,
    int shots,
    String metric,
    double baseline,
    double[] scores,
    int[] ranking)
    implements TensorArtifact {

  public static final int SCHEMA_VERSION = 1;

  public FfnImportance {
    Checks.schemaVersion(schemaVersion, FfnImportance.class);
    Checks.present(model, "FfnImportance.model");
    Checks.present(task, "FfnImportance.task");
    Checks.nonNegative(shots, "FfnImportance.shots");
    Checks.nonBlank(metric, "FfnImportance.metric");
    Checks.finite(baseline, "FfnImportance.baseline");
    Checks.present(scores, "FfnImportance.scores");
    Checks.finite(scores, "FfnImportance.scores");
    Checks.present(ranking, "FfnImportance.ranking");
    if (scores.length == 0) {
      throw new IllegalArgumentException("FfnImportance.scores must have one value per layer");
    }
    if (!Arrays.equals(
        IntStream.of(ranking).sorted().toArray(), IntStream.range(0, scores.length).toArray())) {
      throw new IllegalArgumentException(
          "FfnImportance.ranking must be a permutation of 0.."
              + (scores.length - 1)
              + ", got "
              + Arrays.toString(ranking));
    }
  }

  /** Builds the record with the ranking derived from {@code scores}. */
  public static FfnImportance fromScores(
      ModelIdentity model,
      TaskIdentity task,
      int shots,
      String metric,
      double baseline,
      double[] scores) {
    return new FfnImportance(
        SCHEMA_VERSION, model, task, shots, metric, baseline, scores.clone(), rank(scores));
  }

  /** Layer indices ordered by ascending score, ties broken by the lower layer index. */
  public static int[] rank(double[] scores) {
    return IntStream.range(0, scores.length)
        .boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> scores[i]).thenComparing(i -> i))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  @Override
  public Map<String, NpyArray> tensors() {
    Map<String, NpyArray> tensors = new LinkedHashMap<>();
    tensors.put("scores", NpyArray.vector(scores));
    return tensors;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FfnImportance f
        && schemaVersion == f.schemaVersion
        && model.equals(f.model)
        && task.equals(f.task)
        && shots == f.shots
        && metric.equals(f.metric)
        && Double.compare(baseline, f.baseline) == 0
        && Arrays.equals(scores, f.scores)
        && Arrays.equals(ranking, f.ranking);
  }

  @Override
  public int hashCode() {
    return 31
            * (31 * Objects.hash(schemaVersion, model, task, shots, metric, baseline)
                + Arrays.hashCode(scores))
        + Arrays.hashCode(ranking);
  }

  @Override
  public String toString() {
    return "FfnImportance["
        + model.id()
        + ", "
        + task.name()
        + ", "
        + shots
        + "-shot, ranking="
        + Arrays.toString(ranking)
        + "]";
  }
}
