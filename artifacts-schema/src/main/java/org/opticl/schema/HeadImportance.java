package org.opticl.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.opticl.schema.npy.NpyArray;

/**
 * Gradient importance of every attention head for one task and shot count (paper Eq. 8–9): the
 * input of head pruning and of the cross-task rank correlations. The token counts are kept because
 * they are the normalisers of the score (the original divides layers 0..L-2 by all positions and
 * the last layer by supervised tokens only), so a reader can undo or redo the normalisation.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this code
 * @param model the model the gradients were taken of
 * @param task the task whose training documents were used
 * @param shots demonstrations in each prompt
 * @param variant which estimator produced the values
 * @param values {@code [L][H]} importance, layer-major
 * @param tokens the normalising token counts
 * @param docCount documents that contributed
 */
public record HeadImportance(
    int schemaVersion,
    ModelIdentity model,
    TaskIdentity task,
    int shots,
    Variant variant,
    double[][] values,
    TokenCounts tokens,
    int docCount)
    implements TensorArtifact {

  public static final int SCHEMA_VERSION = 1;

  /** The two estimators of paper-spec §2: the released code's and the paper's equation's. */
  public enum Variant {
    /** Σ over examples and tokens of |a·g| / tokens: the released code (default, for parity). */
    @JsonProperty("per-token-abs")
    PER_TOKEN_ABS,
    /** |∂L/∂ξ| of a head-mask variable ξ, abs after summing: paper Eq. 8. */
    @JsonProperty("mask-gradient")
    MASK_GRADIENT
  }

  /**
   * Normalisers of the importance sum.
   *
   * @param total positions that carried gradient (Σ context + continuation − 1)
   * @param supervised continuation tokens with a loss
   */
  public record TokenCounts(long total, long supervised) {
    public TokenCounts {
      if (total < 0 || supervised < 0 || supervised > total) {
        throw new IllegalArgumentException(
            "token counts need 0 <= supervised <= total, got total="
                + total
                + " supervised="
                + supervised);
      }
    }
  }

  public HeadImportance {
    Checks.schemaVersion(schemaVersion, HeadImportance.class);
    Checks.present(model, "HeadImportance.model");
    Checks.present(task, "HeadImportance.task");
    Checks.nonNegative(shots, "HeadImportance.shots");
    Checks.present(variant, "HeadImportance.variant");
    Checks.matrix(values, "HeadImportance.values");
    Checks.present(tokens, "HeadImportance.tokens");
    Checks.nonNegative(docCount, "HeadImportance.docCount");
  }

  /** Number of layers, L. */
  public int layers() {
    return values.length;
  }

  /** Heads per layer, H. */
  public int heads() {
    return values[0].length;
  }

  @Override
  public Map<String, NpyArray> tensors() {
    Map<String, NpyArray> tensors = new LinkedHashMap<>();
    tensors.put("values", NpyArray.matrix(values));
    return tensors;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HeadImportance h
        && schemaVersion == h.schemaVersion
        && model.equals(h.model)
        && task.equals(h.task)
        && shots == h.shots
        && variant == h.variant
        && Arrays.deepEquals(values, h.values)
        && tokens.equals(h.tokens)
        && docCount == h.docCount;
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hash(schemaVersion, model, task, shots, variant, tokens, docCount)
        + Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    return "HeadImportance["
        + model.id()
        + ", "
        + task.name()
        + ", "
        + shots
        + "-shot, "
        + variant
        + ", "
        + layers()
        + "x"
        + heads()
        + "]";
  }
}
