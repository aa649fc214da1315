package org.opticl.model.induction;

/**
 * Steele, Lea and Flood's SplitMix64 generator (OOPSLA 2014), written out so that induction
 * sequences are a documented function of their seed in any language, not of a JDK class's
 * unspecified internals. Each step adds the golden-ratio increment 0x9E3779B97F4A7C15 to a 64-bit
 * state and returns {@link #mix} of it.
 */
final class SplitMix64 {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  /** SplitMix64's output function (David Stafford's "Mix13" variant of MurmurHash3's finaliser). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += GOLDEN;
    return mix(state);
  }

  /**
   * A uniform int in [0, bound): the top 63 bits modulo bound, redrawn when they fall in the
   * incomplete last block (the rejection rule of {@code java.util.Random.nextInt}, on 63 bits).
   */
  int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    long bits;
    long value;
    do {
      bits = nextLong() >>> 1;
      value = bits % bound;
    } while (bits - value + (bound - 1) < 0);
    return (int) value;
  }
}
