package org.opticl.activities;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.opticl.schema.Provenance;

/** Provenance of the computation in progress: the Temporal activity when there is one. */
final class Provenances {
  /**
   * {@code <version>+<commit>} ({@code .dirty} with uncommitted changes), from the {@code
   * git.properties} the build writes; the version alone when built outside a git checkout.
   */
  static final String CODE_VERSION = codeVersion();

  private static String codeVersion() {
    String version =
        Optional.ofNullable(Provenances.class.getPackage().getImplementationVersion())
            .orElse("0.1.0-SNAPSHOT");
    Properties git = new Properties();
    try (InputStream in = Provenances.class.getResourceAsStream("git.properties")) {
      if (in != null) {
        git.load(in);
      }
    } catch (IOException unreadable) {
      return version;
    }
    String commit = git.getProperty("git.commit.id.abbrev", "");
    if (commit.isBlank()) {
      return version;
    }
    return version + "+" + commit + ("true".equals(git.getProperty("git.dirty")) ? ".dirty" : "");
  }

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
