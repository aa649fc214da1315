package org.opticl.measure;

/**
 * Receives a long computation's progress together with the checkpoint to resume from at that point,
 * so that a durable activity can heartbeat both at once and a worker that dies loses at most one
 * unit of work. {@link #within} reports finer progress inside the unit in flight (requests scored
 * in one evaluation) and carries no checkpoint, because nothing inside a unit can be resumed.
 *
 * @param <C> the computation's checkpoint type
 */
@FunctionalInterface
public interface Progress<C> {
  /**
   * Called after each completed unit (a batch of examples, an evaluation).
   *
   * @param done units completed so far, including those of a resumed checkpoint
   * @param total units in the whole computation
   * @param checkpoint resuming from it continues right after this unit
   */
  void completed(int done, int total, C checkpoint);

  /** Progress inside the unit in flight; ignored unless overridden. */
  default void within(int done, int total) {}

  /** A listener that ignores everything. */
  static <C> Progress<C> none() {
    return (done, total, checkpoint) -> {};
  }
}
