package org.opticl.activities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opticl.store.ArtifactStore;
import org.opticl.store.LocalArtifactStore;
import org.opticl.workflows.api.EvalOutcome;
import org.opticl.workflows.api.EvalRequest;
import org.opticl.workflows.api.EvalSpec;
import org.opticl.workflows.api.MaskSpec;
import org.opticl.workflows.api.ModelRef;
import org.opticl.workflows.api.TaskRef;

/**
 * A worker's model computes one activity at a time; a cache hit does not wait for it, and an
 * activity waiting for it heartbeats without replacing the checkpoint it resumes from.
 */
class ModelSlotTest {
  private static EvalRequest request(String task) {
    return request(task, 0);
  }

  private static EvalRequest request(String task, int shots) {
    return new EvalRequest(
        new EvalSpec(
            new ModelRef("builtin:random-tiny", "", "float32"),
            new TaskRef(task, "", "PARITY"),
            shots,
            1234,
            16),
        MaskSpec.none(),
        "baseline");
  }

  @Test
  void cacheHitsPassAComputationAndWaitersKeepTheirCheckpoint(@TempDir Path dir) throws Exception {
    try (ArtifactStore store = new LocalArtifactStore(dir.resolve("s"), c -> {});
        ResidentModel resident = new ResidentModel()) {
      ModelActivitiesImpl worker =
          new ModelActivitiesImpl(
              store, new ModelCatalog(dir.resolve("models")), new TaskCatalog(), resident);
      EvalRequest cached = request("synthetic_kv");
      worker.evaluate(cached, Heartbeats.to(b -> {}, Optional.empty()));

      // A computation that holds the model until released (its first beat blocks).
      CountDownLatch computing = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<EvalOutcome> holder =
          CompletableFuture.supplyAsync(
              () ->
                  worker.evaluate(
                      request("synthetic_induction"),
                      Heartbeats.to(
                          b -> {
                            computing.countDown();
                            await(release);
                          },
                          Optional.empty())));
      assertTrue(computing.await(60, TimeUnit.SECONDS));

      EvalOutcome hit =
          CompletableFuture.supplyAsync(
                  () -> worker.evaluate(cached, Heartbeats.to(b -> {}, Optional.empty())))
              .get(30, TimeUnit.SECONDS);
      assertTrue(hit.cached(), "a cache hit is served while the model computes");

      // A retried computation waits for the model and re-sends its earlier attempt's checkpoint.
      EvalCheckpoint earlier = new EvalCheckpoint("evaluation/elsewhere", 0, 16, Optional.empty());
      List<Object> waiting = new CopyOnWriteArrayList<>();
      CountDownLatch beaten = new CountDownLatch(1);
      CompletableFuture<EvalOutcome> waiter =
          CompletableFuture.supplyAsync(
              () ->
                  worker.evaluate(
                      request("synthetic_kv", 1),
                      Heartbeats.to(
                          b -> {
                            waiting.add(b);
                            beaten.countDown();
                          },
                          Optional.of(earlier))));
      assertTrue(beaten.await(30, TimeUnit.SECONDS), "a waiting activity heartbeats");
      assertEquals(earlier, waiting.get(0), "its beat keeps the earlier attempt's checkpoint");
      assertTrue(!waiter.isDone(), "and it waits while the model computes");

      release.countDown();
      assertTrue(!holder.get(60, TimeUnit.SECONDS).cached());
      assertTrue(!waiter.get(60, TimeUnit.SECONDS).cached());
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
