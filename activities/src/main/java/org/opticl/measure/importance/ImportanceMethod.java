package org.opticl.measure.importance;

import org.opticl.schema.HeadImportance;

/**
 * Which estimator of head importance to compute (paper-spec §1.5–1.6). The released code and the
 * paper's Eq. 8 differ in where the absolute value sits, which can change rankings; parity with the
 * released rankings needs the former, the paper's definition the latter.
 */
public enum ImportanceMethod {
  /**
   * The released code (default): Σ over examples and positions of |⟨a, g⟩|, then layers 0..L−2
   * divided by all positions that carry gradient (Σ l_ctx + l_cont − 1) and the last layer by the
   * supervised tokens (Σ l_cont).
   */
  PER_TOKEN_ABS,
  /**
   * Paper Eq. 8: the mean over examples of |∂L/∂ξ| for a gate ξ on the head's output, i.e. of |Σ_t
   * ⟨a, g⟩| per example, where L is the example's own mean loss over its continuation.
   */
  MASK_GRADIENT;

  /** The artifact's name for this estimator. */
  public HeadImportance.Variant schemaVariant() {
    return this == PER_TOKEN_ABS
        ? HeadImportance.Variant.PER_TOKEN_ABS
        : HeadImportance.Variant.MASK_GRADIENT;
  }
}
