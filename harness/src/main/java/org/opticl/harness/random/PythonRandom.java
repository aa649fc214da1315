package org.opticl.harness.random;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A bit-exact port of CPython's {@code random.Random} (MT19937 with CPython's integer seeding and
 * its {@code shuffle}/{@code sample}/{@code choices} algorithms), so that opticl visits the same
 * documents and draws the same few-shot demonstrations as lm-evaluation-harness, which seeds a
 * {@code random.Random(42)} per task. The algorithms are those of CPython 3.9–3.12 (the paper ran
 * 3.9; the known-answer vectors come from 3.11): {@code shuffle} without the removed {@code random}
 * argument, {@code _randbelow} by rejection sampling on {@code getrandbits(n.bit_length())}, and
 * {@code sample}'s choice between a pool and a selected-set algorithm by population size. Not
 * thread-safe, like the original.
 */
public final class PythonRandom {
  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER_MASK = 0x80000000;
  private static final int LOWER_MASK = 0x7fffffff;

  private final int[] mt = new int[N];
  private int mti = N + 1;

  /** A generator seeded like {@code random.Random(seed)}. */
  public PythonRandom(long seed) {
    seed(seed);
  }

  /** A generator seeded like {@code random.Random(seed)} for an arbitrary-size integer. */
  public PythonRandom(BigInteger seed) {
    seed(seed);
  }

  /** {@code random.seed(n)} for an int: init_by_array over the 32-bit words of |n|. */
  public void seed(long seed) {
    seed(BigInteger.valueOf(seed));
  }

  /** {@code random.seed(n)}: init_by_array over the little-endian 32-bit words of |n|. */
  public void seed(BigInteger seed) {
    BigInteger n = seed.abs();
    int words = Math.max(1, (n.bitLength() + 31) / 32);
    int[] key = new int[words];
    for (int i = 0; i < words; i++) {
      key[i] = n.shiftRight(32 * i).intValue();
    }
    initByArray(key);
  }

  private void initGenrand(int s) {
    mt[0] = s;
    for (mti = 1; mti < N; mti++) {
      mt[mti] = 1812433253 * (mt[mti - 1] ^ (mt[mti - 1] >>> 30)) + mti;
    }
  }

  private void initByArray(int[] key) {
    initGenrand(19650218);
    int i = 1;
    int j = 0;
    for (int k = Math.max(N, key.length); k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) {
        j = 0;
      }
    }
    for (int k = N - 1; k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  /** The next raw 32-bit output of MT19937, as an unsigned value in a long. */
  long nextUint32() {
    if (mti >= N) {
      int kk;
      for (kk = 0; kk < N - M; kk++) {
        int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
      }
      for (; kk < N - 1; kk++) {
        int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
      }
      int y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
      mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
      mti = 0;
    }
    int y = mt[mti++];
    y ^= (y >>> 11);
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= (y >>> 18);
    return y & 0xffffffffL;
  }

  /** {@code random()}: a double in [0, 1) with 53 random bits. */
  public double random() {
    long a = nextUint32() >>> 5;
    long b = nextUint32() >>> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
  }

  /** {@code getrandbits(k)} for any k ≥ 0, as CPython fills 32-bit words low word first. */
  public BigInteger getrandbits(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("getrandbits: k=" + k + " must be non-negative");
    }
    if (k == 0) {
      return BigInteger.ZERO;
    }
    if (k <= 32) {
      return BigInteger.valueOf(nextUint32() >>> (32 - k));
    }
    BigInteger result = BigInteger.ZERO;
    int shift = 0;
    for (int remaining = k; remaining > 0; remaining -= 32, shift += 32) {
      long r = nextUint32();
      if (remaining < 32) {
        r >>>= (32 - remaining);
      }
      result = result.or(BigInteger.valueOf(r).shiftLeft(shift));
    }
    return result;
  }

