package org.opticl.model.induction;

import org.opticl.model.tokenizer.OptTokenizer;

/**
 * The random token sequences of the induction-head scores (paper-spec §4.1), reproducible from a
 * seed. Sequence s has segment length Lseg = 2s + 25; its prefix-matching input is BOS followed by
 * four copies of Lseg distinct pool tokens, its copying input BOS followed by 4·Lseg distinct pool
 * tokens, so both are 4·Lseg + 1 tokens long.
 *
 * <p>The original drew with an unseeded {@code numpy.random.choice}, so its sequences cannot be
 * reproduced; opticl gives each sequence its own generator instead: {@link SplitMix64} started at
 * {@code mix(mix(seed) + 2·s + stream)} (stream 0 for prefix matching, 1 for copying), drawing
 * without replacement by a partial Fisher–Yates shuffle of the pool: for i = 0..k−1, swap pool[i]
 * with pool[i + nextInt(n − i)] and emit pool[i]. A sequence therefore depends only on (pool, seed,
 * s), never on which sequences ran before it — which is what lets a run resume anywhere.
 */
public final class InductionSequences {
  private static final int PREFIX_STREAM = 0;
  private static final int COPYING_STREAM = 1;

  private InductionSequences() {}

  /** Lseg = 2s + 25: 25 … 223 for the paper's 100 sequences. */
  public static int segmentLength(int s) {
    if (s < 0) {
      throw new IllegalArgumentException("sequence index must be >= 0, got " + s);
    }
    return 2 * s + 25;
  }

  /** Tokens in sequence s, for either score: 4·Lseg + 1. */
  public static int length(int s) {
    return 4 * segmentLength(s) + 1;
  }

  /** BOS, then Lseg distinct pool tokens repeated four times. */
  public static int[] prefixSequence(TokenPool pool, long seed, int s) {
    int lseg = segmentLength(s);
    int[] segment = sample(pool, lseg, new SplitMix64(streamSeed(seed, s, PREFIX_STREAM)));
    int[] out = new int[4 * lseg + 1];
    out[0] = OptTokenizer.BOS;
    for (int c = 0; c < 4; c++) {
      System.arraycopy(segment, 0, out, 1 + c * lseg, lseg);
    }
    return out;
  }

  /** BOS, then 4·Lseg distinct pool tokens. */
  public static int[] copyingSequence(TokenPool pool, long seed, int s) {
    int n = 4 * segmentLength(s);
    int[] tokens = sample(pool, n, new SplitMix64(streamSeed(seed, s, COPYING_STREAM)));
    int[] out = new int[n + 1];
    out[0] = OptTokenizer.BOS;
    System.arraycopy(tokens, 0, out, 1, n);
    return out;
  }

  static long streamSeed(long seed, int s, int stream) {
    return SplitMix64.mix(SplitMix64.mix(seed) + 2L * s + stream);
  }

  private static int[] sample(TokenPool pool, int k, SplitMix64 rng) {
    int[] ids = pool.ids();
    if (k > ids.length) {
      throw new IllegalArgumentException(
          "a sequence needs "
              + k
              + " distinct tokens but the pool ("
              + pool.description()
              + ") has "
              + ids.length);
    }
    int[] out = new int[k];
    for (int i = 0; i < k; i++) {
      int j = i + rng.nextInt(ids.length - i);
      int t = ids[j];
      ids[j] = ids[i];
      ids[i] = t;
      out[i] = t;
    }
    return out;
  }
}
