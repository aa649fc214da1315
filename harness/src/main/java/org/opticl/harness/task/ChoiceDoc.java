package org.opticl.harness.task;

import java.util.List;

/**
 * A document of a plain multiple-choice task (lm-eval's {@code MultipleChoiceTask}): the prompt
 * text, the answer options (without leading space) and the index of the correct one.
 */
public record ChoiceDoc(String query, List<String> choices, int gold) {
  public ChoiceDoc {
    choices = List.copyOf(choices);
  }
}
