package org.opticl.measure.ffn;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.opticl.measure.SweepPoint;
import org.opticl.schema.FfnImportance;
import org.opticl.schema.ModelIdentity;
import org.opticl.schema.TaskIdentity;

/**
 * FFN oracle importance of one task and shot count: the baseline, each layer's knock-off metric,
 * importance = baseline − knock-off (positive: the layer helps; negative: the model is better
 * without it) and the ranking, least important first.
 *
 * @param metric the metric compared ({@code acc}, {@code em} for ReCoRD)
 * @param baseline the unmasked model's metric × 100
 * @param knockoff [L] metric × 100 with FFN ℓ removed
 * @param importance [L] baseline − knockoff
 * @param ranking layers by ascending importance, ties by lower layer
 * @param evaluations every evaluation this run made (baseline first when it made one), with all
 *     metrics
 */
public record FfnKnockoffResult(
    String metric,
    double baseline,
    double[] knockoff,
    double[] importance,
    int[] ranking,
    List<SweepPoint> evaluations) {

  public FfnKnockoffResult {
    Objects.requireNonNull(metric, "metric");
    knockoff = knockoff.clone();
    importance = importance.clone();
    ranking = ranking.clone();
    evaluations = List.copyOf(evaluations);
  }

  @Override
  public double[] knockoff() {
    return knockoff.clone();
  }

  @Override
  public double[] importance() {
    return importance.clone();
  }

  @Override
  public int[] ranking() {
    return ranking.clone();
  }

  /** The artifact a pipeline stores. */
  public FfnImportance toArtifact(ModelIdentity model, TaskIdentity task, int shots) {
    return FfnImportance.fromScores(model, task, shots, metric, baseline, importance);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FfnKnockoffResult r
        && metric.equals(r.metric)
        && Double.compare(baseline, r.baseline) == 0
        && Arrays.equals(knockoff, r.knockoff)
        && Arrays.equals(importance, r.importance)
        && Arrays.equals(ranking, r.ranking)
        && evaluations.equals(r.evaluations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(metric, baseline, evaluations)
        + 31 * Arrays.hashCode(knockoff)
        + 17 * Arrays.hashCode(importance)
        + Arrays.hashCode(ranking);
  }

  @Override
  public String toString() {
    return "FfnKnockoffResult[" + metric + ", ranking=" + Arrays.toString(ranking) + "]";
  }
}
