package org.opticl.app.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opticl.schema.key.StageKey;
import org.opticl.store.ArtifactStore;
import org.opticl.store.ArtifactStores;
import org.opticl.store.CorruptionListener;
import org.opticl.store.S3Config;
import org.opticl.store.s3proxy.S3ProxyProcess;
import org.opticl.workflows.api.RunResult;

/**
 * The multi-process durability test standing in for a cluster (issue "Running at scale"): the
 * object store is S3Proxy in its own JVM, reached as {@code s3://bucket/prefix} through the
 * environment variables {@link S3Config} reads; Temporal's test server runs in another JVM; one JVM
 * serves the orchestrator and CPU queues; two model-worker JVMs share the {@code opticl-gpu} queue.
 * The worker that runs head importance is killed with SIGKILL in the middle of it; no worker is
 * started to replace it: the other one takes the retry, resumes from the dead one's checkpoint, and
 * finishes the run. The store then holds exactly the results of an uninterrupted run.
 *
 * <p>The uninterrupted reference is {@code opticl run} of the same spec file (the same {@code
 * s3://} URI) against a second S3Proxy with its own data; the endpoint comes from the environment,
 * not the spec, so both runs are runs of byte-identical specs, as they must be for the stored run
 * spec and the report's key to match. The kill, the comparison and the evidence of resumption are
 * those of {@link GpuWorkerKilledMidActivityTest}. The run is the test spec {@code
 * durability/spec.yaml}, not {@code examples/demo.yaml}: it has every kind of stage the demo has
 * (one cell instead of four), a head importance long enough (100 documents, one a batch) for the
 * kill to land inside it, and a 3 s heartbeat timeout where the demo's 60 s would make the retry
 * wait a minute; the demo's four cells would add minutes of CPU and say nothing more about
 * durability.
 *
 * <p>Logs of every child (S3Proxy's included) stay under {@code target/durability/cluster-s3/}.
 */
@Tag("durability")
@Tag("multi-process")
class ClusterOnS3LosesAGpuWorkerTest {
  private static final String STORE = "s3://opticl-durability/run";

  private MultiProcessPipeline pipeline;
  private S3ProxyProcess referenceS3;
  private S3ProxyProcess clusterS3;

  @BeforeAll
  static void buildModelOnce() {
    MultiProcessPipeline.prepareModel();
  }

  @AfterEach
  void stopEveryProcess() {
    if (pipeline != null) {
      pipeline.close();
    }
    if (referenceS3 != null) {
      referenceS3.close();
    }
    if (clusterS3 != null) {
      clusterS3.close();
    }
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void otherGpuWorkerTakesOverKilledHeadImportanceAndTheRunMatchesAnUninterruptedOne()
      throws Exception {
    pipeline = MultiProcessPipeline.create("cluster-s3");
    Path spec = pipeline.writeSpec(STORE);
    Path s3Cache = MultiProcessPipeline.ROOT.resolve("s3proxy");

    referenceS3 =
        S3ProxyProcess.start(
            s3Cache, pipeline.work().resolve("s3-reference"), S3ProxyProcess.testJvmOptions());
    Map<String, String> referenceEnv = s3Env(referenceS3);
    pipeline.runEmbedded(spec, referenceEnv);
    StoreSnapshot reference;
    try (ArtifactStore s = open(referenceEnv)) {
      reference = StoreSnapshot.of(s);
    }
    referenceS3.close();
    referenceS3 = null;

    clusterS3 =
        S3ProxyProcess.start(
            s3Cache, pipeline.work().resolve("s3-cluster"), S3ProxyProcess.testJvmOptions());
    Map<String, String> env = s3Env(clusterS3);
    try (TemporalServerProcess temporal = TemporalServerProcess.start(pipeline.jvms())) {
      String address = temporal.address();
      ChildJvm orchestrator =
          pipeline.worker("worker-orchestrator-cpu", "orchestrator,cpu", address, STORE, env);
      ChildJvm gpuA = pipeline.worker("worker-gpu-a", "gpu", address, STORE, env);
      ChildJvm gpuB = pipeline.worker("worker-gpu-b", "gpu", address, STORE, env);
      String runId = pipeline.start(spec, address, env);
      MultiProcessPipeline.awaitServing(orchestrator, gpuA, gpuB);
      CompletableFuture<RunResult> result =
          temporal.client().newUntypedWorkflowStub(runId).getResultAsync(RunResult.class);
      HeadImportanceWatch watch =
          new HeadImportanceWatch(temporal.service(), MultiProcessPipeline.cellWorkflowId(runId));

      WorkerLoss.Interruption kill =
          WorkerLoss.killDuringHeadImportance(watch, List.of(gpuA, gpuB), () -> !result.isDone());
      assertEquals(WorkerLoss.KILLED, kill.exitStatus(), "the worker was not killed by SIGKILL");
      ChildJvm survivor = kill.victim() == gpuA ? gpuB : gpuA;

      watch.awaitCompletion(MultiProcessPipeline.RUN_LIMIT);
      RunResult done = result.get(MultiProcessPipeline.RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
      assertTrue(done.computed() > 0, "the interrupted run computed nothing: " + done);
      assertTrue(survivor.isAlive(), () -> "the surviving worker died:\n" + survivor.tail());

      try (ArtifactStore s = open(env)) {
        WorkerLoss.assertResumedFromCheckpoint(s, kill, survivor, watch);
        StoreSnapshot interrupted = StoreSnapshot.of(s);
        assertEquals(
            "",
            interrupted.differencesFrom(reference),
            "the interrupted run's results differ from the uninterrupted run's");
        GpuWorkerKilledMidActivityTest.assertExpectedStages(interrupted);
        Set<Long> modelWorkers = modelStageWorkers(s);
        assertTrue(
            Set.of(gpuA.pid(), gpuB.pid()).containsAll(modelWorkers)
                && modelWorkers.contains(survivor.pid()),
            () ->
                "model stages were committed by "
                    + modelWorkers
                    + ", not by "
                    + gpuA
                    + " and "
                    + gpuB);
        System.out.println("durability: model stages were committed by " + modelWorkers);
      }
    }
  }

  /** The processes that committed model stages (from provenance, {@code pid@host}). */
  private static Set<Long> modelStageWorkers(ArtifactStore s) {
    Set<Long> workers = new TreeSet<>();
    for (StageKey key : s.stageKeys()) {
      if (Set.of("evaluation", "head-importance", "induction-scores").contains(key.stage())) {
        s.lookup(key)
            .map(m -> m.provenance().worker())
            .ifPresent(w -> workers.add(Long.parseLong(w.substring(0, w.indexOf('@')))));
      }
    }
    return workers;
  }

  private static Map<String, String> s3Env(S3ProxyProcess server) {
    return Map.of(
        S3Config.ENV_ENDPOINT, server.endpoint(),
        S3Config.ENV_ACCESS_KEY, S3ProxyProcess.ACCESS_KEY,
        S3Config.ENV_SECRET_KEY, S3ProxyProcess.SECRET_KEY);
  }

  private static ArtifactStore open(Map<String, String> env) {
    return ArtifactStores.open(STORE, env, CorruptionListener.logging());
  }
}
