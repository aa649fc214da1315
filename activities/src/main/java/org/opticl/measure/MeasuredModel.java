package org.opticl.measure;

import java.util.Objects;
import org.opticl.harness.scoring.TextEncoder;
import org.opticl.model.opt.OptModel;
import org.opticl.model.tokenizer.OptTokenizer;

/**
 * The model under measurement with the tokenizer its text goes through: every measurement needs
 * both, and the evaluation's vocabulary slice (the original takes log-softmax over the tokenizer's
 * 50265 entries, not the embedding's 50272 rows) depends on the pair, so they travel together.
 *
 * @param model the OPT model; the caller owns and closes it
 * @param encoder text to token ids without special tokens
 * @param vocabLimit logits columns the evaluation's log-softmax covers, in [1, vocab_size]
 */
public record MeasuredModel(OptModel model, TextEncoder encoder, int vocabLimit) {

  public MeasuredModel {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(encoder, "encoder");
    int vocab = model.config().vocabSize();
    if (vocabLimit < 1 || vocabLimit > vocab) {
      throw new IllegalArgumentException(
          "vocabLimit=" + vocabLimit + " must lie in [1, " + vocab + "] (the model's vocab_size)");
    }
  }

  /** The original's setting: OPT's tokenizer, log-softmax over the tokenizer's entries. */
  public static MeasuredModel of(OptModel model, OptTokenizer tokenizer) {
    return new MeasuredModel(
        model, tokenizer::encode, Math.min(tokenizer.size(), model.config().vocabSize()));
  }

  public ModelShape shape() {
    return ModelShape.of(model.config());
  }
}
