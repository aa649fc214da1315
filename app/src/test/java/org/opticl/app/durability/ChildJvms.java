package org.opticl.app.durability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the processes of a test as separate JVMs, the way a deployment runs them: the test's own
 * classpath, the system properties the {@code ./opticl} launcher sets (DJL offline, the CPU
 * libtorch of the native jar, headless AWT), and an environment stripped of anything that could
 * point a child at a real cluster or store. Each child logs to its own file under the test's log
 * directory. {@link #close()} kills every child still running, so that no test leaks a process; a
 * shutdown hook does the same if the test JVM itself is stopped.
 */
final class ChildJvms implements AutoCloseable {
  /** The CLI's entry point. */
  static final String OPTICL = "org.opticl.app.Opticl";

  /** Heap and flags for a model worker or an embedded run: DJL keeps tensors off the heap. */
  static final List<String> WORKER_JVM = List.of("-Xmx1g", "-XX:+UseSerialGC");

  /**
   * Short-lived or light processes (the Temporal server, {@code opticl start}, {@code status}): C1
   * only and a small heap start fastest and leave the two cores to the model workers.
   */
  static final List<String> LIGHT_JVM =
      List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  /** Variables a child must not inherit: they would point it at another Temporal or store. */
  private static final List<String> SCRUBBED =
      List.of(
          "TEMPORAL_ADDRESS",
          "TEMPORAL_NAMESPACE",
          "OPTICL_STORE",
          "OPTICL_MODEL_CACHE",
          "OPTICL_S3_ENDPOINT",
          "OPTICL_S3_ACCESS_KEY",
          "OPTICL_S3_SECRET_KEY",
          "OPTICL_S3_REGION");

  private final Path logDir;
  private final Path workDir;
  private final Map<String, String> env;
  private final List<ChildJvm> children = new ArrayList<>();
  private final Thread reaper = new Thread(this::destroyAll, "child-jvm-reaper");

  /**
   * @param workDir the children's working directory
   * @param logDir where each child's log goes
   * @param env variables every child gets on top of the scrubbed inherited environment
   */
  ChildJvms(Path workDir, Path logDir, Map<String, String> env) throws IOException {
    this.workDir = Files.createDirectories(workDir);
    this.logDir = Files.createDirectories(logDir);
    this.env = Map.copyOf(env);
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /** {@code opticl ARGS} in a worker-sized JVM with extra environment variables. */
  ChildJvm opticl(String name, List<String> args, Map<String, String> extraEnv) throws IOException {
    return start(name, WORKER_JVM, OPTICL, args, extraEnv);
  }

  /** {@code opticl ARGS} in a light JVM, for commands that only talk to Temporal or the store. */
  ChildJvm opticlLight(String name, List<String> args, Map<String, String> extraEnv)
      throws IOException {
    return start(name, LIGHT_JVM, OPTICL, args, extraEnv);
  }

  /** Starts {@code mainClass} with {@code args}; its log is {@code <logDir>/<name>.log}. */
  synchronized ChildJvm start(
      String name,
      List<String> jvmOptions,
      String mainClass,
      List<String> args,
      Map<String, String> extraEnv)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(launcherProperties());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    Path log = logDir.resolve(name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> childEnv = pb.environment();
    SCRUBBED.forEach(childEnv::remove);
    childEnv.putAll(env);
    childEnv.putAll(extraEnv);
    ChildJvm child = new ChildJvm(name, pb.start(), log);
    children.add(child);
    return child;
  }

  /** What {@code ./opticl} passes to java, so children run as the CLI does. */
  static List<String> launcherProperties() {
    String djlCache =
        System.getProperty(
            "DJL_CACHE_DIR",
            Path.of(System.getProperty("user.home"), ".cache", "opticl", "djl").toString());
    return List.of(
        "-Djava.awt.headless=true",
        "-Dai.djl.offline=true",
        "-DOPT_OUT_TRACKING=true",
        "-DPYTORCH_VERSION=2.7.1",
        "-DPYTORCH_FLAVOR=cpu",
        "-DDJL_CACHE_DIR=" + djlCache,
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-Dorg.slf4j.simpleLogger.showDateTime=true",
        "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error",
        "-Dorg.slf4j.simpleLogger.log.io.temporal.internal.worker.HeartbeatManager=error");
  }

  @Override
  public void close() {
    destroyAll();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: nothing left to undo
    }
  }

  private synchronized void destroyAll() {
    for (int i = children.size() - 1; i >= 0; i--) {
      children.get(i).destroy();
    }
  }
}
