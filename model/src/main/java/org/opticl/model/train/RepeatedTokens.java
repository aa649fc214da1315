package org.opticl.model.train;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.opticl.model.opt.Batch;

/**
 * Sequences that only an induction mechanism can predict (Olsson et al., 2022, "In-context Learning
 * and Induction Heads": repeated random tokens): {@code [BOS] + R + S + S + S …} truncated to
 * {@code length} tokens. S is {@code segment} tokens, |S| uniform in [{@code minSegment}, {@code
 * maxSegment}]; R is a prefix of random length, uniform in [0, length − 1 − 2·|S|], so that the
 * repeats start anywhere and at least two copies fit; the tokens of R and S are all distinct, drawn
 * without replacement from [{@code firstToken}, {@code endToken}).
 *
 * <p>The prefix is what makes induction the only solution: with S always at position 1, a model
 * learns absolute-position shortcuts instead (attend to position 1 or 2, which hold S's first
 * tokens), and training stalls there. Distinct tokens give every token after the first copy exactly
 * one earlier occurrence per copy, so the token that followed it is the answer. Every sequence
 * fills the whole window, so every position embedding is trained, and the prefix-matching probe's
 * {@code [BOS] + S×4} is the case |R| = 0.
 *
 * @param firstToken lowest token drawn (at least 4: ids 0–3 are OPT's specials)
 * @param endToken one past the highest token drawn
 * @param minSegment shortest S
 * @param maxSegment longest S
 * @param length tokens per sequence, BOS included; at least two copies of the longest S
 */
public record RepeatedTokens(
    int firstToken, int endToken, int minSegment, int maxSegment, int length) {

  /** OPT's beginning-of-sequence token {@code </s>}. */
  public static final int BOS = 2;

  /** Hugging Face's label for a position that is not supervised. */
  public static final int IGNORE = -100;

  public RepeatedTokens {
    if (firstToken < 4) {
      throw new IllegalArgumentException(
          "firstToken=" + firstToken + " would draw OPT's special tokens 0-3; use >= 4");
    }
    if (minSegment < 2 || maxSegment < minSegment) {
      throw new IllegalArgumentException(
          "segment lengths [" + minSegment + ", " + maxSegment + "] must satisfy 2 <= min <= max");
    }
    if (length < 1 + 2 * maxSegment) {
      throw new IllegalArgumentException(
          "length="
              + length
              + " cannot hold BOS and two copies of maxSegment="
              + maxSegment
              + " (needs >= "
              + (1 + 2 * maxSegment)
              + ")");
    }
    // The longest prefix plus its segment: length - 1 - minSegment distinct tokens.
    int needed = Math.max(maxSegment, length - 1 - minSegment);
    if (endToken - firstToken < needed) {
      throw new IllegalArgumentException(
          "token range ["
              + firstToken
              + ", "
              + endToken
              + ") has "
              + (endToken - firstToken)
              + " tokens; a prefix and segment of length="
              + length
              + " need "
              + needed
              + " distinct ones");
    }
  }

  /**
   * One sequence.
   *
   * @param ids (T) token ids, {@code ids[0] = BOS}
   * @param start position of the first copy's first token (1 + |R|)
   * @param segment |S|; copy c (from 0) occupies positions [start + c·|S|, start + (c+1)·|S|)
   */
  public record Example(int[] ids, int start, int segment) {

    /**
     * Hugging Face labels (T): the token itself where an induction head could know it — from the
     * second token of the second copy on — and {@link #IGNORE} elsewhere. The prefix and the first
     * copy are random, and the second copy's first token follows a token never seen before, so none
     * of them is learnable.
     */
    public int[] labels() {
      int[] labels = new int[ids.length];
      Arrays.fill(labels, IGNORE);
      for (int t = start + segment + 1; t < ids.length; t++) {
        labels[t] = ids[t];
      }
      return labels;
    }
  }

  /** A training batch: rows of equal length, and their labels. */
  public record Examples(Batch batch, int[][] labels) {}

  /** Tokens that can be drawn. */
  public int tokenCount() {
    return endToken - firstToken;
  }

  /**
   * The next sequence from {@code rng}; the same generator state always gives the same sequence.
   */
  public Example sample(SplittableRandom rng) {
    int segment = minSegment + rng.nextInt(maxSegment - minSegment + 1);
    int prefix = rng.nextInt(length - 2 * segment); // [0, length - 1 - 2·segment]
    return build(rng, prefix, segment);
  }

  /** A sequence with a given prefix and segment length, the rest drawn from {@code rng}. */
  public Example sample(SplittableRandom rng, int prefix, int segment) {
    if (segment < 1 || prefix < 0 || 1 + prefix + 2 * segment > length) {
      throw new IllegalArgumentException(
          "prefix="
              + prefix
              + " and segment="
              + segment
              + " do not leave two copies in length="
              + length);
    }
    if (prefix + segment > tokenCount()) {
      throw new IllegalArgumentException(
          "prefix + segment = " + (prefix + segment) + " exceeds the " + tokenCount() + " tokens");
    }
    return build(rng, prefix, segment);
  }

  private Example build(SplittableRandom rng, int prefix, int segment) {
    int drawn = prefix + segment;
    // Partial Fisher-Yates over the token range: `drawn` distinct tokens in random order.
    int[] pool = new int[tokenCount()];
    for (int i = 0; i < pool.length; i++) {
      pool[i] = firstToken + i;
    }
    for (int i = 0; i < drawn; i++) {
      int j = i + rng.nextInt(pool.length - i);
      int swap = pool[i];
      pool[i] = pool[j];
      pool[j] = swap;
    }
    int[] ids = new int[length];
    ids[0] = BOS;
    System.arraycopy(pool, 0, ids, 1, prefix);
    int start = 1 + prefix;
    for (int t = start; t < length; t++) {
      ids[t] = pool[prefix + (t - start) % segment];
    }
    return new Example(ids, start, segment);
  }

  /** {@code size} sequences drawn one after another from {@code rng}. */
  public Examples batch(SplittableRandom rng, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("batch size=" + size + " must be positive");
    }
    int[][] ids = new int[size][];
    int[][] labels = new int[size][];
    for (int b = 0; b < size; b++) {
      Example e = sample(rng);
      ids[b] = e.ids();
      labels[b] = e.labels();
    }
    return new Examples(Batch.of(ids), labels);
  }
}
