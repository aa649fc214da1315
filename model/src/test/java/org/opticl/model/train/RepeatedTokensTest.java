package org.opticl.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The generator's sequences: their shape, their labels, and their dependence on the seed only. */
class RepeatedTokensTest {
  private static final RepeatedTokens DATA = new RepeatedTokens(60, 100, 5, 12, 40, 4, 60);

  @Test
  void sequencesAreBosThenARandomPrefixThenOneSegmentRepeatedToTheEnd() {
    SplittableRandom rng = new SplittableRandom(3);
    for (int n = 0; n < 200; n++) {
      RepeatedTokens.Example e = DATA.sample(rng);
      int[] ids = e.ids();
      int s = e.segment();
      assertEquals(40, ids.length);
      assertEquals(RepeatedTokens.BOS, ids[0]);
      assertTrue(s >= 5 && s <= 12, "segment " + s);
      int start = e.start();
      assertTrue(start >= 1 && start + 2 * s <= ids.length, "segment starts at " + start);
      for (int t = 1; t < start; t++) {
        assertTrue(ids[t] >= 4 && ids[t] < 60, "filler token " + ids[t]);
      }
      Set<Integer> drawn = new HashSet<>();
      for (int t = start; t < start + s; t++) {
        assertTrue(ids[t] >= 60 && ids[t] < 100, "segment token " + ids[t]);
        assertTrue(drawn.add(ids[t]), "token " + ids[t] + " drawn twice");
      }
      for (int t = start + s; t < ids.length; t++) {
        assertEquals(ids[t - s], ids[t], "position " + t);
      }
    }
  }

  @Test
  void labelsSuperviseFromTheSecondTokenOfTheSecondCopy() {
    RepeatedTokens data = new RepeatedTokens(4, 10, 3, 3, 10, 10, 20);
    RepeatedTokens.Example e =
        new RepeatedTokens.Example(new int[] {2, 7, 4, 9, 7, 4, 9, 7, 4, 9}, 1, 3);
    int x = RepeatedTokens.IGNORE;
    assertArrayEquals(new int[] {x, x, x, x, x, 4, 9, 7, 4, 9}, e.labels());
    assertEquals(6, data.tokenCount());
  }

  @Test
  void theSameSeedGivesTheSameSequencesAndAnotherSeedOthers() {
    RepeatedTokens.Examples a = DATA.batch(new SplittableRandom(11), 8);
    RepeatedTokens.Examples b = DATA.batch(new SplittableRandom(11), 8);
    RepeatedTokens.Examples c = DATA.batch(new SplittableRandom(12), 8);
    assertArrayEquals(a.batch().ids(), b.batch().ids());
    assertArrayEquals(a.labels(), b.labels());
    assertFalse(java.util.Arrays.deepEquals(a.batch().ids(), c.batch().ids()));
  }

  @Test
  void segmentLengthsCoverTheWholeRange() {
    SplittableRandom rng = new SplittableRandom(5);
    Set<Integer> seen = new HashSet<>();
    for (int n = 0; n < 500; n++) {
      seen.add(DATA.sample(rng).segment());
    }
    assertEquals(Set.of(5, 6, 7, 8, 9, 10, 11, 12), seen);
  }

  @Test
  void theWholeWindowIsUsedPrefixesRangeFromNoneToTheLongestThatFits() {
    SplittableRandom rng = new SplittableRandom(7);
    int shortest = Integer.MAX_VALUE;
    int longest = 0;
    for (int n = 0; n < 2000; n++) {
      RepeatedTokens.Example e = DATA.sample(rng);
      shortest = Math.min(shortest, e.start() - 1);
      longest = Math.max(longest, e.start() - 1);
      assertTrue(e.start() - 1 <= DATA.maxPrefix(e.segment()));
    }
    assertEquals(0, shortest);
    assertEquals(DATA.maxPrefix(5), longest);
  }

  @Test
  void invalidRangesNameTheOffendingValue() {
    assertEquals(
        "firstToken=3 would draw OPT's special tokens 0-3; use >= 4",
        assertThrows(
                IllegalArgumentException.class,
                () -> new RepeatedTokens(3, 100, 5, 12, 40, 100, 200))
            .getMessage());
    assertEquals(
        "token range [4, 10) has fewer than maxSegment=12 distinct tokens",
        assertThrows(
                IllegalArgumentException.class, () -> new RepeatedTokens(4, 10, 5, 12, 40, 10, 20))
            .getMessage());
    assertEquals(
        "length=20 cannot hold BOS and two copies of maxSegment=12 (needs >= 25)",
        assertThrows(
                IllegalArgumentException.class, () -> new RepeatedTokens(60, 100, 5, 12, 20, 4, 60))
            .getMessage());
    assertEquals(
        "filler range [50, 70) overlaps the segment range [60, 100)",
        assertThrows(
                IllegalArgumentException.class,
                () -> new RepeatedTokens(60, 100, 5, 12, 40, 50, 70))
            .getMessage());
  }
}
