package org.opticl.model.opt;

import java.util.Arrays;

/**
 * A rectangular batch of token ids with its attention mask (1 = real token, 0 = padding). Padding
 * may sit on either side; position ids follow Hugging Face's OPT: {@code cumsum(mask) * mask - 1 +
 * 2}, so a left-padded row gets the same positions as the unpadded sequence.
 */
public record Batch(int[][] ids, int[][] mask) {

  public Batch {
    if (ids.length == 0) {
      throw new IllegalArgumentException("empty batch");
    }
    if (mask.length != ids.length) {
      throw new IllegalArgumentException(
          "attention mask has " + mask.length + " rows, ids have " + ids.length);
    }
    int t = ids[0].length;
    if (t == 0) {
      throw new IllegalArgumentException("batch rows are empty");
    }
    for (int b = 0; b < ids.length; b++) {
      if (ids[b].length != t || mask[b].length != t) {
        throw new IllegalArgumentException(
            "batch is not rectangular: row "
                + b
                + " has "
                + ids[b].length
                + " ids and "
                + mask[b].length
                + " mask values, row 0 has "
                + t);
      }
      for (int v : mask[b]) {
        if (v != 0 && v != 1) {
          throw new IllegalArgumentException("attention mask values must be 0 or 1, got " + v);
        }
      }
    }
  }

  /** A batch of one or more unpadded rows of equal length. */
  public static Batch of(int[]... rows) {
    int[][] mask = new int[rows.length][];
    for (int b = 0; b < rows.length; b++) {
      mask[b] = new int[rows[b].length];
      Arrays.fill(mask[b], 1);
    }
    return new Batch(rows, mask);
  }

  public int size() {
    return ids.length;
  }

  public int length() {
    return ids[0].length;
  }

  /** HF OPT position ids (table rows), including the offset of 2. */
  public long[] positions() {
    int bsz = size();
    int t = length();
    long[] out = new long[bsz * t];
    for (int b = 0; b < bsz; b++) {
      int seen = 0;
      for (int i = 0; i < t; i++) {
        seen += mask[b][i];
        out[b * t + i] = (long) seen * mask[b][i] - 1 + 2;
      }
    }
    return out;
  }
}
