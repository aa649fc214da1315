package org.opticl.app.durability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.BooleanSupplier;
import org.opticl.activities.ImportanceProgress;
import org.opticl.measure.importance.ImportanceCheckpoint;
import org.opticl.measure.importance.ImportanceOptions;
import org.opticl.schema.ArtifactRef;
import org.opticl.schema.Manifest;
import org.opticl.schema.Provenance;
import org.opticl.schema.key.StageKey;
import org.opticl.store.ArtifactStore;

/**
 * Losing a model worker in the middle of head importance, and checking what the pipeline made of
 * it: the kill, and afterwards the evidence that the retry resumed from the dead attempt's
 * checkpoint on another worker.
 */
final class WorkerLoss {
  /** Longest the test waits for head importance to be running with a stored checkpoint. */
  private static final Duration UNTIL_CHECKPOINTED = Duration.ofSeconds(120);

  /** SIGKILL as an exit status: 128 + 9. */
  static final int KILLED = 137;

  private WorkerLoss() {}

  /**
   * What the kill left behind.
   *
   * @param victim the killed worker
   * @param exitStatus its exit status
   * @param attempt the attempt that died with it
   * @param lastHeartbeat that attempt's last heartbeat as the server holds it once the worker is
   *     dead: what the retry is handed to resume from
   */
  record Interruption(
      ChildJvm victim, int exitStatus, int attempt, ImportanceProgress lastHeartbeat) {}

  /**
   * Waits until head importance runs on one of {@code gpuWorkers} and has heartbeated a stored
   * checkpoint with examples still to go, then kills that worker with SIGKILL.
   *
   * @param runActive false once the run has ended (then the wait fails at once)
   */
  static Interruption killDuringHeadImportance(
      HeadImportanceWatch watch, List<ChildJvm> gpuWorkers, BooleanSupplier runActive)
      throws InterruptedException {
    HeadImportanceWatch.Observation running =
        watch.awaitState(
            o ->
                o.started()
                    && o.progress().flatMap(ImportanceProgress::checkpoint).isPresent()
                    && o.done() < o.progress().get().total() - 2
                    && gpuWorkers.stream().anyMatch(w -> w.isAlive() && w.pid() == o.workerPid()),
            UNTIL_CHECKPOINTED,
            runActive);
    ChildJvm victim =
        gpuWorkers.stream()
            .filter(w -> w.pid() == running.workerPid())
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "head importance runs on " + running.worker() + ", not on " + gpuWorkers));
    int status = victim.kill();
    // The dead worker sends nothing more, and no other worker can hold the retry before the
    // heartbeat timeout has passed, so the details now are the dead attempt's last ones.
    ImportanceProgress last =
        watch
            .now()
            .flatMap(HeadImportanceWatch.Observation::progress)
            .orElseThrow(() -> new AssertionError("head importance finished despite the kill"));
    System.out.printf(
        "durability: killed %s (exit %d) with head importance at %d/%d, attempt %d%n",
        victim, status, last.done(), last.total(), running.attempt());
    return new Interruption(victim, status, running.attempt(), last);
  }

  /**
   * Asserts that the committed head importance was computed by a later attempt on {@code resumer},
   * starting from the checkpoint the killed attempt had heartbeated: the retry stored a checkpoint
   * one batch past it (an attempt that started over would have stored its first checkpoint one
   * batch past zero), and no heartbeat of a later attempt (details other than those the killed
   * attempt left) reported a position at or before it. Prints how many examples the resuming
   * attempt processed, of the total.
   */
  static void assertResumedFromCheckpoint(
      ArtifactStore store, Interruption kill, ChildJvm resumer, HeadImportanceWatch watch) {
    ArtifactRef ref = kill.lastHeartbeat().checkpoint().orElseThrow();
    ImportanceCheckpoint checkpoint = StoredCheckpoints.read(store, ref);
    int k = checkpoint.nextExample();
    int n = checkpoint.totalExamples();
    assertTrue(k >= 1 && k < n - 1, "the kill's checkpoint is not mid-way: " + checkpoint);

    StageKey key =
        store.stageKeys().stream()
            .filter(s -> s.stage().equals("head-importance"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no head importance in " + store.location()));
    Manifest manifest = store.lookup(key).orElseThrow();
    Provenance p = manifest.provenance();
    assertTrue(
        p.attempt() > kill.attempt(),
        "head importance was committed by attempt " + p.attempt() + ", not by a retry");
    assertTrue(
        p.worker().startsWith(resumer.pid() + "@"),
        "head importance was committed by " + p.worker() + ", expected " + resumer);

    int batch = ImportanceOptions.DEFAULT.batchSize();
    SortedSet<Integer> positions =
        StoredCheckpoints.positions(store, checkpoint.inputDigest(), ref.size());
    assertTrue(
        positions.contains(k + batch),
        "no stored checkpoint at example "
            + (k + batch)
            + ", one batch past the kill's checkpoint "
            + k
            + "; stored checkpoints: "
            + positions);
    List<HeadImportanceWatch.Observation> later =
        watch.seen().stream()
            .filter(
                o ->
                    o.attempt() > kill.attempt()
                        && !o.progress().equals(Optional.of(kill.lastHeartbeat())))
            .toList();
    assertTrue(
        later.stream().allMatch(o -> o.done() > k),
        "a later attempt reported a position at or before the checkpoint " + k + ": " + later);
    System.out.printf(
        "durability: attempt %d on %s resumed at example %d of %d (the killed attempt had reached"
            + " %d), so it processed %d examples instead of %d; stored checkpoints at %s%n",
        p.attempt(), resumer, k, n, kill.lastHeartbeat().done(), n - k, n, positions);
  }
}
