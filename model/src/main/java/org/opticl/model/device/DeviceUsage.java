package org.opticl.model.device;

import java.util.ArrayList;
import java.util.List;

/**
 * The memory one device needs under a plan, split the way an operator reasons about it: weights
 * (fixed once loaded), activations (grow with batch × sequence), and the reserve no model code can
 * use (CUDA context, workspaces, allocator slack). Kept as separate numbers so a report can say
 * which knob to turn when a device overflows.
 *
 * @param device {@code "cpu"} or {@code "gpu:N"}
 * @param layers decoder layers on this device, ascending
 * @param embeddings whether the embeddings live here
 * @param head whether the final LayerNorm, project_out and lm_head live here
 * @param weightBytes parameters resident on this device
 * @param activationBytes peak activations and attention/logit buffers
 * @param reserveBytes CUDA context, workspaces and allocator slack ({@link MemoryPlanner})
 * @param capacityBytes what the device offers
 */
public record DeviceUsage(
    String device,
    List<Integer> layers,
    boolean embeddings,
    boolean head,
    long weightBytes,
    long activationBytes,
    long reserveBytes,
    long capacityBytes) {

  public DeviceUsage {
    layers = List.copyOf(layers);
  }

  public long totalBytes() {
    return weightBytes + activationBytes + reserveBytes;
  }

  public boolean fits() {
    return totalBytes() <= capacityBytes;
  }

  /** Bytes over capacity; 0 when the device fits. */
  public long overflowBytes() {
    return Math.max(0, totalBytes() - capacityBytes);
  }

  /** Whether anything at all is placed here (an unused device holds no CUDA context). */
  public boolean used() {
    return embeddings || head || !layers.isEmpty();
  }

  /** What lives here, e.g. {@code "embed,0-6,head"}, {@code "7-14"} or {@code "-"}. */
  public String placement() {
    List<String> parts = new ArrayList<>();
    if (embeddings) {
      parts.add("embed");
    }
    int i = 0;
    while (i < layers.size()) {
      int j = i;
      while (j + 1 < layers.size() && layers.get(j + 1) == layers.get(j) + 1) {
        j++;
      }
      parts.add(i == j ? "" + layers.get(i) : layers.get(i) + "-" + layers.get(j));
      i = j + 1;
    }
    if (head) {
      parts.add("head");
    }
    return parts.isEmpty() ? "-" : String.join(",", parts);
  }
}
