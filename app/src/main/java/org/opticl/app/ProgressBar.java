package org.opticl.app;

import java.io.PrintStream;

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
  private final long start = System.nanoTime();
  private long lastDraw;
  private boolean drawn;

  ProgressBar(String unit, boolean always) {
    this.out = System.err;
    this.unit = unit;
    this.enabled = always || System.console() != null;
  }

  synchronized void update(long done, long total) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (done < total && now - lastDraw < 100_000_000L) {
      return;
    }
    lastDraw = now;
    double secs = Math.max(1e-9, (now - start) / 1e9);
    double rate = done / secs;
    int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
    long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
    out.printf(
        "\r[%s%s] %d/%d %s %.1f/s ETA %d:%02d ",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        done,
        total,
        unit,
        rate,
        eta / 60,
        eta % 60);
    out.flush();
    drawn = true;
  }

  @Override
  public synchronized void close() {
    if (drawn) {
      out.println();
    }
  }
}
