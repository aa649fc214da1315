package org.opticl.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.opticl.schema.Manifest;
import org.opticl.store.ArtifactStore;
import org.opticl.store.ArtifactStores;
import org.opticl.store.Corruption;
import org.opticl.store.CorruptionListener;
import org.opticl.store.S3Config;
import org.opticl.store.StoreMaintenance;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code opticl cache ls | verify | gc}: look into an artifact store, check it, and collect the
 * blobs no result needs. The store is a directory or {@code s3://bucket/prefix} (endpoint and keys
 * from {@code OPTICL_S3_ENDPOINT}, {@code OPTICL_S3_ACCESS_KEY}, {@code OPTICL_S3_SECRET_KEY}).
 */
@Command(
    name = "cache",
    mixinStandardHelpOptions = true,
    description = "Inspect, verify and garbage-collect an artifact store.",
    subcommands = {CacheCommand.Ls.class, CacheCommand.Verify.class, CacheCommand.Gc.class})
final class CacheCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** The {@code --store} option every cache subcommand takes. */
  static final class StoreOption {
    @Option(
        names = "--store",
        paramLabel = "DIR|s3://BUCKET/PREFIX",
        defaultValue = ArtifactStores.DEFAULT_LOCATION,
        description = "artifact store (default: ./${DEFAULT-VALUE})")
    String store;

    @Spec CommandSpec spec;

    ArtifactStore open(CorruptionListener listener) {
      // Inspecting a mistyped directory must not create an empty store there.
      if (!S3Config.isS3(store) && !Files.isDirectory(Path.of(store, "cas"))) {
        throw new ParameterException(
            spec.commandLine(), "no artifact store at " + Path.of(store).toAbsolutePath());
      }
      try {
        return ArtifactStores.open(store, System.getenv(), listener);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
  }

  @Command(
      name = "ls",
      mixinStandardHelpOptions = true,
      description = "List stage results: stage, key, outputs and sizes.")
  static final class Ls implements Callable<Integer> {
    @Mixin StoreOption store;

    @Option(names = "--outputs", description = "also list every output with its digest")
    boolean outputs;

    @Option(names = "--json", description = "print one JSON document instead of a table")
    boolean json;

    @Override
    public Integer call() throws Exception {
      try (ArtifactStore s = store.open(CorruptionListener.logging())) {
        var listings = StoreMaintenance.list(s);
        if (json) {
          ObjectMapper mapper = new ObjectMapper();
          ArrayNode array = mapper.createArrayNode();
          for (var l : listings) {
            ObjectNode node = array.addObject();
            node.put("stage", l.key().stage()).put("key", l.key().hex()).put("bytes", l.bytes());
            l.problem().ifPresent(p -> node.put("problem", p));
            ArrayNode outs = node.putArray("outputs");
            for (Manifest.Output o : l.outputs()) {
              outs.addObject()
                  .put("name", o.name())
                  .put("digest", o.digest())
                  .put("size", o.size())
                  .put("mediaType", o.mediaType());
            }
          }
          System.out.println(mapper.writeValueAsString(array));
          return 0;
        }
        System.out.printf("%-24s %-16s %7s %10s%n", "STAGE", "KEY", "OUTPUTS", "SIZE");
        long total = 0;
        for (var l : listings) {
          total += l.bytes();
          System.out.printf(
              "%-24s %-16s %7d %10s%s%n",
              l.key().stage(),
              l.key().hex().substring(0, 16),
              l.outputs().size(),
              human(l.bytes()),
              l.problem().map(p -> "  BROKEN: " + p).orElse(""));
          if (outputs) {
            for (Manifest.Output o : l.outputs()) {
              System.out.printf(
                  "    %-40s %s %10s %s%n", o.name(), o.digest(), human(o.size()), o.mediaType());
            }
          }
        }
        System.out.printf(
            "%d stage results, %s in outputs, store %s%n",
            listings.size(), human(total), s.location());
        return 0;
      }
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Re-hash every blob and check every manifest; report corrupt entries.",
        "Changes nothing. Exit code 0 if all is intact, 1 if anything is corrupt."
      })
  static final class Verify implements Callable<Integer> {
    @Mixin StoreOption store;

    @Override
    public Integer call() throws Exception {
      try (ArtifactStore s = store.open(CorruptionListener.logging())) {
        StoreMaintenance.VerifyReport report = StoreMaintenance.verify(s);
        for (Corruption c : report.corrupt()) {
          System.out.println("corrupt " + c.objectKey() + ": " + c.problem());
        }
        System.out.printf(
            "verified %d manifests and %d blobs (%s) in %s: %d corrupt%n",
            report.manifests(),
            report.blobs(),
            human(report.bytes()),
            s.location(),
            report.corrupt().size());
        return report.ok() ? 0 : 1;
      }
    }
  }

  @Command(
      name = "gc",
      mixinStandardHelpOptions = true,
      description =
          "Delete blobs that no manifest references (and stale temporary files of dead writers).")
  static final class Gc implements Callable<Integer> {
    @Mixin StoreOption store;

    @Option(names = "--dry-run", description = "list what would be deleted; delete nothing")
    boolean dryRun;

    @Option(
        names = "--grace",
        defaultValue = "1h",
        paramLabel = "AGE",
        converter = DurationConverter.class,
        description =
            "spare anything younger than this (e.g. 0s, 30m, 2h, 1d; default ${DEFAULT-VALUE}):"
                + " a result being written has blobs but no manifest yet")
    Duration grace;

    @Override
    public Integer call() throws Exception {
      try (ArtifactStore s = store.open(CorruptionListener.logging())) {
        StoreMaintenance.GcReport report = StoreMaintenance.gc(s, dryRun, grace);
        String verb = dryRun ? "would remove" : "removed";
        report
            .removed()
            .forEach(b -> System.out.println(verb + " blob " + b.sha256() + " " + human(b.size())));
        report.temporaries().forEach(t -> System.out.println(verb + " " + t));
        System.out.printf(
            "%s %d unreferenced blobs (%s) and %d temporaries; kept %d blobs%n",
            verb,
            report.removed().size(),
            human(report.removedBytes()),
            report.temporaries().size(),
            report.kept());
        return 0;
      }
    }
  }

  /** Reads {@code 30m}-style durations. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return parseDuration(value);
    }
  }

  static Duration parseDuration(String text) {
    var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(text.strip());
    if (!m.matches()) {
      throw new CommandLine.TypeConversionException(
          "'" + text + "' is not a duration; use a number with ms, s, m, h or d, e.g. 30m");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
