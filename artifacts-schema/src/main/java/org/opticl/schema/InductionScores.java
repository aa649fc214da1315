package org.opticl.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.opticl.schema.npy.NpyArray;

/**
 * Induction-head scores of every head on random repeated token sequences (paper §6.3, Algorithms
 * 1–2): prefix matching or copying, as mean and variance over sequences. The variance is kept
 * because the paper plots it (App. A.4) and because a high mean from a few sequences is not an
 * induction head.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this code
 * @param model the model
 * @param kind which score
 * @param sequences number of random sequences (seeds) averaged over
 * @param excludeRatio fraction of most and least frequent tokens excluded from sampling
 * @param mean {@code [L][H]} mean score
 * @param variance {@code [L][H]} variance of the score over sequences
 */
public record InductionScores(
    int schemaVersion,
    ModelIdentity model,
    Kind kind,
    int sequences,
    double excludeRatio,
    double[][] mean,
    double[][] variance)
    implements TensorArtifact {

  public static final int SCHEMA_VERSION = 1;

  /** The two induction-head signatures of Olsson et al., as the paper computes them. */
  public enum Kind {
    @JsonProperty("prefix-matching")
    PREFIX_MATCHING,
    @JsonProperty("copying")
    COPYING
  }

  public InductionScores {
    Checks.schemaVersion(schemaVersion, InductionScores.class);
    Checks.present(model, "InductionScores.model");
    Checks.present(kind, "InductionScores.kind");
    if (sequences < 1) {
      throw new IllegalArgumentException(
          "InductionScores.sequences must be >= 1, got " + sequences);
    }
    if (!(excludeRatio >= 0 && excludeRatio < 0.5)) {
      throw new IllegalArgumentException(
          "InductionScores.excludeRatio must be in [0, 0.5), got " + excludeRatio);
    }
    Checks.matrix(mean, "InductionScores.mean");
    Checks.matrix(variance, "InductionScores.variance");
    Checks.sameShape(mean, variance, "InductionScores mean vs variance");
  }

  @Override
  public Map<String, NpyArray> tensors() {
    Map<String, NpyArray> tensors = new LinkedHashMap<>();
    tensors.put("mean", NpyArray.matrix(mean));
    tensors.put("variance", NpyArray.matrix(variance));
    return tensors;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InductionScores s
        && schemaVersion == s.schemaVersion
        && model.equals(s.model)
        && kind == s.kind
        && sequences == s.sequences
        && Double.compare(excludeRatio, s.excludeRatio) == 0
        && Arrays.deepEquals(mean, s.mean)
        && Arrays.deepEquals(variance, s.variance);
  }

  @Override
  public int hashCode() {
    return 31
            * (31 * Objects.hash(schemaVersion, model, kind, sequences, excludeRatio)
                + Arrays.deepHashCode(mean))
        + Arrays.deepHashCode(variance);
  }

  @Override
  public String toString() {
    return "InductionScores["
        + model.id()
        + ", "
        + kind
        + ", "
        + mean.length
        + "x"
        + mean[0].length
        + "]";
  }
}
