package org.opticl.model.induction;

/**
 * Which keys the prefix-matching score credits at the last token of each repeated segment
 * (paper-spec §4.2, §10 item 11). Elsewhere both rules credit the same keys: the tokens that
 * followed every earlier occurrence of the query's token.
 */
public enum PrefixRule {
  /**
   * The original formula {@code n·Lseg + (j mod Lseg) + 1} for n = 0..⌊j/Lseg⌋−1: at a query j that
   * is a multiple of Lseg it also credits position 1 (which follows BOS, not an earlier occurrence
   * of the query's token). opticl's default, for parity with the paper's heatmaps.
   */
  PARITY,

  /** Exactly the tokens that followed each earlier occurrence of the query's token. */
  CORRECTED
}
