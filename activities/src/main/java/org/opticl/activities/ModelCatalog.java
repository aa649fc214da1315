package org.opticl.activities;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.opticl.harness.task.SyntheticTasks;
import org.opticl.model.config.OptConfig;
import org.opticl.model.hub.HubDownloader;
import org.opticl.model.hub.HubOptions;
import org.opticl.model.random.RandomOpt;
import org.opticl.model.tokenizer.TokenizerFiles;
import org.opticl.model.train.InductionTraining;
import org.opticl.schema.ModelIdentity;
import org.opticl.schema.json.Digests;
import org.opticl.store.FileTrees;
import org.opticl.workflows.api.ModelRef;

/**
 * Finds a run's model on this machine and names it: a local checkpoint directory, one of opticl's
 * built-in models (made here on first use, deterministically, and kept in the model cache), or a
 * hub id already in the cache. The identity that enters every stage key is (id, weights digest,
 * dtype); the digest covers config.json and every weight file, and is remembered beside the
 * checkpoint keyed by file sizes and modification times, so a 130 GB checkpoint is hashed once.
 */
public final class ModelCatalog {
  /** The tiny OPT opticl trains on repeated random tokens: it has real induction heads. */
  public static final String INDUCTION_TINY = "builtin:induction-tiny";

  /** A random OPT of the same small shape, for smoke runs. */
  public static final String RANDOM_TINY = "builtin:random-tiny";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DIGEST_FILE = ".opticl-weights-digest.json";

  /** A model located on disk, with its architecture and identity. */
  public record Resolved(Path dir, OptConfig config, ModelIdentity identity) {}

  private final Path cacheRoot;

  public ModelCatalog(Path cacheRoot) {
    this.cacheRoot = cacheRoot;
  }

  /** The cache at {@code $OPTICL_MODEL_CACHE} or {@code ~/.cache/opticl/models}. */
  public static ModelCatalog fromEnvironment() {
    String env = System.getenv("OPTICL_MODEL_CACHE");
    return new ModelCatalog(
        env != null && !env.isBlank()
            ? Path.of(env)
            : Path.of(System.getProperty("user.home"), ".cache", "opticl", "models"));
  }

  /**
   * The model's directory if it is already on this machine — without building, downloading or
   * hashing anything ({@code opticl plan}).
   */
  public Optional<Path> ifPresent(ModelRef ref) {
    if (!ref.location().isBlank()) {
      return Optional.of(Path.of(ref.location()))
          .filter(d -> Files.isRegularFile(d.resolve("config.json")));
    }
    if (ref.id().startsWith("builtin:")) {
      Path dir = builtinDir(ref.id());
      return Optional.of(dir).filter(d -> Files.isRegularFile(d.resolve("config.json")));
    }
    HubDownloader hub =
        new HubDownloader(
            HubOptions.fromEnvironment(System.getenv()).withCacheRoot(cacheRoot).withOffline(true));
    return hub.cached(ref.id(), "main").map(s -> s.dir());
  }

  /** Locates (or builds) the model and computes its identity. */
  public Resolved resolve(ModelRef ref) {
    Path dir = locate(ref);
    OptConfig config = OptConfig.read(dir.resolve("config.json"));
    return new Resolved(dir, config, new ModelIdentity(ref.id(), weightsDigest(dir), ref.dtype()));
  }

  private Path locate(ModelRef ref) {
    if (!ref.location().isBlank()) {
      Path dir = Path.of(ref.location());
      if (!Files.isRegularFile(dir.resolve("config.json"))) {
        throw new IllegalArgumentException(
            "model " + ref.id() + ": no config.json in " + dir + " (model.location)");
      }
      return dir;
    }
    if (ref.id().startsWith("builtin:")) {
      return builtin(ref.id());
    }
    // A hub id: downloaded once into the model cache (resumable, checksum-verified), then
    // served from there; offline, the cached snapshot is used.
    HubDownloader hub =
        new HubDownloader(HubOptions.fromEnvironment(System.getenv()).withCacheRoot(cacheRoot));
    try {
      return hub.download(ref.id(), "main").dir();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while downloading " + ref.id(), e);
    }
  }

