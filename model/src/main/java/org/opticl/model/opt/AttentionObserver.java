package org.opticl.model.opt;

import ai.djl.ndarray.NDArray;

/**
 * Sees one layer's attention probabilities during a forward pass. The array is (B,H,T,T) and lives
 * only for the duration of the call: reduce it there (the induction-head scores do), never keep it.
 */
@FunctionalInterface
public interface AttentionObserver {
  void onAttention(int layer, NDArray probabilities);
}
