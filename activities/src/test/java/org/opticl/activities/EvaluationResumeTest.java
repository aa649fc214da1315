package org.opticl.activities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opticl.schema.ArtifactRef;
import org.opticl.schema.EvalResult;
import org.opticl.schema.json.CanonicalJson;
import org.opticl.store.ArtifactStore;
import org.opticl.store.LocalArtifactStore;
import org.opticl.workflows.api.EvalOutcome;
import org.opticl.workflows.api.EvalRequest;
import org.opticl.workflows.api.EvalSpec;
import org.opticl.workflows.api.MaskSpec;
import org.opticl.workflows.api.ModelRef;
import org.opticl.workflows.api.TaskRef;

/**
 * An evaluation whose worker dies while a chunk is being scored resumes from the last stored chunk
 * (Temporal keeps only the latest heartbeat, so every beat must carry it) and gives the result of
 * an uninterrupted run; a forced recomputation that dies loses nothing. Every beat is seen here:
 * the activity's code runs with {@link Heartbeats#to}, and a worker's death is an exception thrown
 * from a beat.
 */
class EvaluationResumeTest {
  private static final EvalRequest REQUEST =
      new EvalRequest(
          new EvalSpec(
              new ModelRef("builtin:random-tiny", "", "float32"),
              new TaskRef("synthetic_induction", "", "PARITY"),
              1,
              1234,
              40),
          MaskSpec.none(),
          "baseline");

  /** Thrown from a heartbeat: the worker died at that moment. */
  private static final class WorkerDied extends RuntimeException {
    WorkerDied() {
      super("worker died");
    }
  }

  @Test
  void aWorkerKilledMidChunkResumesFromTheLastStoredChunk(@TempDir Path dir) {
    ModelCatalog models = new ModelCatalog(dir.resolve("models"));
    EvalResult uninterrupted;
    try (ArtifactStore store = new LocalArtifactStore(dir.resolve("a"), c -> {})) {
      uninterrupted = read(store, run(store, models, Optional.empty(), new ArrayList<>(), -1));
    }

    try (ArtifactStore store = new LocalArtifactStore(dir.resolve("b"), c -> {})) {
      // 40 documents in chunks of 16. The first attempt dies at the first beat inside chunk 2:
      // the beat after the one that stored chunk 1.
      List<EvalCheckpoint> beats = new ArrayList<>();
      assertThrows(WorkerDied.class, () -> run(store, models, Optional.empty(), beats, 16));
      EvalCheckpoint last = beats.get(beats.size() - 1);
      assertEquals(16, beats.get(beats.size() - 2).docsDone());
      assertEquals(16, last.docsDone(), "a beat inside chunk 2 names the stored chunk 1");
      assertEquals(40, last.docsTotal());
      assertTrue(last.partial().isPresent(), "and carries its stored results");

      // The next attempt, on a fresh worker, gets the first attempt's last heartbeat.
      List<EvalCheckpoint> resumed = new ArrayList<>();
      EvalResult result = read(store, run(store, models, Optional.of(last), resumed, -1));
      assertFalse(resumed.isEmpty());
      assertTrue(
          resumed.stream().allMatch(b -> b.docsDone() >= 16),
          "no document before the checkpoint is scored again: " + resumed);
      assertEquals(uninterrupted.metrics(), result.metrics());
      assertEquals(uninterrupted.docCount(), result.docCount());
    }
  }

  @Test
  void aCheckpointOfAnotherEvaluationIsIgnored(@TempDir Path dir) {
    ModelCatalog models = new ModelCatalog(dir.resolve("models"));
    try (ArtifactStore store = new LocalArtifactStore(dir.resolve("s"), c -> {})) {
      ArtifactRef empty = store.put(CanonicalJson.bytes(List.of()), ArtifactRef.JSON);
      EvalCheckpoint foreign =
          new EvalCheckpoint("evaluation/" + "0".repeat(64), 16, 40, Optional.of(empty));
      List<EvalCheckpoint> beats = new ArrayList<>();
      run(store, models, Optional.of(foreign), beats, -1);
      assertEquals(0, beats.get(0).docsDone(), "started from the first document");
    }
  }

  @Test
  void aForcedRecomputationThatFailsKeepsTheEarlierResult(@TempDir Path dir) {
    ModelCatalog models = new ModelCatalog(dir.resolve("models"));
    CachePolicy force = new CachePolicy(Set.of("evaluation"));
    try (ArtifactStore store = new LocalArtifactStore(dir.resolve("s"), c -> {})) {
      EvalOutcome first = run(store, models, CachePolicy.REUSE_ALL, Optional.empty(), -1);
      assertFalse(first.cached());

      assertThrows(WorkerDied.class, () -> run(store, models, force, Optional.empty(), 0));
      EvalOutcome after = run(store, models, CachePolicy.REUSE_ALL, Optional.empty(), -1);
      assertTrue(after.cached(), "the earlier result survives a failed forced recomputation");
      assertEquals(first.result(), after.result());

      EvalOutcome forced = run(store, models, force, Optional.empty(), -1);
      assertFalse(forced.cached(), "forced: computed again");
      assertTrue(run(store, models, CachePolicy.REUSE_ALL, Optional.empty(), -1).cached());
    }
  }

  @Test
  void checkpointCountsAreChecked() {
    assertThrows(
        IllegalArgumentException.class, () -> new EvalCheckpoint("k", 41, 40, Optional.empty()));
    assertThrows(
        IllegalArgumentException.class, () -> new EvalCheckpoint("k", -1, 40, Optional.empty()));
  }

  /**
   * One attempt on a fresh worker; it dies at the second beat with at least {@code dieFrom}
   * documents done ({@code -1}: never).
   */
  private static EvalOutcome run(
      ArtifactStore store,
      ModelCatalog models,
      Optional<EvalCheckpoint> earlier,
      List<EvalCheckpoint> beats,
      int dieFrom) {
    return run(store, models, CachePolicy.REUSE_ALL, earlier, beats, dieFrom);
  }

  private static EvalOutcome run(
      ArtifactStore store,
      ModelCatalog models,
      CachePolicy policy,
      Optional<EvalCheckpoint> earlier,
      int dieFrom) {
    return run(store, models, policy, earlier, new ArrayList<>(), dieFrom);
  }

  private static EvalOutcome run(
      ArtifactStore store,
      ModelCatalog models,
      CachePolicy policy,
      Optional<EvalCheckpoint> earlier,
      List<EvalCheckpoint> beats,
      int dieFrom) {
    try (ResidentModel resident = new ResidentModel()) {
      ModelActivitiesImpl worker =
          new ModelActivitiesImpl(store, models, new TaskCatalog(), resident, policy);
      Heartbeats hb =
          Heartbeats.to(
              details -> {
                EvalCheckpoint b = (EvalCheckpoint) details;
                beats.add(b);
                if (dieFrom >= 0
                    && beats.stream().filter(x -> x.docsDone() >= dieFrom).count() == 2) {
                  throw new WorkerDied();
                }
              },
              earlier.map(e -> e));
      return worker.evaluate(REQUEST, hb);
    }
  }

  private static EvalResult read(ArtifactStore store, EvalOutcome o) {
    return CanonicalJson.read(store.get(o.result()).orElseThrow(), EvalResult.class);
  }
}
