package org.opticl.activities;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.opticl.schema.Provenance;

/** Provenance of the computation in progress: the Temporal activity when there is one. */
final class Provenances {
  static final String CODE_VERSION =
      Optional.ofNullable(Provenances.class.getPackage().getImplementationVersion())
          .orElse("0.1.0-SNAPSHOT");
  private static final String WORKER = ManagementFactory.getRuntimeMXBean().getName();

  private Provenances() {}

  static Provenance since(Instant start, List<String> devices) {
    long ms = Duration.between(start, Instant.now()).toMillis();
    try {
      ActivityInfo info = Activity.getExecutionContext().getInfo();
      return new Provenance(
          CODE_VERSION,
          Optional.of(info.getWorkflowId()),
          Optional.of(info.getRunId()),
          Optional.of(info.getActivityId()),
          // Temporal counts attempts from 1; its TestActivityEnvironment reports 0.
          Math.max(1, info.getAttempt()),
          WORKER,
          devices,
          start,
          ms);
    } catch (IllegalStateException notInAnActivity) {
      return Provenance.local(CODE_VERSION, WORKER, devices, start, ms);
    }
  }
}
