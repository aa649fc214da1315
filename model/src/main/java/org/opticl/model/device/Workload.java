package org.opticl.model.device;

/**
 * What one forward pass processes, which sets the activation memory a plan must leave room for.
 * opticl scores whole sequences in one pass (log-likelihoods, never generation), so there is no KV
 * cache; keys and values exist only inside the layer being computed. With {@code headMaskGradients}
 * the pass keeps every layer's activations for a backward pass to the head mask (paper §1: head
 * importance); parameters never get gradients.
 *
 * @param batchSize B, sequences per forward pass
 * @param sequenceLength T, tokens per sequence (padded length)
 * @param headMaskGradients whether activations are kept for a backward pass to the head mask
 */
public record Workload(int batchSize, int sequenceLength, boolean headMaskGradients) {

  public Workload {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("workload: batch size " + batchSize + " must be > 0");
    }
    if (sequenceLength <= 0) {
      throw new IllegalArgumentException(
          "workload: sequence length " + sequenceLength + " must be > 0");
    }
  }

  /** Evaluation and knock-off runs: forward only. */
  public static Workload inference(int batchSize, int sequenceLength) {
    return new Workload(batchSize, sequenceLength, false);
  }

  /** Head importance: forward and backward to the head mask. */
  public static Workload headImportance(int batchSize, int sequenceLength) {
    return new Workload(batchSize, sequenceLength, true);
  }

  /** B·T, the token positions of one pass. */
  public long tokens() {
    return (long) batchSize * sequenceLength;
  }

  @Override
  public String toString() {
    return "batch "
        + batchSize
        + " × seq "
        + sequenceLength
        + (headMaskGradients ? ", gradients to the head mask" : ", inference");
  }
}
