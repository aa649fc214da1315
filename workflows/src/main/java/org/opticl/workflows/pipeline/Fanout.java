package org.opticl.workflows.pipeline;

import io.temporal.workflow.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs jobs with at most {@code max} in flight and returns their results in job order:
 * deterministic (workflow code), bounded so that a cell's 64 knock-offs do not swamp the GPU queue,
 * and fair across cells that share one pool of workers.
 */
final class Fanout {
  private Fanout() {}

  static <T> List<T> all(List<Supplier<Promise<T>>> jobs, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxParallel must be >= 1, got " + max);
    }
    List<Promise<T>> started = new ArrayList<>(jobs.size());
    List<Promise<T>> inFlight = new ArrayList<>();
    for (Supplier<Promise<T>> job : jobs) {
      while (inFlight.size() >= max) {
        Promise.anyOf(inFlight).get();
        inFlight.removeIf(Promise::isCompleted);
      }
      Promise<T> p = job.get();
      started.add(p);
      inFlight.add(p);
    }
    List<T> out = new ArrayList<>(started.size());
    for (Promise<T> p : started) {
      out.add(p.get());
    }
    return out;
  }
}
