package org.opticl.measure.importance;

import java.util.Arrays;
import java.util.Objects;

/**
 * One importance example in tokens (paper-spec §1.3): context and continuation tokenised
 * separately, the input being {@code context ++ continuation}, no BOS. Only the continuation is
 * supervised.
 *
 * @param doc the document's index in its split's file order
 * @param context context ids ({@code [2]} when the context text is empty); at least one
 * @param continuation continuation ids; at least one
 */
public record TokenizedExample(int doc, int[] context, int[] continuation) {

  public TokenizedExample {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(continuation, "continuation");
    if (context.length == 0) {
      throw new IllegalArgumentException(
          "example of doc " + doc + " has an empty context (an empty text becomes [2])");
    }
    if (continuation.length == 0) {
      throw new IllegalArgumentException(
          "example of doc " + doc + " has an empty continuation: nothing would be supervised");
    }
    context = context.clone();
    continuation = continuation.clone();
  }

  /** l_ctx + l_cont, the input length. */
  public int length() {
    return context.length + continuation.length;
  }

  /** The model input: context followed by continuation. */
  public int[] input() {
    int[] all = Arrays.copyOf(context, length());
    System.arraycopy(continuation, 0, all, context.length, continuation.length);
    return all;
  }

  @Override
  public int[] context() {
    return context.clone();
  }

  @Override
  public int[] continuation() {
    return continuation.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenizedExample e
        && doc == e.doc
        && Arrays.equals(context, e.context)
        && Arrays.equals(continuation, e.continuation);
  }

  @Override
  public int hashCode() {
    return Objects.hash(doc, Arrays.hashCode(context), Arrays.hashCode(continuation));
  }

  @Override
  public String toString() {
    return "TokenizedExample[doc "
        + doc
        + ", "
        + context.length
        + " context + "
        + continuation.length
        + " continuation tokens]";
  }
}
