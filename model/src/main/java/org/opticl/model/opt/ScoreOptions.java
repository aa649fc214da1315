package org.opticl.model.opt;

/**
 * How {@link OptModel#score} batches and normalises.
 *
 * @param vocabLimit log-softmax runs over the first {@code vocabLimit} logits only: the original
 *     evaluation slices OPT's 50272 logits to the tokenizer's 50265 entries (paper-spec §5.3)
 * @param tokenBudget at most this many (padded) tokens per forward pass
 * @param sharePrefix run each distinct context once and continue every continuation from its cached
 *     keys and values (equal results, far fewer tokens when choices share a long few-shot prompt)
 */
public record ScoreOptions(int vocabLimit, int tokenBudget, boolean sharePrefix) {
  public ScoreOptions {
    if (vocabLimit <= 0) {
      throw new IllegalArgumentException("vocabLimit must be positive, got " + vocabLimit);
    }
    if (tokenBudget <= 0) {
      throw new IllegalArgumentException("tokenBudget must be positive, got " + tokenBudget);
    }
  }

  /** 4096 tokens per pass, shared prefixes. */
  public static ScoreOptions forVocab(int vocabLimit) {
    return new ScoreOptions(vocabLimit, 4096, true);
  }

  public ScoreOptions withSharePrefix(boolean share) {
    return new ScoreOptions(vocabLimit, tokenBudget, share);
  }
}
