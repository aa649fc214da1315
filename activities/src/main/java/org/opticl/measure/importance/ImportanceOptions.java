package org.opticl.measure.importance;

import java.util.Objects;

/**
 * How head importance is estimated, apart from which data it is estimated on.
 *
 * @param method the estimator; {@link ImportanceMethod#PER_TOKEN_ABS} reproduces the released code
 * @param batchSize examples per forward/backward pass; the original's is 1, and with PER_TOKEN_ABS
 *     a larger batch changes the numbers (the loss averages over the batch)
 * @param overlength what to do with examples longer than the model's window
 */
public record ImportanceOptions(ImportanceMethod method, int batchSize, Overlength overlength) {

  /** The original's settings: per-token |a·g|, batch 1; over-long examples left-truncated. */
  public static final ImportanceOptions DEFAULT =
      new ImportanceOptions(ImportanceMethod.PER_TOKEN_ABS, 1, Overlength.TRUNCATE_LEFT);

  public ImportanceOptions {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(overlength, "overlength");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize=" + batchSize + " must be >= 1");
    }
  }

  public ImportanceOptions withMethod(ImportanceMethod m) {
    return new ImportanceOptions(m, batchSize, overlength);
  }

  public ImportanceOptions withBatchSize(int b) {
    return new ImportanceOptions(method, b, overlength);
  }

  public ImportanceOptions withOverlength(Overlength o) {
    return new ImportanceOptions(method, batchSize, o);
  }
}
