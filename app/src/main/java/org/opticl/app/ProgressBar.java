package org.opticl.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-line progress bar on stderr ({@code [#####-----] 120/480 requests 35.2/s ETA 0:10}),
 * redrawn at most ten times a second so that it costs nothing next to model work. Silent when
 * stderr is not a terminal and {@code always} is false, so logs stay clean.
 */
final class ProgressBar implements AutoCloseable {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final String unit;
  private final boolean enabled;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private long lastDraw;
  private boolean drawn;

  ProgressBar(String unit, boolean always) {
    this.out = System.err;
    this.unit = unit;
    this.terminal = stderrIsTerminal();
    this.enabled = always || terminal;
  }

  /**
   * Whether stderr is a terminal. {@code System.console()} answers for stdin and stdout, so it is
   * null under {@code opticl eval > results.json} although the bar's stderr is still the terminal;
   * on Linux the descriptor itself says.
   */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException notLinux) {
      return System.console() != null;
    }
  }

  synchronized void update(long done, long total) {
    update(done, total, "");
  }

  synchronized void update(long done, long total, String label) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    // A terminal gets a redrawn line ten times a second; a log gets a new line every 10 s.
    long every = terminal ? 100_000_000L : 10_000_000_000L;
    if (done < total && drawn && now - lastDraw < every) {
      return;
    }
    lastDraw = now;
    double secs = Math.max(1e-9, (now - start) / 1e9);
    double rate = done / secs;
    int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
    long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
    out.printf(
        terminal
            ? "\r[%s%s] %d/%d %s %.1f/s ETA %d:%02d %s\033[K"
            : "[%s%s] %d/%d %s %.1f/s ETA %d:%02d %s%n",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        done,
        total,
        unit,
        rate,
        eta / 60,
        eta % 60,
        label.length() > 40 ? label.substring(0, 40) : label);
    out.flush();
    drawn = true;
  }

  @Override
  public synchronized void close() {
    if (drawn && terminal) {
      out.println();
    }
    drawn = false;
  }
}
