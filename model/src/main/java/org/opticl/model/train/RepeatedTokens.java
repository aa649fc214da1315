package org.opticl.model.train;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.opticl.model.opt.Batch;

/**
 * Sequences that only an induction mechanism can predict (Olsson et al., 2022, "In-context Learning
 * and Induction Heads": repeated random tokens): {@code [BOS] + R + S + S + S …} truncated to
 * {@code length} tokens. S is {@code segment} distinct tokens drawn without replacement from
 * [{@code firstToken}, {@code endToken}), |S| uniform in [{@code minSegment}, {@code maxSegment}];
 * R is a filler prefix of random length, uniform in [0, {@link #maxPrefix}(|S|)], its tokens drawn
 * with replacement from the separate range [{@code fillerFirst}, {@code fillerEnd}).
 *
 * <p>The prefix is what makes induction the only solution: with S always at position 1, a model
 * learns absolute-position shortcuts instead (attend to position 1 or 2, which hold S's first
 * tokens), and training stalls there. Drawn from its own range, R never contains a token of S, so
 * every token after the first copy has exactly one earlier occurrence per copy and the token that
 * followed it is the answer; and a small segment range can still fill a long window. Sequences fill
 * the whole window, so every position embedding is trained, and the prefix-matching probe's {@code
 * [BOS] + S×4} is the case |R| = 0.
 *
 * @param firstToken lowest token of S (at least 4: ids 0–3 are OPT's specials)
 * @param endToken one past the highest token of S
 * @param minSegment shortest S
 * @param maxSegment longest S
 * @param length tokens per sequence, BOS included; at least two copies of the longest S
 * @param fillerFirst lowest token of R (at least 4)
 * @param fillerEnd one past the highest token of R; the range must not overlap S's
 */
public record RepeatedTokens(
    int firstToken,
    int endToken,
    int minSegment,
    int maxSegment,
    int length,
    int fillerFirst,
    int fillerEnd) {

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
    if (endToken - firstToken < maxSegment) {
      throw new IllegalArgumentException(
          "token range ["
              + firstToken
              + ", "
              + endToken
              + ") has fewer than maxSegment="
              + maxSegment
              + " distinct tokens");
    }
    if (fillerFirst < 4 || fillerEnd <= fillerFirst) {
      throw new IllegalArgumentException(
          "filler range [" + fillerFirst + ", " + fillerEnd + ") must be non-empty and >= 4");
    }
    if (fillerFirst < endToken && firstToken < fillerEnd) {
      throw new IllegalArgumentException(
          "filler range ["
              + fillerFirst
              + ", "
              + fillerEnd
              + ") overlaps the segment range ["
              + firstToken
              + ", "
              + endToken
              + ")");
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
    return build(rng, rng.nextInt(maxPrefix(segment) + 1), segment);
  }

  /** The longest prefix for a segment of length {@code segment}: two copies must still fit. */
  public int maxPrefix(int segment) {
    return length - 1 - 2 * segment;
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
    return build(rng, prefix, segment);
  }

  private Example build(SplittableRandom rng, int prefix, int segment) {
    int[] ids = new int[length];
    ids[0] = BOS;
    for (int t = 1; t <= prefix; t++) {
      ids[t] = fillerFirst + rng.nextInt(fillerEnd - fillerFirst);
    }
    // Partial Fisher-Yates over the segment range: `segment` distinct tokens in random order.
    int[] pool = new int[tokenCount()];
    for (int i = 0; i < pool.length; i++) {
      pool[i] = firstToken + i;
    }
    for (int i = 0; i < segment; i++) {
      int j = i + rng.nextInt(pool.length - i);
      int swap = pool[i];
      pool[i] = pool[j];
      pool[j] = swap;
    }
    int start = 1 + prefix;
    for (int t = start; t < length; t++) {
      ids[t] = pool[(t - start) % segment];
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
