package org.opticl.measure.importance;

import java.util.Arrays;
import java.util.Objects;

/**
 * Where a head-importance run stands after a batch: the undivided sums in double and the token
 * counts, and the index of the next example. Resuming from it continues the same accumulation in
 * the same order, so the result is bit-identical to an uninterrupted run.
 *
 * @param inputDigest identity of the run's inputs (options, model shape, every example's tokens)
 * @param nextExample examples [0, nextExample) are accumulated
 * @param totalExamples examples in the run
 * @param sums undivided sums [L][H]
 * @param totalTokens tot_tokens so far
 * @param supervisedTokens eff_tokens so far
 */
public record ImportanceCheckpoint(
    String inputDigest,
    int nextExample,
    int totalExamples,
    double[][] sums,
    long totalTokens,
    long supervisedTokens) {

  public ImportanceCheckpoint {
    Objects.requireNonNull(inputDigest, "inputDigest");
    Objects.requireNonNull(sums, "sums");
    sums = Arrays.stream(sums).map(double[]::clone).toArray(double[][]::new);
  }

  @Override
  public double[][] sums() {
    return Arrays.stream(sums).map(double[]::clone).toArray(double[][]::new);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImportanceCheckpoint c
        && inputDigest.equals(c.inputDigest)
        && nextExample == c.nextExample
        && totalExamples == c.totalExamples
        && Arrays.deepEquals(sums, c.sums)
        && totalTokens == c.totalTokens
        && supervisedTokens == c.supervisedTokens;
  }

  @Override
  public int hashCode() {
    return Objects.hash(inputDigest, nextExample, totalExamples, totalTokens, supervisedTokens)
        + 31 * Arrays.deepHashCode(sums);
  }

  @Override
  public String toString() {
    return "ImportanceCheckpoint[" + nextExample + "/" + totalExamples + "]";
  }
}
