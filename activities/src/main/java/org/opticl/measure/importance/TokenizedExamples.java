package org.opticl.measure.importance;

import java.util.List;

/**
 * Importance examples in tokens, in visiting order, with how many the window rule changed: a result
 * should say when its numbers were computed on truncated or fewer examples.
 *
 * @param examples the examples to accumulate
 * @param truncated examples whose context was cut to fit the window
 * @param skipped examples left out for not fitting it
 */
public record TokenizedExamples(List<TokenizedExample> examples, int truncated, int skipped) {
  public TokenizedExamples {
    examples = List.copyOf(examples);
  }
}
