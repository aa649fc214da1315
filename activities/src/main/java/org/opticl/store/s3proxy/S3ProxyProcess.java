package org.opticl.store.s3proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.opticl.schema.json.Digests;

/**
 * A real S3 server on loopback for tests and {@code opticl bench store}: S3Proxy 4.1.0 with its
 * filesystem backend, in its own JVM with its own classpath. No MinIO server can be installed here,
 * and S3Proxy's dependencies (protobuf 4, Guava jre, Jackson 3) clash with Temporal's, so it must
 * not share opticl's classpath.
 *
 * <p>The classpath is resolved once with {@code mvn dependency:build-classpath} from a small pom
 * shipped as a resource (it pins {@code jackson-annotations} 2.22, without which S3Proxy does not
 * start) and cached under the given directory, keyed by the pom's digest. Data lives in a directory
 * that survives {@link #stop()}, so {@link #start()} after a stop brings the same bucket contents
 * back on the same port, as a restarted server would.
 */
public final class S3ProxyProcess implements AutoCloseable {

  /** Access key the server accepts. */
  public static final String ACCESS_KEY = "opticl-test";

  /** Secret key the server accepts. */
  public static final String SECRET_KEY = "opticl-test-secret";

  private static final String RUNNER_POM = "s3proxy-runner.pom.xml";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private final Path classpathFile;
  private final Path workDir;
  private final List<String> jvmOptions;
  private final int port;
  private Process process;

  private S3ProxyProcess(Path classpathFile, Path workDir, List<String> jvmOptions, int port) {
    this.classpathFile = classpathFile;
    this.workDir = workDir;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.port = port;
  }

  /**
   * JVM options for a short-lived test server: a small heap, serial GC and C1 only, which start
   * fastest and leave the CPU to the tests.
   */
  public static List<String> testJvmOptions() {
    return List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");
  }

  /**
   * Starts S3Proxy on a free loopback port, storing data under {@code workDir/data}.
   *
   * @param cacheDir where the resolved classpath is cached (e.g. {@code target/s3proxy})
   * @param workDir this server's data, properties and log
   * @param jvmOptions options for S3Proxy's JVM
   */
  public static S3ProxyProcess start(Path cacheDir, Path workDir, List<String> jvmOptions)
      throws IOException, InterruptedException {
    Path classpath = resolveClasspath(cacheDir);
    S3ProxyProcess server = new S3ProxyProcess(classpath, workDir, jvmOptions, freePort());
    server.start();
    return server;
  }

  /**
   * The file listing S3Proxy's classpath, resolving it with Maven on first use (offline first, then
   * online for a machine whose local repository lacks S3Proxy).
   */
  public static Path resolveClasspath(Path cacheDir) throws IOException, InterruptedException {
    byte[] pom;
    try (InputStream in = S3ProxyProcess.class.getResourceAsStream(RUNNER_POM)) {
      pom = Objects.requireNonNull(in, "resource " + RUNNER_POM + " is missing").readAllBytes();
    }
    String tag = Digests.sha256Hex(pom).substring(0, 12);
    Path dir = cacheDir.toAbsolutePath().resolve("runner-" + tag);
    Path classpath = dir.resolve("classpath.txt");
    if (Files.isRegularFile(classpath) && allJarsExist(classpath)) {
      return classpath;
    }
    Files.createDirectories(dir);
    Files.write(dir.resolve("pom.xml"), pom);
    Path partial = dir.resolve("classpath.txt.partial");
    String mvn =
        System.getProperty("maven.home") != null
            ? Path.of(System.getProperty("maven.home"), "bin", "mvn").toString()
            : "mvn";
    IOException last = null;
    for (boolean offline : new boolean[] {true, false}) {
      List<String> command = new ArrayList<>(List.of(mvn, "-q", "-B"));
      if (offline) {
        command.add("-o");
      }
      command.addAll(
          List.of(
              "-f",
              dir.resolve("pom.xml").toString(),
              "dependency:build-classpath",
              "-Dmdep.outputFile=" + partial));
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("mvn.log").toFile())
              .start();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException("mvn dependency:build-classpath for S3Proxy took over 10 minutes");
      }
      if (p.exitValue() == 0 && Files.isRegularFile(partial)) {
        Files.move(
            partial,
            classpath,
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
        return classpath;
      }
      last =
          new IOException(
              "cannot resolve S3Proxy's classpath ("
                  + String.join(" ", command)
                  + "), exit "
                  + p.exitValue()
                  + ":\n"
                  + tail(dir.resolve("mvn.log")));
    }
    throw last;
  }

  /** Starts (or restarts, after {@link #stop()}) the server on its port with its data. */
  public synchronized void start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      return;
    }
    Path data = Files.createDirectories(workDir.resolve("data"));
    Path properties = workDir.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=" + endpoint(),
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + data.toAbsolutePath(),
            ""));
    // S3Proxy's logback logs every request at DEBUG without a configuration: slow and huge.
    Path logback = workDir.resolve("logback.xml");
    Files.writeString(
        logback,
        "<configuration><appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">"
            + "<encoder><pattern>%d %-5level %logger{24} %msg%n</pattern></encoder></appender>"
            + "<root level=\"WARN\"><appender-ref ref=\"OUT\"/></root></configuration>\n");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-Dlogback.configurationFile=" + logback.toAbsolutePath());
    command.add("-cp");
    command.add(Files.readString(classpathFile, StandardCharsets.UTF_8).strip());
    command.addAll(List.of("org.gaul.s3proxy.Main", "--properties", properties.toString()));
    Path log = workDir.resolve("s3proxy.log");
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    // A test JVM that exits (or is stopped with SIGTERM) without closing us must not leave an
    // S3 server running behind it.
    Process started = process;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "s3proxy-reaper"));
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (!accepts(port)) {
      if (!process.isAlive()) {
        throw new IOException(
            "S3Proxy exited with "
                + process.exitValue()
                + " before listening on port "
                + port
                + ":\n"
                + tail(log));
      }
      if (System.nanoTime() > deadline) {
        stop();
        throw new IOException(
            "S3Proxy did not listen on port "
                + port
                + " within "
                + STARTUP_TIMEOUT
                + ":\n"
                + tail(log));
      }
      Thread.sleep(25);
    }
  }

  /**
   * Stops the server (SIGTERM, then SIGKILL after 5 s) and waits until its port is closed. Data
   * stays for a later {@link #start()}.
   */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The loopback port, fixed for the life of this object (restarts reuse it). */
  public int port() {
    return port;
  }

  /** The process id of the running server, for diagnostics. */
  public synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  @Override
  public void close() {
    stop();
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean allJarsExist(Path classpath) throws IOException {
    for (String entry : Files.readString(classpath).strip().split(java.io.File.pathSeparator)) {
      if (!entry.isEmpty() && !Files.exists(Path.of(entry))) {
        return false;
      }
    }
    return true;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    } catch (UncheckedIOException e) {
      return "(unreadable log)";
    }
  }
}
