package org.opticl.model.induction;

import java.util.EnumMap;
import java.util.Map;

/**
 * Wall time per stage of an induction run, so that a benchmark can say how much of it the model's
 * own computation takes. Engine operations on the CPU are synchronous, so the split is exact there;
 * on a GPU a stage ends at its next host transfer and the split is approximate.
 */
final class StageClock {
  enum Stage {
    /** Prefix matching: the model's forward passes, less the attention reductions inside them. */
    FORWARD,
    /** Prefix matching: the per-layer reductions of the attention maps, inside the passes. */
    PREFIX_REDUCTION,
    /**
     * Copying: the direct path through each layer (LayerNorm, attention, OV circuit through the LM
     * head, softmax over the vocabulary) — the model's computation on the embeddings.
     */
    COPYING_CIRCUIT,
    /**
     * Copying: forming each layer's OV-through-LM-head circuit, once per run while the cache holds
     * them (model computation, reported apart because it does not scale with sequences).
     */
    COPYING_CIRCUIT_BUILD,
    /** Copying: the score's read-out (attendable tokens, ReLU, argmax, ratio). */
    COPYING_READOUT
  }

  private final Map<Stage, Long> nanos = new EnumMap<>(Stage.class);

  void add(Stage stage, long elapsedNanos) {
    nanos.merge(stage, elapsedNanos, Long::sum);
  }

  /** Charges the time since {@code startNanos} to {@code stage}; returns now. */
  long lap(Stage stage, long startNanos) {
    long now = System.nanoTime();
    add(stage, now - startNanos);
    return now;
  }

  double seconds(Stage stage) {
    return nanos.getOrDefault(stage, 0L) / 1e9;
  }
}
