package org.opticl.activities;

import io.temporal.activity.Activity;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Heartbeats when running inside a Temporal activity, and nothing otherwise (the {@code opticl
 * stage} command runs the same code without Temporal). A heartbeat also delivers cancellation: it
 * throws when the workflow cancelled the activity.
 */
final class Heartbeats {
  /** Where the details of an earlier attempt's last heartbeat come from. */
  private interface Earlier {
    <T> Optional<T> details(Class<T> type);
  }

  private final Consumer<Object> sink;
  private final Earlier earlier;

  private Heartbeats(Consumer<Object> sink, Earlier earlier) {
    this.sink = sink;
    this.earlier = earlier;
  }

  static Heartbeats current() {
    try {
      var ctx = Activity.getExecutionContext();
      return new Heartbeats(ctx::heartbeat, ctx::getHeartbeatDetails);
    } catch (IllegalStateException notInAnActivity) {
      return new Heartbeats(details -> {}, Heartbeats::none);
    }
  }

  /**
   * Every beat to {@code sink}, unthrottled (Temporal sends only some of them), resuming from
   * {@code earlier}: an activity's code run with a worker's death under the caller's control.
   */
  static Heartbeats to(Consumer<Object> sink, Optional<Object> earlier) {
    return new Heartbeats(
        sink,
        new Earlier() {
          @Override
          public <T> Optional<T> details(Class<T> type) {
            return earlier.filter(type::isInstance).map(type::cast);
          }
        });
  }

  private static <T> Optional<T> none(Class<T> type) {
    return Optional.empty();
  }

  void beat(Object details) {
    sink.accept(details);
  }

  /** The details of the last heartbeat of an earlier attempt: where to resume. */
  <T> Optional<T> resume(Class<T> type) {
    return earlier.details(type);
  }
}
