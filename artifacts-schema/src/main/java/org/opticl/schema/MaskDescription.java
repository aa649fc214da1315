package org.opticl.schema;

import java.util.List;

/**
 * Which units an evaluation removed, stated by content: the evaluation's cache key depends on this
 * list, not on how it was chosen, so "0% of heads" and the unmasked baseline are one evaluation.
 *
 * @param heads masked attention heads, sorted by (layer, head)
 * @param ffnLayers layers whose feed-forward network was knocked out, ascending
 * @param summary how the set was chosen, for people, e.g. {@code heads 30% by piqa/1-shot ranking}
 */
public record MaskDescription(List<HeadUnit> heads, List<Integer> ffnLayers, String summary) {

  public MaskDescription {
    heads = List.copyOf(Checks.present(heads, "MaskDescription.heads"));
    ffnLayers = List.copyOf(Checks.present(ffnLayers, "MaskDescription.ffnLayers"));
    Checks.present(summary, "MaskDescription.summary");
    for (Integer layer : ffnLayers) {
      Checks.nonNegative(layer, "MaskDescription.ffnLayers[]");
    }
  }

  /** The unmasked model. */
  public static MaskDescription none() {
    return new MaskDescription(List.of(), List.of(), "none");
  }

  /** Whether nothing is masked. */
  public boolean masksNothing() {
    return heads.isEmpty() && ffnLayers.isEmpty();
  }
}
