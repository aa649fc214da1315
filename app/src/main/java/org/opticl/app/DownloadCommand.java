package org.opticl.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.opticl.model.hub.DownloadListener;
import org.opticl.model.hub.HubDownloader;
import org.opticl.model.hub.HubException;
import org.opticl.model.hub.HubOptions;
import org.opticl.model.hub.ModelSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code opticl download ID}: fetches an OPT checkpoint from the Hugging Face hub into the local
 * model cache and prints the snapshot directory, so scripts can do {@code dir=$(opticl download
 * facebook/opt-125m)}. Endpoint, token and offline mode come from {@code HF_ENDPOINT}, {@code
 * HF_TOKEN} and {@code HF_HUB_OFFLINE} like Hugging Face's own tools; progress goes to stderr.
 */
@Command(
    name = "download",
    mixinStandardHelpOptions = true,
    description = {
      "Downloads a model from the Hugging Face hub (config, safetensors weights or shards,"
          + " tokenizer) into the local cache and prints its directory.",
      "Resumes interrupted downloads; verifies every file against the hub's checksums.",
      "Environment: HF_ENDPOINT (default https://huggingface.co), HF_TOKEN, HF_HUB_OFFLINE,"
          + " OPTICL_MODEL_CACHE (default ~/.cache/opticl/models)."
    })
final class DownloadCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ID", description = "model id, e.g. facebook/opt-66b")
  String id;

  @Option(
      names = "--revision",
      defaultValue = "main",
      description = "branch, tag or commit (default: ${DEFAULT-VALUE})")
  String revision;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description = "cache root (snapshots go in DIR/ID/COMMIT)")
  Path cache;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      defaultValue = "4",
      description = "files downloaded at once (default: ${DEFAULT-VALUE})")
  int parallel;

  @Option(names = "--quiet", description = "no progress on stderr")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    HubOptions options;
    try {
      options = HubOptions.fromEnvironment(System.getenv()).withParallelism(parallel);
    } catch (IllegalArgumentException e) {
      System.err.println("opticl download: " + e.getMessage());
      return 2;
    }
    if (cache != null) {
      options = options.withCacheRoot(cache);
    }
    Progress progress = new Progress(System.err, quiet);
    try {
      ModelSnapshot s = new HubDownloader(options, progress).download(id, revision);
      progress.close();
      if (!quiet) {
        System.err.println(
            (s.fromCache() ? "cached: " : "downloaded: ") + s.id() + " @ " + s.commit());
      }
      System.out.println(s.dir().toAbsolutePath());
      return 0;
    } catch (HubException | IllegalArgumentException e) {
      progress.close();
      System.err.println("opticl download: " + e.getMessage());
      return 1;
    }
  }

  /** One status line on stderr: files done, bytes done of planned, rate. */
  private static final class Progress implements DownloadListener {
    private final PrintStream out;
    private final boolean quiet;
    private final boolean terminal = System.console() != null;
    private final Map<String, Long> done = new ConcurrentHashMap<>();
    private final AtomicInteger finished = new AtomicInteger();
    private final long start = System.nanoTime();
    private volatile int files;
    private volatile long bytes;
    private long lastDraw;
    private boolean drawn;

    Progress(PrintStream out, boolean quiet) {
      this.out = out;
      this.quiet = quiet;
    }

    @Override
    public void planned(int files, long bytes) {
      this.files = files;
      this.bytes = bytes;
    }

    @Override
    public void started(String file, long have, long total) {
      done.put(file, have);
    }

    @Override
    public void progress(String file, long doneBytes, long total) {
      done.put(file, doneBytes);
      draw(false);
    }

    @Override
    public void finished(String file, long total) {
      done.put(file, total);
      finished.incrementAndGet();
      if (!terminal && !quiet) {
        synchronized (this) {
          out.println("  " + file + " (" + human(total) + ")");
        }
      }
      draw(true);
    }

    @Override
    public void retrying(String file, int attempt, Exception cause) {
      message("retrying " + file + " (attempt " + attempt + " failed: " + cause.getMessage() + ")");
    }

    @Override
    public void note(String message) {
      message(message);
    }

    private synchronized void message(String m) {
      if (quiet) {
        return;
      }
      if (drawn) {
        out.print("\r\033[K");
      }
      out.println(m);
      drawn = false;
    }

    private synchronized void draw(boolean force) {
      if (quiet || !terminal) {
        return;
      }
      long now = System.nanoTime();
      if (!force && now - lastDraw < 250_000_000L) {
        return;
      }
      lastDraw = now;
      long sum = done.values().stream().mapToLong(Long::longValue).sum();
      double secs = Math.max(1e-3, (now - start) / 1e9);
      out.printf(
          Locale.ROOT,
          "\r%d/%d files  %s of %s  %s/s\033[K",
          finished.get(),
          files,
          human(sum),
          human(bytes),
          human((long) (sum / secs)));
      out.flush();
      drawn = true;
    }

    synchronized void close() {
      if (drawn) {
        out.println();
        drawn = false;
      }
    }

    private static String human(long b) {
      if (b < 1024) {
        return b + " B";
      }
      String[] units = {"KiB", "MiB", "GiB", "TiB"};
      double v = b;
      int u = -1;
      while (v >= 1024 && u < units.length - 1) {
        v /= 1024;
        u++;
      }
      return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
  }
}
