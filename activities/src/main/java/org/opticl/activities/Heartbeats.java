package org.opticl.activities;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.util.Optional;

/**
 * Heartbeats when running inside a Temporal activity, and nothing otherwise (the {@code opticl
 * stage} command runs the same code without Temporal). A heartbeat also delivers cancellation: it
 * throws when the workflow cancelled the activity.
 */
final class Heartbeats {
  private final Optional<ActivityExecutionContext> ctx;

  private Heartbeats(Optional<ActivityExecutionContext> ctx) {
    this.ctx = ctx;
  }

  static Heartbeats current() {
    try {
      return new Heartbeats(Optional.of(Activity.getExecutionContext()));
    } catch (IllegalStateException notInAnActivity) {
      return new Heartbeats(Optional.empty());
    }
  }

  void beat(Object details) {
    ctx.ifPresent(c -> c.heartbeat(details));
  }

  /** The details of the last heartbeat of an earlier attempt: where to resume. */
  <T> Optional<T> resume(Class<T> type) {
    return ctx.flatMap(c -> c.getHeartbeatDetails(type));
  }
}
