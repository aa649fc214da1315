package org.opticl.model.induction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InductionSequencesTest {
  private static final TokenPool POOL = TokenPool.range(100, 1100);

  @Test
  void splitMix64MatchesItsPublishedVectors() {
    // The first outputs of SplitMix64 started at state 0 (Vigna's reference implementation).
    SplitMix64 r = new SplitMix64(0);
    assertEquals(0xE220A8397B1DCDAFL, r.nextLong());
    assertEquals(0x6E789E6AA1B965F4L, r.nextLong());
    assertEquals(0x06C45D188009454FL, r.nextLong());
  }

  @Test
  void boundedDrawsStayInRangeAndCoverIt() {
    SplitMix64 r = new SplitMix64(42);
    int[] counts = new int[7];
    for (int i = 0; i < 7000; i++) {
      counts[r.nextInt(7)]++;
    }
    for (int c : counts) {
      assertTrue(c > 850 && c < 1150, "uniform draws, got " + Arrays.toString(counts));
    }
  }

  @Test
  void segmentLengthsAreThePapers() {
    assertEquals(25, InductionSequences.segmentLength(0));
    assertEquals(223, InductionSequences.segmentLength(99));
    assertEquals(893, InductionSequences.length(99));
    assertThrows(IllegalArgumentException.class, () -> InductionSequences.segmentLength(-1));
  }

  @Test
  void prefixSequenceIsBosThenFourCopiesOfDistinctPoolTokens() {
    int s = 3;
    int lseg = 31;
    int[] x = InductionSequences.prefixSequence(POOL, 7, s);
    assertEquals(4 * lseg + 1, x.length);
    assertEquals(2, x[0]);
    int[] segment = Arrays.copyOfRange(x, 1, 1 + lseg);
    for (int c = 1; c < 4; c++) {
      assertArrayEquals(segment, Arrays.copyOfRange(x, 1 + c * lseg, 1 + (c + 1) * lseg));
    }
    assertDistinctPoolTokens(segment);
  }

  @Test
  void copyingSequenceIsBosThenDistinctPoolTokens() {
    int[] x = InductionSequences.copyingSequence(POOL, 7, 2);
    assertEquals(4 * 29 + 1, x.length);
    assertEquals(2, x[0]);
    assertDistinctPoolTokens(Arrays.copyOfRange(x, 1, x.length));
  }

  @Test
  void sequencesAreAFunctionOfPoolSeedAndIndexOnly() {
    int[] a = InductionSequences.prefixSequence(POOL, 11, 5);
    InductionSequences.prefixSequence(POOL, 11, 4); // other draws in between change nothing
    assertArrayEquals(a, InductionSequences.prefixSequence(POOL, 11, 5));
    assertFalse(Arrays.equals(a, InductionSequences.prefixSequence(POOL, 12, 5)));
    // The two scores draw from different streams of the same (seed, s).
    int[] copy = InductionSequences.copyingSequence(POOL, 11, 5);
    assertFalse(Arrays.equals(Arrays.copyOfRange(a, 1, 36), Arrays.copyOfRange(copy, 1, 36)));
  }

  @Test
  void aPoolTooSmallForTheSequenceIsNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> InductionSequences.copyingSequence(TokenPool.range(10, 60), 0, 0));
    assertTrue(e.getMessage().contains("needs 100 distinct tokens"), e.getMessage());
    assertTrue(e.getMessage().contains("has 50"), e.getMessage());
  }

  private static void assertDistinctPoolTokens(int[] tokens) {
    Set<Integer> seen = new HashSet<>();
    for (int t : tokens) {
      assertTrue(t >= 100 && t < 1100, "token " + t + " is not in the pool");
      assertTrue(seen.add(t), "token " + t + " repeats");
    }
  }
}
