package org.opticl.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.opticl.schema.ArtifactRef;
import org.opticl.store.ArtifactStore;
import org.opticl.store.CorruptionListener;
import org.opticl.store.FileTrees;
import org.opticl.store.LocalArtifactStore;
import org.opticl.store.RetryPolicy;
import org.opticl.store.S3ArtifactStore;
import org.opticl.store.S3Config;
import org.opticl.store.s3proxy.S3ProxyProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code opticl bench store}: put/get throughput and latency of small (1 KiB, like an EvalResult)
 * and large (64 MiB, like a per-layer capture) artifacts, on a local directory and on S3 through a
 * loopback S3Proxy this command starts. Every put stores new content (no dedup short-cut) and every
 * get is verified, so the numbers are what a stage pays.
 */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    description = {
      "Artifact store put/get throughput and p50/p95 latency, local and S3 (loopback S3Proxy).",
      "Prints one JSON line."
    })
final class BenchStoreCommand implements Callable<Integer> {

  @Option(names = "--small-count", defaultValue = "300", description = "1 KiB puts and gets")
  int smallCount;

  @Option(names = "--large-count", defaultValue = "3", description = "large puts and gets")
  int largeCount;

  @Option(names = "--large-mib", defaultValue = "64", description = "size of a large artifact")
  int largeMib;

  @Option(names = "--no-s3", description = "skip the S3 measurement (no S3Proxy start)")
  boolean noS3;

  @Option(
      names = "--s3proxy-cache",
      paramLabel = "DIR",
      description =
          "where S3Proxy's resolved classpath is cached (default ~/.cache/opticl/s3proxy)")
  Path s3proxyCache;

  @Override
  public Integer call() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode out = mapper.createObjectNode();
    out.put("cores", Runtime.getRuntime().availableProcessors());
    out.put("small_bytes", 1024).put("large_bytes", (long) largeMib << 20);
    Path work = Files.createTempDirectory("opticl-bench-store-");
    try {
      Path large = work.resolve("large-source.bin");
      try (ArtifactStore local =
          new LocalArtifactStore(work.resolve("local"), failOnCorruption())) {
        out.set("local", measure(mapper, local, work, large));
      }
      if (!noS3) {
        Path cache =
            s3proxyCache != null
                ? s3proxyCache
                : Path.of(System.getProperty("user.home"), ".cache", "opticl", "s3proxy");
        long start = System.nanoTime();
        try (S3ProxyProcess server =
            S3ProxyProcess.start(cache, work.resolve("s3proxy"), List.of("-Xmx512m"))) {
          out.put("s3proxy_start_ms", (System.nanoTime() - start) / 1_000_000);
          S3Config config =
              new S3Config(
                  server.endpoint(),
                  S3ProxyProcess.ACCESS_KEY,
                  S3ProxyProcess.SECRET_KEY,
                  "opticl-bench",
                  "bench/",
                  "us-east-1",
                  RetryPolicy.DEFAULT,
                  Duration.ofSeconds(2),
                  Duration.ofSeconds(120));
          try (ArtifactStore s3 = new S3ArtifactStore(config, failOnCorruption())) {
            out.set("s3", measure(mapper, s3, work, large));
          }
        }
      }
    } finally {
      FileTrees.delete(work);
    }
    System.out.println(mapper.writeValueAsString(out));
    return 0;
  }

  private ObjectNode measure(ObjectMapper mapper, ArtifactStore store, Path work, Path large)
      throws IOException {
    ObjectNode node = mapper.createObjectNode();
    node.put("location", store.location());
    SplittableRandom random = new SplittableRandom(17);

    List<ArtifactRef> refs = new ArrayList<>();
    long[] putNs = new long[smallCount];
    for (int i = 0; i < smallCount; i++) {
      byte[] payload = new byte[1024];
      random.nextBytes(payload);
      long t = System.nanoTime();
      refs.add(store.put(payload, "application/octet-stream"));
      putNs[i] = System.nanoTime() - t;
    }
    long[] getNs = new long[smallCount];
    for (int i = 0; i < smallCount; i++) {
      long t = System.nanoTime();
      store.get(refs.get(i)).orElseThrow();
      getNs[i] = System.nanoTime() - t;
    }
    ObjectNode small = node.putObject("small");
    small.put("count", smallCount);
    small.set("put", stats(mapper, putNs, 1024));
    small.set("get", stats(mapper, getNs, 1024));

    long bytes = (long) largeMib << 20;
    long[] largePut = new long[largeCount];
    long[] largeGet = new long[largeCount];
    for (int i = 0; i < largeCount; i++) {
      writeRandom(large, bytes, random.nextLong());
      long t = System.nanoTime();
      ArtifactRef ref = store.put(large, "application/octet-stream");
      largePut[i] = System.nanoTime() - t;
      Path copy = work.resolve("large-copy.bin");
      t = System.nanoTime();
      if (!store.get(ref, copy)) {
        throw new IllegalStateException("large blob " + ref.sha256() + " did not read back");
      }
      largeGet[i] = System.nanoTime() - t;
      Files.delete(copy);
    }
    ObjectNode big = node.putObject("large");
    big.put("count", largeCount);
    big.set("put", stats(mapper, largePut, bytes));
    big.set("get", stats(mapper, largeGet, bytes));
    return node;
  }

  private static ObjectNode stats(ObjectMapper mapper, long[] nanos, long bytesEach) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    long total = Arrays.stream(sorted).sum();
    ObjectNode s = mapper.createObjectNode();
    s.put("p50_ms", round(percentile(sorted, 50) / 1e6));
    s.put("p95_ms", round(percentile(sorted, 95) / 1e6));
    s.put("ops_per_s", round(sorted.length / (total / 1e9)));
    s.put("mib_per_s", round(sorted.length * (double) bytesEach / (1 << 20) / (total / 1e9)));
    return s;
  }

  /** Nearest-rank percentile of sorted values. */
  private static double percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static void writeRandom(Path file, long bytes, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < bytes; written += chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(chunk.length, bytes - written));
      }
    }
  }

  private static CorruptionListener failOnCorruption() {
    return c -> {
      throw new IllegalStateException("benchmark read corrupt data: " + c);
    };
  }
}
