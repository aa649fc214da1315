package org.opticl.measure.importance;

/**
 * What to do with an importance example longer than the model's window. The original does not
 * truncate (paper-spec §1.3, quirk 4): such inputs index past the learned position table and its
 * run fails, so no released number depends on them and any rule keeps parity on the rest.
 */
public enum Overlength {
  /**
   * Default: keep the last {@code window} tokens by dropping context tokens from the left, as the
   * harness's evaluation does — the continuation and the context nearest to it, which carry the
   * gradient that matters, survive. Counted in the result.
   */
  TRUNCATE_LEFT,
  /** Leave the example out (counted in the result). */
  SKIP,
  /** Stop with an error naming the example, as the original effectively does. */
  FAIL
}
