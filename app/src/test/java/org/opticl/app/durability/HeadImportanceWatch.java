package org.opticl.app.durability;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.opticl.activities.ImportanceProgress;

/**
 * Watches one cell's head-importance activity from outside, through the Temporal server ({@code
 * DescribeWorkflowExecution} of the cell workflow): which attempt is running, on which worker, and
 * what its last heartbeat said — examples done of the total, and the stored checkpoint a retry
 * would resume from. This is what tells the test when a kill lands inside the activity, and what
 * the retry was handed.
 */
final class HeadImportanceWatch {
  /** The activity's type name ({@code ModelActivities.headImportance}). */
  static final String ACTIVITY_TYPE = "HeadImportance";

  private static final Duration POLL = Duration.ofMillis(100);

  private final WorkflowServiceStubs service;
  private final String cellWorkflowId;
  private final List<Observation> seen = new ArrayList<>();

  /**
   * One look at the pending activity. The details outlive their attempt (they are what a retry is
   * handed), so after a retry they are the dead attempt's until the new one heartbeats; the test
   * server also keeps reporting the previous attempt's worker and start time until a worker takes
   * the retry, so only a change of details tells that a new attempt has heartbeated.
   *
   * @param attempt the attempt the server is on (1 for the first)
   * @param started whether the server counts the activity as started
   * @param worker identity of the worker that last took the activity ({@code pid@host})
   * @param progress the last heartbeat's details, from this attempt or an earlier one
   */
  record Observation(
      int attempt, boolean started, String worker, Optional<ImportanceProgress> progress) {

    /** The process id in the worker identity ({@code pid@host}, the SDK's default), or -1. */
    long workerPid() {
      int at = worker.indexOf('@');
      try {
        return at > 0 ? Long.parseLong(worker.substring(0, at)) : -1;
      } catch (NumberFormatException notDefaultIdentity) {
        return -1;
      }
    }

    int done() {
      return progress.map(ImportanceProgress::done).orElse(0);
    }

    @Override
    public String toString() {
      return "attempt "
          + attempt
          + (started ? " started" : " scheduled")
          + " (last worker "
          + worker
          + ")"
          + progress
              .map(
                  p ->
                      ", last heartbeat "
                          + p.done()
                          + "/"
                          + p.total()
                          + (p.checkpoint().isPresent() ? " with a checkpoint" : ""))
              .orElse(", no heartbeat yet");
    }
  }

  HeadImportanceWatch(WorkflowServiceStubs service, String cellWorkflowId) {
    this.service = service;
    this.cellWorkflowId = cellWorkflowId;
  }

  /** The activity as it is now; empty before the cell starts it and after it completed. */
  Optional<Observation> now() {
    List<PendingActivityInfo> pending;
    try {
      pending =
          service
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace("default")
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(cellWorkflowId))
                      .build())
              .getPendingActivitiesList();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty(); // the cell workflow has not started yet
      }
      throw e;
    }
    Optional<Observation> o =
        pending.stream()
            .filter(a -> a.getActivityType().getName().equals(ACTIVITY_TYPE))
            .findFirst()
            .map(HeadImportanceWatch::observation);
    o.ifPresent(this::record);
    return o;
  }

  /**
   * Polls until the activity is seen in a state {@code condition} accepts, failing after {@code
   * limit}, or as soon as {@code stillPossible} turns false (say, the run finished first).
   */
  Observation awaitState(
      Predicate<Observation> condition, Duration limit, BooleanSupplier stillPossible)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      Optional<Observation> o = now();
      if (o.isPresent() && condition.test(o.get())) {
        return o.get();
      }
      if (!stillPossible.getAsBoolean()) {
        throw new AssertionError(
            "head importance never reached the awaited state; last seen: " + last());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "head importance did not reach the awaited state within "
                + limit
                + "; last seen: "
                + last());
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** Polls until the activity is no longer pending (it completed), failing after {@code limit}. */
  void awaitCompletion(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (now().isPresent()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "head importance still pending after " + limit + "; last seen: " + last());
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** Everything seen so far, in order (consecutive duplicates collapsed). */
  List<Observation> seen() {
    return List.copyOf(seen);
  }

  private String last() {
    return seen.isEmpty() ? "nothing" : seen.get(seen.size() - 1).toString();
  }

  private void record(Observation o) {
    if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(o)) {
      seen.add(o);
    }
  }

  private static Observation observation(PendingActivityInfo a) {
    Optional<ImportanceProgress> progress =
        a.hasHeartbeatDetails() && a.getHeartbeatDetails().getPayloadsCount() > 0
            ? Optional.of(
                DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(
                    0,
                    Optional.of(a.getHeartbeatDetails()),
                    ImportanceProgress.class,
                    ImportanceProgress.class))
            : Optional.empty();
    boolean started = a.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;
    return new Observation(
        Math.max(1, a.getAttempt()), started, a.getLastWorkerIdentity(), progress);
  }
}
