package org.opticl.activities;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.opticl.report.ReportData;
import org.opticl.schema.ArtifactRef;
import org.opticl.schema.Manifest;
import org.opticl.store.ArtifactStore;

/**
 * The manifests that committed a run's artifacts, found by the artifacts' digests. A run's results
 * name their artifacts, not the stage keys that made them, so this reads the store's manifests
 * once; the report takes each stage's provenance (when and how long it computed) and its other
 * outputs (the {@code .npy} beside a JSON result) from them.
 */
final class RunManifests {
  private final Map<String, Manifest> byOutput;

  private RunManifests(Map<String, Manifest> byOutput) {
    this.byOutput = byOutput;
  }

  /** The manifests among {@code store}'s that have one of {@code artifacts} as an output. */
  static RunManifests find(ArtifactStore store, Collection<ArtifactRef> artifacts) {
    Set<String> wanted =
        artifacts.stream().map(ArtifactRef::digest).collect(Collectors.toUnmodifiableSet());
    Map<String, Manifest> byOutput = new HashMap<>();
    for (var key : store.stageKeys()) {
      Optional<Manifest> m = store.lookup(key);
      if (m.isEmpty()) {
        continue; // invalidated or corrupt since the listing: not this run's
      }
      for (Manifest.Output o : m.get().outputs()) {
        if (wanted.contains(o.digest())) {
          byOutput.merge(o.digest(), m.get(), RunManifests::earlier);
        }
      }
    }
    return new RunManifests(byOutput);
  }

  /** Two stages with the same output (equal results): the one that computed it first. */
  private static Manifest earlier(Manifest a, Manifest b) {
    return a.provenance().startedAt().isAfter(b.provenance().startedAt()) ? b : a;
  }

  /** The manifest that committed {@code artifact}. */
  Optional<Manifest> of(ArtifactRef artifact) {
    return Optional.ofNullable(byOutput.get(artifact.digest()));
  }

  /**
   * When the run's results were computed (from the first computation to the end of the last; a
   * result reused from an earlier run counts when it was computed) and the compute time of each
   * stage, summed over its activities, stages in the order they first started.
   */
  ReportData.Timings timings() {
    Map<String, Manifest> distinct = new LinkedHashMap<>();
    byOutput.values().forEach(m -> distinct.putIfAbsent(m.key(), m));
    List<Manifest> all = new ArrayList<>(distinct.values());
    all.sort(Comparator.comparing(m -> m.provenance().startedAt()));
    Map<String, Long> perStage = new LinkedHashMap<>();
    Optional<Instant> start = Optional.empty();
    Optional<Instant> end = Optional.empty();
    for (Manifest m : all) {
      Instant s = m.provenance().startedAt();
      Instant e = s.plusMillis(m.provenance().durationMs());
      start = start.isEmpty() || s.isBefore(start.get()) ? Optional.of(s) : start;
      end = end.isEmpty() || e.isAfter(end.get()) ? Optional.of(e) : end;
      perStage.merge(m.stage(), m.provenance().durationMs(), Long::sum);
    }
    List<ReportData.StageTime> stages = new ArrayList<>();
    perStage.forEach(
        (stage, ms) -> stages.add(new ReportData.StageTime(stage, Duration.ofMillis(ms))));
    return new ReportData.Timings(start, end, stages);
  }
}
