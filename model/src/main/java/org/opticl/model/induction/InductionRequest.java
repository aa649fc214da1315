package org.opticl.model.induction;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What an induction-score run measures: sequences 0 … {@code sequences}−1 drawn from {@code pool}
 * with {@code seed} (see {@link InductionSequences}), the prefix-matching rule and the copying
 * score's OV read-out. The paper's run is 100 sequences with the merge-rank pool and both parity
 * rules.
 */
public record InductionRequest(
    int sequences, long seed, PrefixRule prefixRule, CopyingRule copyingRule, TokenPool pool) {

  /** The paper's {@code --num_seeds}. */
  public static final int PAPER_SEQUENCES = 100;

  public InductionRequest {
    if (sequences < 2) {
      throw new IllegalArgumentException(
          "sequences=" + sequences + ": the unbiased variance needs at least 2");
    }
    if (prefixRule == null || copyingRule == null || pool == null) {
      throw new IllegalArgumentException("prefixRule, copyingRule and pool are required");
    }
  }

  /**
   * A digest of everything that determines each sequence's scores except the model: seed, rules and
   * pool (not the number of sequences, so a finished run can be extended). A checkpoint carries it,
   * and resuming under another request is refused.
   */
  public String key() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("opticl-induction-v1".getBytes(StandardCharsets.UTF_8));
      sha.update(ByteBuffer.allocate(8).putLong(seed).array());
      sha.update(prefixRule.name().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(copyingRule.name().getBytes(StandardCharsets.UTF_8));
      ByteBuffer ids = ByteBuffer.allocate(4 * pool.size());
      for (int id : pool.ids()) {
        ids.putInt(id);
      }
      sha.update(ids.array());
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
