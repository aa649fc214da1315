package org.opticl.harness.scoring;

/**
 * Told how many of a batch of requests are scored so far, so that long evaluations can heartbeat (a
 * Temporal activity) or print progress without the model knowing which.
 */
@FunctionalInterface
public interface ProgressListener {
  /** Ignores progress. */
  ProgressListener NONE = (done, total) -> {};

  void progress(int done, int total);
}
