package org.opticl.app.durability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One process started by {@link ChildJvms}: its name in the test, its log (stdout and stderr
 * together, under {@code target/}), and the ways a test ends it — waiting for its exit, or killing
 * it with SIGKILL as a preempted machine would be.
 */
final class ChildJvm {
  private final String name;
  private final Process process;
  private final Path log;

  ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits for the process to exit and returns its status; fails the test, with the end of the log,
   * if it takes longer than {@code limit} (the process is then killed).
   */
  int awaitExit(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      destroy();
      throw new AssertionError(
          name + " did not exit within " + limit + "; its log ends:\n" + tail());
    }
    return process.exitValue();
  }

  /**
   * Kills the process with SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hook
   * runs, no worker deregisters, no in-flight activity is failed or completed. Returns the exit
   * status, 137 (128 + SIGKILL) when the signal killed it.
   */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " (pid " + pid() + ") survived SIGKILL for 30 s");
    }
    return process.exitValue();
  }

  /** Ends the process if it still runs (SIGKILL: children hold nothing worth a clean shutdown). */
  void destroy() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The whole log. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(log " + log + " unreadable: " + e + ")";
    }
  }

  /** The last 40 lines of the log, for failure messages. */
  String tail() {
    List<String> lines = output().lines().toList();
    return "["
        + log
        + "]\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ")";
  }
}
