package org.opticl.model.induction;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.opticl.model.tokenizer.OptTokenizer;

/**
 * The tokens that induction-head sequences are drawn from, in rank order. The paper (Alg. 1) draws
 * from GPT-2's BPE merge ranks — a proxy for term frequency — without the 4% most and 4% least
 * frequent merges, so that sequences are made of ordinary, unrelated tokens; a model without a
 * merges file (a random OPT of a published shape) states its pool as an id range instead.
 *
 * @param ids candidate token ids, distinct, in rank (or id) order; sampling indexes into this
 *     order, so the order is part of what makes sequences reproducible
 * @param description where the pool came from, for logs and reports
 */
public record TokenPool(int[] ids, String description) {

  /** The paper's {@code --frequent_exclude_ratio}. */
  public static final double PAPER_EXCLUDE_RATIO = 0.04;

  /** OPT's special-token strings; never candidates, whatever ids a tokenizer gives them. */
  private static final List<String> SPECIALS = List.of("<s>", "<pad>", "</s>", "<unk>");

  public TokenPool {
    ids = ids.clone();
    if (ids.length == 0) {
      throw new IllegalArgumentException("token pool '" + description + "' is empty");
    }
    Set<Integer> seen = new HashSet<>();
    for (int id : ids) {
      if (id < 0) {
        throw new IllegalArgumentException("token pool contains a negative id " + id);
      }
      if (!seen.add(id)) {
        throw new IllegalArgumentException("token pool contains id " + id + " twice");
      }
    }
  }

  @Override
  public int[] ids() {
    return ids.clone();
  }

  public int size() {
    return ids.length;
  }

  /** The largest id in the pool. */
  public int maxId() {
    return Arrays.stream(ids).max().orElseThrow();
  }

  /**
   * The paper's pool from a tokenizer's merge ranks. With R merges, the first and last {@code
   * int(excludeRatio · R)} ranks are excluded (R = 50000 for OPT: ranks [2000, 48000)); each
   * remaining rank r maps to the id of its merged string. This rule applies unchanged to opticl's
   * small trained tokenizers (a few hundred merges: R = 764 keeps ranks [30, 734)). A rank is
   * skipped, not an error, where its merged string is not a vocab entry, is a single byte symbol or
   * an OPT special, or repeats an earlier rank's string (small tokenizers can merge two pairs into
   * the same string); OPT's own 50000 merges have none of these, so its pool has 46000 tokens.
   */
  public static TokenPool fromMerges(OptTokenizer tokenizer, double excludeRatio) {
    if (!(excludeRatio >= 0 && excludeRatio < 0.5)) {
      throw new IllegalArgumentException(
          "excludeRatio=" + excludeRatio + " must be in [0, 0.5): both ends are excluded");
    }
    List<String> merged = tokenizer.mergesInRankOrder();
    int r = merged.size();
    // Python's int() truncates toward zero; the ratio is non-negative, so this is floor.
    int excluded = (int) (excludeRatio * r);
    Set<Integer> specials = new HashSet<>();
    for (String s : SPECIALS) {
      tokenizer.id(s).ifPresent(specials::add);
    }
    int[] out = new int[Math.max(0, r - 2 * excluded)];
    int n = 0;
    Set<Integer> seen = new HashSet<>();
    for (int rank = excluded; rank < r - excluded; rank++) {
      String token = merged.get(rank);
      OptionalInt id = tokenizer.id(token);
      if (id.isEmpty()
          || token.codePointCount(0, token.length()) < 2
          || specials.contains(id.getAsInt())
          || !seen.add(id.getAsInt())) {
        continue;
      }
      out[n++] = id.getAsInt();
    }
    if (n == 0) {
      throw new IllegalArgumentException(
          "the tokenizer's "
              + r
              + " merges leave no candidate tokens after excluding "
              + excluded
              + " ranks at each end; give an explicit pool (token id range) instead");
    }
    return new TokenPool(
        Arrays.copyOf(out, n),
        String.format(
            "merge ranks [%d, %d) of %d (exclude ratio %s): %d tokens",
            excluded, r - excluded, r, excludeRatio, n));
  }

  /** Every id in [lo, hi), for models without a merges file (e.g. random OPTs). */
  public static TokenPool range(int lo, int hi) {
    if (lo < 0 || hi <= lo) {
      throw new IllegalArgumentException(
          "token id range [" + lo + ", " + hi + ") is empty or negative");
    }
    int[] ids = new int[hi - lo];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = lo + i;
    }
    return new TokenPool(ids, "token ids [" + lo + ", " + hi + ")");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenPool p
        && Arrays.equals(ids, p.ids)
        && description.equals(p.description);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ids) + description.hashCode();
  }

  @Override
  public String toString() {
    return "TokenPool[" + description + "]";
  }
}
