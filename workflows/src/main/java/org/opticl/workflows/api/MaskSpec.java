package org.opticl.workflows.api;

import java.util.Optional;
import org.opticl.schema.ArtifactRef;

/**
 * How to choose the units an evaluation removes, by reference to rankings: the activity resolves
 * the actual heads and layers, and the evaluation's cache key depends on that resolved set only —
 * so "0% of heads" is the baseline and "(0% heads, b% FFNs)" is FFN pruning at b%.
 *
 * @param headImportance head importance whose global ascending ranking prunes {@code headPercent}
 * @param headPercent percentage of all heads to mask (integer floor of p·N/100)
 * @param ffnImportance FFN importance whose ranking prunes {@code ffnPercent}
 * @param ffnPercent percentage of FFN layers to remove
 * @param knockoutLayer one FFN layer to remove (-1: none), for the oracle knock-offs
 */
public record MaskSpec(
    Optional<ArtifactRef> headImportance,
    int headPercent,
    Optional<ArtifactRef> ffnImportance,
    int ffnPercent,
    int knockoutLayer) {

  public static MaskSpec none() {
    return new MaskSpec(Optional.empty(), 0, Optional.empty(), 0, -1);
  }

  public static MaskSpec knockout(int layer) {
    return new MaskSpec(Optional.empty(), 0, Optional.empty(), 0, layer);
  }

  public static MaskSpec heads(ArtifactRef importance, int percent) {
    return new MaskSpec(Optional.of(importance), percent, Optional.empty(), 0, -1);
  }

  public static MaskSpec ffns(ArtifactRef importance, int percent) {
    return new MaskSpec(Optional.empty(), 0, Optional.of(importance), percent, -1);
  }

  public static MaskSpec combined(ArtifactRef heads, int headPct, ArtifactRef ffns, int ffnPct) {
    return new MaskSpec(Optional.of(heads), headPct, Optional.of(ffns), ffnPct, -1);
  }

  /** For people: {@code heads 30% + FFNs 10%}, {@code FFN 12 off}, {@code none}. */
  public String describe() {
    if (knockoutLayer >= 0) {
      return "FFN " + knockoutLayer + " off";
    }
    StringBuilder s = new StringBuilder();
    if (headImportance.isPresent()) {
      s.append("heads ").append(headPercent).append('%');
    }
    if (ffnImportance.isPresent()) {
      s.append(s.length() > 0 ? " + " : "").append("FFNs ").append(ffnPercent).append('%');
    }
    return s.length() == 0 ? "none" : s.toString();
  }
}
