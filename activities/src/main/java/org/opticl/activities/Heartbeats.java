package org.opticl.activities;

import io.temporal.activity.Activity;
import java.util.Map;
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
  private Object lastSent;

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
    lastSent = details;
    sink.accept(details);
  }

  /**
   * A heartbeat that changes nothing, for an activity that waits (for the worker's model, say): the
   * details this attempt sent last, else the earlier attempt's, so that a checkpoint is never
   * replaced by a placeholder; {@link Waiting} only when there is neither.
   */
  void keepAlive() {
    if (lastSent != null) {
      sink.accept(lastSent);
      return;
    }
    sink.accept(earlier.details(Object.class).orElse(Waiting.INSTANCE));
  }

  /** The details of a heartbeat sent while waiting, before any progress. */
  record Waiting(boolean waiting) {
    static final Waiting INSTANCE = new Waiting(true);
  }

  /**
   * The details of the last heartbeat of an earlier attempt: where to resume. Empty when there are
   * none, or when they are not a {@code type} (the earlier attempt was still waiting).
   */
  <T> Optional<T> resume(Class<T> type) {
    try {
      Optional<Object> raw = earlier.details(Object.class);
      boolean waited =
          raw.isPresent()
              && (raw.get() instanceof Waiting
                  || raw.get() instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("waiting"));
      return raw.isEmpty() || waited ? Optional.empty() : earlier.details(type);
    } catch (RuntimeException notAType) {
      return Optional.empty();
    }
  }
}
