package org.opticl.model.induction;

/**
 * Prefix-matching and copying statistics [L][H] over a run's sequences, and where this session's
 * time went.
 */
public record InductionResult(
    int sequences, HeadStats prefixMatching, HeadStats copying, Timings timings) {

  /**
   * Seconds spent by this session (a resumed run counts only the sequences it ran itself).
   *
   * @param wall the whole run
   * @param forward prefix matching's forward passes, less the attention reductions within them
   * @param prefixReduction reducing each layer's attention map to per-head scores
   * @param copyingCircuit the copying score's direct path through each layer and the LM head
   * @param copyingCircuitBuild forming the per-layer OV circuits C = W_U·W_O the direct path uses
   * @param copyingReadout the copying score's read-out of those probabilities
   */
  public record Timings(
      double wall,
      double forward,
      double prefixReduction,
      double copyingCircuit,
      double copyingCircuitBuild,
      double copyingReadout) {

    /** Everything else: sequence generation, target masks, aggregation, callbacks. */
    public double other() {
      return wall
          - forward
          - prefixReduction
          - copyingCircuit
          - copyingCircuitBuild
          - copyingReadout;
    }

    /** The share of the wall time that is not the model's own computation. */
    public double outsideModelShare() {
      return wall <= 0 ? 0 : (wall - forward - copyingCircuit - copyingCircuitBuild) / wall;
    }
  }
}
