package org.opticl.model.induction;

/**
 * What a head's OV circuit reads at query position j when the copying score asks which token the
 * head raises (paper-spec §4.3, §10 item 11).
 */
public enum CopyingRule {
  /**
   * The original code's read-out: the value of the query's own token, X[j]. A head that copies then
   * raises X[j], so it scores only where its embedding-level attention peaks on itself. opticl's
   * default, for parity with the paper's heatmaps.
   */
  PARITY,

  /**
   * The paper's description (App. A.4): the head's output at j, its attention-weighted values Σ_k
   * P[j,k]·V_k — what the head adds to the residual stream there — so a head that copies raises the
   * tokens it attends to, the most-attended one most.
   */
  HEAD_OUTPUT
}
