package org.opticl.schema;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who produced a stage result, where and when: for audits and debugging only. None of it enters a
 * key, so two runs that differ only here share their cached results.
 *
 * @param codeVersion opticl's version or git revision
 * @param workflowId the Temporal workflow, when run under one
 * @param runId the Temporal run
 * @param activityId the Temporal activity
 * @param attempt activity attempt, from 1
 * @param worker worker identity (host and process)
 * @param devices devices used, e.g. {@code ["cuda:0"]}
 * @param startedAt when the computation started
 * @param durationMs how long it took
 */
public record Provenance(
    String codeVersion,
    Optional<String> workflowId,
    Optional<String> runId,
    Optional<String> activityId,
    int attempt,
    String worker,
    List<String> devices,
    Instant startedAt,
    long durationMs) {

  public Provenance {
    Checks.nonBlank(codeVersion, "Provenance.codeVersion");
    workflowId = workflowId == null ? Optional.empty() : workflowId;
    runId = runId == null ? Optional.empty() : runId;
    activityId = activityId == null ? Optional.empty() : activityId;
    if (attempt < 1) {
      throw new IllegalArgumentException("Provenance.attempt counts from 1, got " + attempt);
    }
    Checks.nonBlank(worker, "Provenance.worker");
    devices = List.copyOf(Checks.present(devices, "Provenance.devices"));
    Checks.present(startedAt, "Provenance.startedAt");
    if (durationMs < 0) {
      throw new IllegalArgumentException("Provenance.durationMs must be >= 0, got " + durationMs);
    }
  }

  /** Provenance of work done outside Temporal (CLI, tests). */
  public static Provenance local(
      String codeVersion, String worker, List<String> devices, Instant startedAt, long durationMs) {
    return new Provenance(
        codeVersion,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        1,
        worker,
        devices,
        startedAt,
        durationMs);
  }
}
