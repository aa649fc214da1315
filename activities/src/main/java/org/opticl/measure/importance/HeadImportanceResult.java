package org.opticl.measure.importance;

import java.util.Arrays;
import java.util.Objects;
import org.opticl.schema.HeadImportance;
import org.opticl.schema.ModelIdentity;
import org.opticl.schema.TaskIdentity;

/**
 * Head importance [L][H] with the counts behind it: the token counts are the original's divisors,
 * kept so that a reader can undo or redo the normalisation, and the window counts say whether any
 * example was altered.
 *
 * @param method the estimator
 * @param values importance [L][H], layer-major (larger = more important)
 * @param totalTokens tot_tokens: Σ (l_ctx + l_cont − 1)
 * @param supervisedTokens eff_tokens: Σ l_cont
 * @param examples examples accumulated
 * @param truncated examples left-truncated to the window
 * @param skipped examples left out for not fitting the window
 */
public record HeadImportanceResult(
    ImportanceMethod method,
    double[][] values,
    long totalTokens,
    long supervisedTokens,
    int examples,
    int truncated,
    int skipped) {

  public HeadImportanceResult {
    Objects.requireNonNull(method, "method");
    values = Arrays.stream(values).map(double[]::clone).toArray(double[][]::new);
  }

  @Override
  public double[][] values() {
    return Arrays.stream(values).map(double[]::clone).toArray(double[][]::new);
  }

  /** The artifact a pipeline stores. */
  public HeadImportance toArtifact(ModelIdentity model, TaskIdentity task, int shots) {
    return new HeadImportance(
        HeadImportance.SCHEMA_VERSION,
        model,
        task,
        shots,
        method.schemaVariant(),
        values(),
        new HeadImportance.TokenCounts(totalTokens, supervisedTokens),
        examples);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HeadImportanceResult r
        && method == r.method
        && Arrays.deepEquals(values, r.values)
        && totalTokens == r.totalTokens
        && supervisedTokens == r.supervisedTokens
        && examples == r.examples
        && truncated == r.truncated
        && skipped == r.skipped;
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, totalTokens, supervisedTokens, examples, truncated, skipped)
        + 31 * Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    return "HeadImportanceResult["
        + method
        + ", "
        + values.length
        + "x"
        + (values.length == 0 ? 0 : values[0].length)
        + ", "
        + examples
        + " examples]";
  }
}
