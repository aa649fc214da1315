package org.opticl.harness.scoring;

/**
 * Turns text into token ids without special tokens (OPT's tokenizer without its BOS). A seam so
 * that request construction is testable without the real tokenizer; {@code
 * org.opticl.model.tokenizer.OptTokenizer::encode} is the production implementation.
 */
@FunctionalInterface
public interface TextEncoder {
  int[] encode(String text);
}
