package org.opticl.model.opt;

import ai.djl.ndarray.NDArray;

/**
 * Sees each head's output (before {@code out_proj}) and the loss gradient with respect to it, after
 * a backward pass. Both arrays are (B,H,T,D) and live only for the duration of the call.
 */
@FunctionalInterface
public interface HeadOutputObserver {
  void onHeadOutput(int layer, NDArray output, NDArray gradient);
}
