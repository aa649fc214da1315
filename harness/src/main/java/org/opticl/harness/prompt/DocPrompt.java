package org.opticl.harness.prompt;

import java.util.List;
import org.opticl.harness.task.TextRequest;

/**
 * The text the model sees for one evaluated document: {@code doc} is its position in evaluation
 * order (the original's {@code doc_id}), {@code sourceIndex} its position in the split's file,
 * {@code context} the few-shot context, {@code requests} the scored (context, continuation) pairs
 * and {@code gold} the indices of the correct requests.
 */
public record DocPrompt(
    int doc, int sourceIndex, String context, List<TextRequest> requests, List<Integer> gold) {
  public DocPrompt {
    requests = List.copyOf(requests);
    gold = List.copyOf(gold);
  }

  /** The continuation strings, in request order. */
  public List<String> continuations() {
    return requests.stream().map(TextRequest::continuation).toList();
  }
}
