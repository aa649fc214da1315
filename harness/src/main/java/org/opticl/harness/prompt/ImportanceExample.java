package org.opticl.harness.prompt;

/**
 * One example of head-importance data (paper-spec §1.3): a few-shot context and the supervised
 * continuation, tokenised separately by the consumer. {@code doc} is the document's index in the
 * demonstration split's file order.
 */
public record ImportanceExample(int doc, String context, String continuation) {}
