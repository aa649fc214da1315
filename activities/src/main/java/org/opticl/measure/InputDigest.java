package org.opticl.measure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.opticl.schema.json.Digests;

/**
 * A SHA-256 over everything a computation's result depends on, stored in its checkpoints: resuming
 * with a checkpoint of different inputs (another task, other prompts, another mask list) must be an
 * error, not a silently mixed result. Every field is length- or type-prefixed so that different
 * sequences of fields never hash the same bytes.
 */
public final class InputDigest {
  private final MessageDigest sha = Digests.newSha256();

  public InputDigest add(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    add(b.length);
    sha.update(b);
    return this;
  }

  public InputDigest add(long v) {
    for (int i = 7; i >= 0; i--) {
      sha.update((byte) (v >>> (8 * i)));
    }
    return this;
  }

  public InputDigest add(int[] values) {
    add(values.length);
    for (int v : values) {
      add(v);
    }
    return this;
  }

  /** Exact bits, so that 0.1 and 0.1 + 1e-17 differ. */
  public InputDigest add(double v) {
    return add(Double.doubleToLongBits(v));
  }

  public String hex() {
    return Digests.hex(sha);
  }
}
