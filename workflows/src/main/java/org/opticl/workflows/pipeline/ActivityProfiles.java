package org.opticl.workflows.pipeline;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import org.opticl.workflows.TaskQueues;

/** Activity options per kind of work, with the reason for each value. */
final class ActivityProfiles {
  /** The failure type activities use for bad input: retrying cannot fix it. */
  static final String BAD_INPUT = "BadInput";

  private ActivityProfiles() {}

  /**
   * Model activities. StartToClose is a day because one OPT-66B evaluation of a large task takes
   * hours; the heartbeat timeout is what notices a dead worker (seconds to minutes, from the run's
   * options), and the retry resumes from the last heartbeat's checkpoint. Retries back off to a
   * minute and never end on their own: a preempted GPU worker is the normal case at scale, and a
   * run must outlive it. Cancellation waits for the activity to stop, so that the next model stage
   * never starts while the previous one still holds the GPU.
   */
  static ActivityOptions model(int heartbeatSeconds, String summary) {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.GPU)
        .setStartToCloseTimeout(Duration.ofHours(24))
        .setHeartbeatTimeout(Duration.ofSeconds(heartbeatSeconds))
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2)
                .setMaximumInterval(Duration.ofMinutes(1))
                .setDoNotRetry(BAD_INPUT)
                .build())
        .setSummary(summary)
        .build();
  }

  /**
   * CPU activities read stored artifacts and write small ones: minutes at most even for the full
   * paper grid (plots of 42 cells), so a 30-minute bound and a few retries for transient storage
   * errors.
   */
  static ActivityOptions cpu(String summary) {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.CPU)
        .setStartToCloseTimeout(Duration.ofMinutes(30))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2)
                .setMaximumInterval(Duration.ofSeconds(30))
                .setMaximumAttempts(10)
                .setDoNotRetry(BAD_INPUT)
                .build())
        .setSummary(summary)
        .build();
  }
}
