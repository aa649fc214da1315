package org.opticl.model.induction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opticl.model.testing.SharedData;
import org.opticl.model.tokenizer.OptTokenizer;
import org.opticl.model.tokenizer.TokenizerFiles;

class TokenPoolTest {

  @Test
  void optsMergeRanksGiveThePapers46000Tokens() {
    OptTokenizer tok = OptTokenizer.load(SharedData.require("tokenizer/opt"));
    List<String> merged = tok.mergesInRankOrder();
    assertEquals(50000, merged.size());
    TokenPool pool = TokenPool.fromMerges(tok, TokenPool.PAPER_EXCLUDE_RATIO);
    assertEquals(46000, pool.size());
    int[] ids = pool.ids();
    // Rank order: the first candidate is merge rank 2000, the last rank 47999.
    assertEquals(tok.id(merged.get(2000)).getAsInt(), ids[0]);
    assertEquals(tok.id(merged.get(47999)).getAsInt(), ids[45999]);
    assertEquals(tok.id(merged.get(30000)).getAsInt(), ids[28000]);
    for (int id : ids) {
      assertTrue(id > 3, "special token " + id + " in the pool");
      assertTrue(tok.token(id).length() >= 2, "single byte " + tok.token(id) + " in the pool");
    }
  }

  @Test
  void aSmallTrainedTokenizerUsesTheSameRuleOnItsFewMerges(@TempDir Path dir) throws Exception {
    TokenizerFiles.writeTrained(dir, TokenizerFiles.builtinCorpus(), 1024);
    OptTokenizer tok = OptTokenizer.load(dir);
    List<String> merged = tok.mergesInRankOrder();
    int r = merged.size();
    int excluded = (int) (0.04 * r);
    TokenPool pool = TokenPool.fromMerges(tok, 0.04);
    Set<String> allowed = new HashSet<>(merged.subList(excluded, r - excluded));
    int[] ids = pool.ids();
    assertTrue(ids.length > 600 && ids.length <= r - 2 * excluded, "pool of " + ids.length);
    Set<Integer> seen = new HashSet<>();
    int lastRank = -1;
    for (int id : ids) {
      String token = tok.token(id);
      assertTrue(
          allowed.contains(token), token + " is not a merge of ranks [excluded, R-excluded)");
      assertTrue(id >= 260, "specials and byte symbols are never candidates, got " + id);
      assertTrue(seen.add(id));
      int rank = merged.subList(excluded, r - excluded).indexOf(token);
      assertTrue(rank > lastRank, "pool is in rank order");
      lastRank = rank;
    }
    assertEquals(tok.id(merged.get(excluded)).getAsInt(), ids[0]);
  }

  @Test
  void rangesAndTheirErrors() {
    assertArrayEquals(new int[] {5, 6, 7}, TokenPool.range(5, 8).ids());
    assertThrows(IllegalArgumentException.class, () -> TokenPool.range(8, 8));
    IllegalArgumentException dup =
        assertThrows(
            IllegalArgumentException.class, () -> new TokenPool(new int[] {4, 9, 4}, "dup"));
    assertTrue(dup.getMessage().contains("id 4 twice"), dup.getMessage());
  }
}