  /** {@code getrandbits(k)} for k ≤ 63, without BigInteger. */
  private long getrandbitsLong(int k) {
    if (k <= 32) {
      return nextUint32() >>> (32 - k);
    }
    long low = nextUint32();
    long high = nextUint32() >>> (64 - k);
    return (high << 32) | low;
  }

  /**
   * {@code _randbelow(n)}: a uniform int in [0, n) by rejection on {@code
   * getrandbits(bit_length(n))}.
   */
  public long randbelow(long n) {
    if (n <= 0) {
      throw new IllegalArgumentException("randbelow: n=" + n + " must be positive");
    }
    int k = 64 - Long.numberOfLeadingZeros(n);
    long r = getrandbitsLong(k);
    while (r >= n) {
      r = getrandbitsLong(k);
    }
    return r;
  }

  /** {@code randrange(stop)}. */
  public long randrange(long stop) {
    if (stop <= 0) {
      throw new IllegalArgumentException("empty range for randrange(" + stop + ")");
    }
    return randbelow(stop);
  }

  /** {@code randrange(start, stop, step)} for a non-zero step. */
  public long randrange(long start, long stop, long step) {
    if (step == 0) {
      throw new IllegalArgumentException("zero step for randrange()");
    }
    long width = stop - start;
    long n;
    if (step > 0) {
      n = Math.floorDiv(width + step - 1, step);
    } else {
      n = Math.floorDiv(width + step + 1, step);
    }
    if (n <= 0) {
      throw new IllegalArgumentException(
          "empty range for randrange(" + start + ", " + stop + ", " + step + ")");
    }
    return start + step * randbelow(n);
  }

  /** {@code shuffle(x)}: Fisher–Yates from the end with {@code _randbelow(i + 1)}. */
  public <T> void shuffle(List<T> x) {
    for (int i = x.size() - 1; i > 0; i--) {
      int j = (int) randbelow(i + 1L);
      Collections.swap(x, i, j);
    }
  }

  /**
   * {@code sample(population, k)}: k distinct elements in selection order. Like CPython, small
   * populations (n ≤ 21, or ≤ 21 + 4^ceil(log4(3k)) when k > 5) use a shrinking pool, larger ones
   * redraw indices already selected; the two consume the generator differently.
   */
  public <T> List<T> sample(List<T> population, int k) {
    int n = population.size();
    if (k < 0 || k > n) {
      throw new IllegalArgumentException(
          "sample: k=" + k + " must be in [0, " + n + "] (sample larger than population)");
    }
    List<T> result = new ArrayList<>(k);
    long setsize = 21;
    if (k > 5) {
      setsize += (long) Math.pow(4, Math.ceil(Math.log(k * 3.0) / Math.log(4)));
    }
    if (n <= setsize) {
      List<T> pool = new ArrayList<>(population);
      for (int i = 0; i < k; i++) {
        int j = (int) randbelow(n - i);
        result.add(pool.get(j));
        pool.set(j, pool.get(n - i - 1));
      }
    } else {
      Set<Integer> selected = new HashSet<>();
      for (int i = 0; i < k; i++) {
        int j = (int) randbelow(n);
        while (selected.contains(j)) {
          j = (int) randbelow(n);
        }
        selected.add(j);
        result.add(population.get(j));
      }
    }
    return result;
  }

  /** {@code choice(seq)}: one element, {@code seq[_randbelow(len(seq))]}. */
  public <T> T choice(List<T> seq) {
    if (seq.isEmpty()) {
      throw new IllegalArgumentException("choice: cannot choose from an empty sequence");
    }
    return seq.get((int) randbelow(seq.size()));
  }

  /**
   * {@code choices(population, k=k)} without weights: k draws with replacement, each {@code
   * floor(random() * n)}; used by the harness's bootstrap standard errors.
   */
  public int[] choiceIndices(int n, int k) {
    int[] out = new int[k];
    for (int i = 0; i < k; i++) {
      out[i] = (int) Math.floor(random() * n);
    }
    return out;
  }
}
