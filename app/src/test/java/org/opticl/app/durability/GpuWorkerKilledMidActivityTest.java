package org.opticl.app.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opticl.store.ArtifactStore;
import org.opticl.store.ArtifactStores;
import org.opticl.store.CorruptionListener;
import org.opticl.workflows.api.RunResult;

/**
 * Durability across processes (issue "The durable pipeline"): Temporal's test server in its own
 * JVM, an orchestrator + CPU worker in another, a model (GPU-queue) worker in a third; the model
 * worker is killed with SIGKILL in the middle of head importance, the run's longest model activity;
 * a fresh worker process takes the retry and resumes from the checkpoint the dead one heartbeated;
 * the run completes, and its store holds exactly the results of an uninterrupted run.
 *
 * <p>How it is set up, and why:
 *
 * <ul>
 *   <li>The spec is {@code durability/spec.yaml} ({@code builtin:random-tiny}, one cell, 100
 *       importance examples, heartbeat timeout 3 s) with a local store next to it. The reference
 *       run is {@code opticl run} of the very same file, in one JVM; its store is then moved aside,
 *       so that the interrupted run writes to the same path. Byte-identical specs matter: the
 *       stored run spec records the execution section (the store's path among it), and the report's
 *       key includes the stored spec, so any other arrangement would make the report differ for
 *       reasons that have nothing to do with durability.
 *   <li>The kill is timed from outside, through the Temporal server: the test polls the cell
 *       workflow's pending head-importance activity until its current attempt has heartbeated a
 *       stored checkpoint with examples left, then kills the worker whose identity ({@code
 *       pid@host}) the server reports, and checks the exit status is 137 (SIGKILL).
 *   <li>The fresh worker is started only after the kill, so nothing but the server's heartbeat
 *       timeout and retry can bring the activity back.
 *   <li>Identical artifacts: the same committed stage keys in both stores, and the same output
 *       digests in every manifest (provenance aside, which records the retry).
 *   <li>Resumption, not restart: the committing attempt is a later one, on the fresh worker; a
 *       checkpoint one batch past the killed attempt's checkpoint was stored (only an attempt that
 *       started there stores it); no heartbeat of the retry reported a position at or before it.
 * </ul>
 *
 * <p>Every child's log stays under {@code target/durability/worker-killed/logs/}.
 */
@Tag("durability")
@Tag("multi-process")
class GpuWorkerKilledMidActivityTest {
  private MultiProcessPipeline pipeline;

  @BeforeAll
  static void buildModelOnce() {
    MultiProcessPipeline.prepareModel();
  }

  @AfterEach
  void stopEveryProcess() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void freshWorkerResumesKilledHeadImportanceAndTheRunMatchesAnUninterruptedOne() throws Exception {
    pipeline = MultiProcessPipeline.create("worker-killed");
    Path spec = pipeline.writeSpec("store");
    Path store = pipeline.work().resolve("store");

    pipeline.runEmbedded(spec, Map.of());
    StoreSnapshot reference;
    try (ArtifactStore s = open(store)) {
      reference = StoreSnapshot.of(s);
    }
    Files.move(store, pipeline.work().resolve("reference-store"));

    try (TemporalServerProcess temporal = TemporalServerProcess.start(pipeline.jvms())) {
      String address = temporal.address();
      ChildJvm orchestrator =
          pipeline.worker(
              "worker-orchestrator-cpu", "orchestrator,cpu", address, store.toString(), Map.of());
      ChildJvm gpu = pipeline.worker("worker-gpu", "gpu", address, store.toString(), Map.of());
      String runId = pipeline.start(spec, address, Map.of());
      MultiProcessPipeline.awaitServing(orchestrator, gpu);
      CompletableFuture<RunResult> result =
          temporal.client().newUntypedWorkflowStub(runId).getResultAsync(RunResult.class);
      HeadImportanceWatch watch =
          new HeadImportanceWatch(temporal.service(), MultiProcessPipeline.cellWorkflowId(runId));

      WorkerLoss.Interruption kill =
          WorkerLoss.killDuringHeadImportance(watch, List.of(gpu), () -> !result.isDone());
      assertEquals(WorkerLoss.KILLED, kill.exitStatus(), "the worker was not killed by SIGKILL");

      ChildJvm fresh =
          pipeline.worker("worker-gpu-fresh", "gpu", address, store.toString(), Map.of());
      MultiProcessPipeline.awaitServing(fresh);
      watch.awaitCompletion(MultiProcessPipeline.RUN_LIMIT);
      RunResult done = result.get(MultiProcessPipeline.RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
      assertTrue(done.computed() > 0, "the interrupted run computed nothing: " + done);

      try (ArtifactStore s = open(store)) {
        WorkerLoss.assertResumedFromCheckpoint(s, kill, fresh, watch);
        StoreSnapshot interrupted = StoreSnapshot.of(s);
        assertEquals(
            "",
            interrupted.differencesFrom(reference),
            "the interrupted run's results differ from the uninterrupted run's");
        assertExpectedStages(interrupted);
      }
      String status = pipeline.status(runId, address);
      assertTrue(
          status.contains("run " + runId + ": done"), () -> "opticl status says:\n" + status);
    }
  }

  /** Every kind of stage the spec asks for was committed, so the comparison covered them all. */
  static void assertExpectedStages(StoreSnapshot s) {
    Map<String, Integer> counts = s.countByStage();
    for (String stage :
        List.of(
            "run-spec",
            "head-importance",
            "ffn-importance",
            "aggregate-importance",
            "induction-scores",
            "cell-record",
            "analysis",
            "report")) {
      assertEquals(1, counts.getOrDefault(stage, 0), () -> stage + " results: " + counts);
    }
    // Baseline, 2 FFN knock-offs, head 50%, combined (50, 50), cross-task 30%. FFN 50% of the two
    // layers masks one FFN, the same mask as a knock-off: one key, computed once.
    assertEquals(6, counts.getOrDefault("evaluation", 0), () -> "evaluations: " + counts);
  }

  private static ArtifactStore open(Path store) {
    return ArtifactStores.open(store.toString(), Map.of(), CorruptionListener.logging());
  }
}