  /**
   * The recipe of {@link #INDUCTION_TINY}: {@link InductionTraining.Options#defaults(String)} with
   * a tokenizer trained on opticl's English corpus plus the synthetic tasks' words, 20 times each,
   * so that every one of those words is a single token among those the model learns to copy — the
   * synthetic induction task then asks exactly what the model was trained to do.
   */
  public static InductionTraining.Options inductionTraining() {
    StringBuilder corpus = new StringBuilder(TokenizerFiles.builtinCorpus());
    String words = String.join("", SyntheticTasks.words());
    for (int i = 0; i < 20; i++) {
      corpus.append(words);
    }
    return InductionTraining.Options.defaults(corpus.toString());
  }

  private static final OptConfig RANDOM_TINY_CONFIG =
      new OptConfig(64, 4, 2, 256, 512, 512, 64, true, true, true, "float32");

  /**
   * Everything a built-in model is made from, as text: its directory is named after a digest of
   * this, so a change to a recipe builds a new model instead of reusing a stale one.
   */
  private static String recipe(String id) {
    return switch (id) {
      case INDUCTION_TINY -> inductionTraining().toString();
      case RANDOM_TINY -> "RandomOpt " + RANDOM_TINY_CONFIG + " seed=0 std=0.02";
      default ->
          throw new IllegalArgumentException(
              "unknown built-in model "
                  + id
                  + "; built-in: "
                  + INDUCTION_TINY
                  + ", "
                  + RANDOM_TINY);
    };
  }

  /** {@code builtin/<name>-<first 12 hex digits of the recipe's SHA-256>} under the cache. */
  private Path builtinDir(String id) {
    String digest = Digests.sha256Hex(recipe(id).getBytes(StandardCharsets.UTF_8));
    return cacheRoot
        .resolve("builtin")
        .resolve(id.substring("builtin:".length()) + "-" + digest.substring(0, 12));
  }

  /** Built-in models are made once per machine, into a temporary directory renamed into place. */
  private synchronized Path builtin(String id) {
    Path dir = builtinDir(id);
    if (Files.isRegularFile(dir.resolve("config.json"))) {
      return dir;
    }
    Path tmp = null;
    try {
      Files.createDirectories(dir.getParent());
      tmp = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".tmp");
      switch (id) {
        case INDUCTION_TINY -> InductionTraining.trainAndSave(inductionTraining(), tmp, p -> {});
        case RANDOM_TINY -> new RandomOpt(RANDOM_TINY_CONFIG, 0, 0.02f).write(tmp);
        default -> throw new IllegalStateException("no builder for " + id);
      }
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        tmp = null;
      } catch (AtomicMoveNotSupportedException | java.nio.file.FileAlreadyExistsException e) {
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
          throw e;
        }
        // Another process built it first: its copy is identical (deterministic by seed).
      }
      return dir;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot build " + id + " in " + dir, e);
    } finally {
      if (tmp != null) {
        deleteQuietly(tmp);
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      FileTrees.delete(dir);
    } catch (IOException ignored) {
      // A leftover temporary directory is harmless: it never has the final name.
    }
  }

  /**
   * SHA-256 over config.json and each weight file (name and content digest), remembered in a
   * sidecar keyed by sizes and modification times.
   */
  static String weightsDigest(Path dir) {
    try {
      List<Path> files = new ArrayList<>();
      files.add(dir.resolve("config.json"));
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(
                p ->
                    p.getFileName().toString().endsWith(".safetensors")
                        || p.getFileName().toString().equals("model.safetensors.index.json"))
            .sorted()
            .forEach(files::add);
      }
      StringBuilder stamp = new StringBuilder();
      for (Path f : files) {
        stamp
            .append(f.getFileName())
            .append(':')
            .append(Files.size(f))
            .append(':')
            .append(Files.getLastModifiedTime(f).toMillis())
            .append(';');
      }
      Path sidecar = dir.resolve(DIGEST_FILE);
      if (Files.isRegularFile(sidecar)) {
        var node = JSON.readTree(sidecar.toFile());
        if (stamp.toString().equals(node.path("stamp").asText())) {
          return node.path("digest").asText();
        }
      }
      String digest = Digests.ofFiles(dir, files);
      ObjectNode n = JSON.createObjectNode().put("stamp", stamp.toString()).put("digest", digest);
      try {
        Files.writeString(sidecar, n.toString());
      } catch (IOException readOnly) {
        // A read-only checkpoint is hashed again next time; correctness does not depend on this.
      }
      return digest;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read model files in " + dir + ": " + e, e);
    }
  }
}
