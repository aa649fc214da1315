package org.opticl.app.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.opticl.activities.ModelCatalog;
import org.opticl.app.pipeline.RunLauncher;
import org.opticl.spec.SpecFile;
import org.opticl.workflows.api.ModelRef;

/**
 * The processes of one durability scenario, each a separate JVM started through the CLI as an
 * operator would start it ({@code opticl run}, {@code opticl worker}, {@code opticl start}, {@code
 * opticl status}), in a scratch directory {@code target/durability/<scenario>/} that keeps every
 * log for a failed run to be read. Closing it kills whatever is still running.
 *
 * <p>All processes share one model cache under {@code target/durability/models} ({@code
 * OPTICL_MODEL_CACHE}), in which {@link #prepareModel()} builds {@code builtin:random-tiny} once,
 * so that no child spends its time (or its first activity's heartbeat timeout) making the model,
 * and every run resolves the same weights at the same path.
 */
final class MultiProcessPipeline implements AutoCloseable {
  /** Where the scenarios work. */
  static final Path ROOT = Path.of("target", "durability").toAbsolutePath();

  /** The model cache every child uses. */
  static final Path MODEL_CACHE = ROOT.resolve("models");

  /** Longest a whole run of the test spec may take on a loaded 2-core machine. */
  static final Duration RUN_LIMIT = Duration.ofSeconds(150);

  private static final Duration SHORT_COMMAND = Duration.ofSeconds(60);
  private static final Duration WORKER_STARTUP = Duration.ofSeconds(60);

  private final Path work;
  private final ChildJvms jvms;

  private MultiProcessPipeline(Path work, ChildJvms jvms) {
    this.work = work;
    this.jvms = jvms;
  }

  /** A fresh scratch directory for {@code scenario}. */
  static MultiProcessPipeline create(String scenario) throws IOException {
    Path work = ROOT.resolve(scenario);
    deleteRecursively(work);
    return new MultiProcessPipeline(
        work,
        new ChildJvms(
            work, work.resolve("logs"), Map.of("OPTICL_MODEL_CACHE", MODEL_CACHE.toString())));
  }

  /** Builds {@code builtin:random-tiny} in the shared model cache, if it is not there yet. */
  static void prepareModel() {
    new ModelCatalog(MODEL_CACHE).resolve(new ModelRef(ModelCatalog.RANDOM_TINY, "", "float32"));
  }

  Path work() {
    return work;
  }

  ChildJvms jvms() {
    return jvms;
  }

  /**
   * Writes the test spec ({@code durability/spec.yaml}) with {@code store} as its store; the same
   * {@code store} always gives the same bytes, so a reference run and an interrupted run of it are
   * runs of one spec.
   */
  Path writeSpec(String store) throws IOException {
    String template;
    try (InputStream in = MultiProcessPipeline.class.getResourceAsStream("/durability/spec.yaml")) {
      template =
          new String(
              Objects.requireNonNull(in, "test resource durability/spec.yaml is missing")
                  .readAllBytes(),
              StandardCharsets.UTF_8);
    }
    Path spec = work.resolve("spec.yaml");
    Files.writeString(spec, template.replace("@STORE@", store));
    return spec;
  }

  /** The workflow id {@code opticl start} gives the spec. */
  static String runId(Path spec) {
    return RunLauncher.runId(SpecFile.read(spec));
  }

  /** The workflow id of the spec's only cell. */
  static String cellWorkflowId(String runId) {
    return runId + "/synthetic_induction/0shot";
  }

  /**
   * {@code opticl run SPEC}: the uninterrupted reference, everything in one JVM; {@code env} names
   * the store's endpoint and credentials when it is on S3.
   */
  void runEmbedded(Path spec, Map<String, String> env) throws IOException, InterruptedException {
    ChildJvm run = jvms.opticl("reference-run", List.of("run", spec.toString(), "--quiet"), env);
    assertEquals(0, run.awaitExit(RUN_LIMIT), () -> "the reference run failed:\n" + run.tail());
  }

  /**
   * Starts {@code opticl worker --role ROLES --address ADDRESS --store STORE}; see {@link
   * #awaitServing}.
   */
  ChildJvm worker(String name, String roles, String address, String store, Map<String, String> env)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("worker", "--role", roles, "--address", address));
    args.addAll(List.of("--store", store, "--reports", work.resolve("reports").toString()));
    return jvms.opticl(name, args, env);
  }

  /** Waits until each worker says it serves its queues; fails if one exits or takes too long. */
  static void awaitServing(ChildJvm... workers) throws InterruptedException {
    long deadline = System.nanoTime() + WORKER_STARTUP.toNanos();
    for (ChildJvm worker : workers) {
      // WorkerCommand prints this once its pollers run.
      String ready = "opticl worker " + worker.pid() + " serving";
      while (!worker.output().contains(ready)) {
        if (!worker.isAlive()) {
          throw new AssertionError(worker + " exited at startup:\n" + worker.tail());
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(worker + " did not serve within " + WORKER_STARTUP);
        }
        Thread.sleep(100);
      }
    }
  }

  /**
   * {@code opticl start SPEC --address ADDRESS} (it stores the spec in the spec's store); returns
   * the run id it printed.
   */
  String start(Path spec, String address, Map<String, String> env)
      throws IOException, InterruptedException {
    ChildJvm start =
        jvms.opticlLight("start", List.of("start", spec.toString(), "--address", address), env);
    assertEquals(0, start.awaitExit(SHORT_COMMAND), () -> "opticl start failed:\n" + start.tail());
    String runId = runId(spec);
    assertTrue(
        start.output().lines().anyMatch(runId::equals),
        () -> "opticl start did not print the run id " + runId + ":\n" + start.tail());
    return runId;
  }

  /** {@code opticl status RUN --address ADDRESS}: its output. */
  String status(String runId, String address) throws IOException, InterruptedException {
    ChildJvm status =
        jvms.opticlLight("status", List.of("status", runId, "--address", address), Map.of());
    assertEquals(
        0, status.awaitExit(SHORT_COMMAND), () -> "opticl status failed:\n" + status.tail());
    return status.output();
  }

  @Override
  public void close() {
    jvms.close();
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
