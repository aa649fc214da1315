package org.opticl.analysis;

/**
 * Which quantity a Spearman correlation of two importance matrices is taken on. The original's
 * {@code spearman_rankings.py} passes {@code argsort(importance)} — the head index at each rank —
 * to {@code scipy.stats.spearmanr} (paper-spec §6 caveat, quirk 12); that is not the rank
 * correlation of the importance values, but it is what the paper's Fig. 8 and presumably Table 1
 * report.
 */
public enum SpearmanVariant {
  /** The correct SRCC: {@code spearmanr(imp_a, imp_b)}, ties by average ranks. */
  VALUES,
  /** The original's: {@code spearmanr(argsort(imp_a), argsort(imp_b))}; for reproducing figures. */
  ARGSORT;

  /** The name recorded in a correlation artifact's {@code method}. */
  public String methodName() {
    return this == VALUES ? "spearman" : "spearman-argsort";
  }
}
