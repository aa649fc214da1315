package org.opticl.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.opticl.harness.task.TaskRegistry;
import org.opticl.schema.HeadImportance;
import org.opticl.schema.RunSpec;

/**
 * Reads a run spec written in YAML (see {@code examples/demo.yaml}) into a validated {@link
 * RunSpec}. Every problem is reported up front with the file and the field's path ({@code
 * demo.yaml: pruning.heads[2]=120 is not a percentage in [0, 100]}), before anything runs. Relative
 * data and model paths resolve against the spec file's directory, so a spec works from any working
 * directory.
 */
public final class SpecFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<Integer> PAPER_PERCENTS = List.of(10, 20, 30, 40, 50, 60, 70, 80, 90);

  private final String file;
  private final Path base;
  private final List<String> problems = new ArrayList<>();

  private SpecFile(String file, Path base) {
    this.file = file;
    this.base = base;
  }

  /** Reads and validates a spec file. */
  public static RunSpec read(Path path) {
    String text;
    try {
      text = Files.readString(path);
    } catch (NoSuchFileException e) {
      throw new SpecException("run spec not found: " + path);
    } catch (IOException e) {
      throw new SpecException("cannot read run spec " + path + ": " + e.getMessage());
    }
    Path dir = path.toAbsolutePath().getParent();
    return parse(text, path.getFileName().toString(), dir);
  }

  /** Validates spec text; relative paths resolve against {@code base}. */
  public static RunSpec parse(String yaml, String fileName, Path base) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new SpecException(fileName + ": not valid YAML: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new SpecException(fileName + ": a run spec must be a YAML mapping");
    }
    return new SpecFile(fileName, base).build(root);
  }

  private void knownTask(String at, String name) {
    if (!TaskRegistry.names().contains(name)) {
      problem(
          at
              + "="
              + name
              + " is not a known task; known: "
              + String.join(", ", TaskRegistry.names()));
    }
  }

  private RunSpec build(JsonNode root) {
    known(
        root,
        "",
        Set.of(
            "name",
            "model",
            "tasks",
            "shots",
            "seed",
            "docLimit",
            "importance",
            "pruning",
            "crossTask",
            "induction",
            "execution"));
    String name = text(root, "name", "opticl run");
    JsonNode m = object(root, "model", true);
    known(m, "model.", Set.of("id", "location", "dtype"));
    String modelId = text(m, "id", "");
    if (modelId.isBlank()) {
      problem(
          "model.id is required (a hub id like facebook/opt-125m, builtin:induction-tiny, or a"
              + " label with model.location)");
    }
    String location = text(m, "location", "");
    if (!location.isBlank()) {
      location = base.resolve(location).normalize().toString();
    }
    String dtype = text(m, "dtype", "float32");
    if (!Set.of("float32", "float16", "bfloat16").contains(dtype)) {
      problem("model.dtype=" + dtype + " must be float32, float16 or bfloat16");
    }

    List<String> tasks = new ArrayList<>();
    Map<String, String> data = new LinkedHashMap<>();
    JsonNode ts = root.get("tasks");
    if (ts == null || !ts.isArray() || ts.isEmpty()) {
      problem("tasks must list at least one task");
    } else {
      for (int i = 0; i < ts.size(); i++) {
        JsonNode t = ts.get(i);
        String at = "tasks[" + i + "]";
        if (t.isTextual()) {
          knownTask(at, t.asText());
          tasks.add(t.asText());
          continue;
        }
        if (!t.isObject() || !t.hasNonNull("name")) {
          problem(at + " must be a task name or {name, data}");
          continue;
        }
        known(t, at + ".", Set.of("name", "data"));
        String n = t.get("name").asText();
        knownTask(at + ".name", n);
        if (tasks.contains(n)) {
          problem(at + ".name=" + n + " is listed twice");
        }
        tasks.add(n);
        if (t.hasNonNull("data")) {
          Path d = base.resolve(t.get("data").asText()).normalize();
          data.put(n, d.toString());
        }
      }
    }
    List<Integer> shots = ints(root, "shots", List.of(0, 1, 5), 0, 100);
    long seed = root.path("seed").asLong(1234);
    OptionalInt docLimit = OptionalInt.empty();
    if (root.hasNonNull("docLimit")) {
      int limit = intValue(root.get("docLimit"), "docLimit");
      if (limit < 1) {
        problem("docLimit=" + limit + " must be >= 1 (leave it out to evaluate every document)");
      }
      docLimit = OptionalInt.of(limit);
    }

    JsonNode imp = object(root, "importance", false);
    known(imp, "importance.", Set.of("variant", "docs"));
    String variantName = text(imp, "variant", "original");
    HeadImportance.Variant variant =
        switch (variantName) {
          case "original", "per-token-abs" -> HeadImportance.Variant.PER_TOKEN_ABS;
          case "head-mask-gradient", "mask-gradient" -> HeadImportance.Variant.MASK_GRADIENT;
          default -> {
            problem(
                "importance.variant="
                    + variantName
                    + " must be original (the paper code's Σ|⟨a,g⟩|) or head-mask-gradient (Eq. 8)");
            yield HeadImportance.Variant.PER_TOKEN_ABS;
          }
        };
    int importanceDocs = intAt(imp, "docs", "importance.docs", 2500);
    if (importanceDocs < 1) {
      problem("importance.docs=" + importanceDocs + " must be >= 1");
    }

    JsonNode pr = object(root, "pruning", false);
    known(pr, "pruning.", Set.of("heads", "ffns", "combined"));
    List<Integer> heads = ints(pr, "heads", "pruning.heads", PAPER_PERCENTS);
    List<Integer> ffns = ints(pr, "ffns", "pruning.ffns", PAPER_PERCENTS);
    JsonNode comb = object(pr, "combined", false, "pruning.combined");
    known(comb, "pruning.combined.", Set.of("heads", "ffns"));
    List<Integer> combHeads =
        ints(comb, "heads", "pruning.combined.heads", List.of(10, 20, 30, 40, 50, 60, 70));
    List<Integer> combFfns =
        ints(comb, "ffns", "pruning.combined.ffns", List.of(10, 20, 30, 40, 50));

    JsonNode ct = object(root, "crossTask", false);
    known(ct, "crossTask.", Set.of("pairs", "percents"));
    List<RunSpec.CrossTaskPair> pairs = new ArrayList<>();
    JsonNode ps = ct.get("pairs");
    if (ps != null && !ps.isNull()) {
      if (!ps.isArray()) {
        problem("crossTask.pairs must be a list of {target, source}");
      } else {
        for (int i = 0; i < ps.size(); i++) {
          JsonNode p = ps.get(i);
          String at = "crossTask.pairs[" + i + "]";
          known(p, at + ".", Set.of("target", "source"));
          String target = p.path("target").asText("");
          String source = p.path("source").asText("");
          if (!tasks.contains(target)) {
            problem(at + ".target=" + target + " is not one of the run's tasks " + tasks);
          }
          if (!source.equals("aggregate") && !tasks.contains(source)) {
            problem(at + ".source=" + source + " must be aggregate or one of " + tasks);
          }
          if (!target.isBlank() && !source.isBlank()) {
            pairs.add(new RunSpec.CrossTaskPair(target, source));
          }
        }
      }
    }
    List<Integer> crossPercents =
        ints(ct, "percents", "crossTask.percents", List.of(10, 30, 50, 70, 90));

    JsonNode ind = object(root, "induction", false);
    known(ind, "induction.", Set.of("sequences"));
    int sequences = intAt(ind, "sequences", "induction.sequences", 100);
    if (sequences < 0) {
      problem("induction.sequences=" + sequences + " must be >= 0 (0 skips induction scores)");
    }

    JsonNode ex = object(root, "execution", false);
    known(
        ex,
        "execution.",
        Set.of("store", "batchSize", "devices", "maxParallel", "heartbeatSeconds", "temporal"));
    String store = text(ex, "store", "opticl-artifacts");
    if (!store.startsWith("s3://")) {
      store = base.resolve(store).normalize().toString();
    }
    int batch = intAt(ex, "batchSize", "execution.batchSize", 1);
    List<String> devices = new ArrayList<>();
    ex.path("devices").forEach(d -> devices.add(d.asText()));
    if (devices.isEmpty()) {
      devices.add("cpu");
    }
    int maxParallel = intAt(ex, "maxParallel", "execution.maxParallel", 2);
    int heartbeat = intAt(ex, "heartbeatSeconds", "execution.heartbeatSeconds", 60);
    JsonNode tp = object(ex, "temporal", false, "execution.temporal");
    known(tp, "execution.temporal.", Set.of("address", "namespace"));
    RunSpec.Temporal temporal =
        new RunSpec.Temporal(
            text(tp, "address", envOr("TEMPORAL_ADDRESS", "localhost:7233")),
            text(tp, "namespace", envOr("TEMPORAL_NAMESPACE", "default")));
    if (batch < 1) {
      problem("execution.batchSize=" + batch + " must be >= 1");
    }
    if (maxParallel < 1) {
      problem("execution.maxParallel=" + maxParallel + " must be >= 1");
    }
    if (heartbeat < 1) {
      problem("execution.heartbeatSeconds=" + heartbeat + " must be >= 1");
    }

    if (!problems.isEmpty()) {
      throw new SpecException(file + ": " + String.join("; ", problems));
    }
    try {
      return new RunSpec(
          RunSpec.SCHEMA_VERSION,
          name,
          new RunSpec.ModelSource(modelId, location, dtype),
          tasks,
          shots,
          seed,
          docLimit,
          variant,
          importanceDocs,
          heads,
          ffns,
          combHeads,
          combFfns,
          sequences,
          pairs,
          crossPercents,
          new RunSpec.Execution(batch, devices, store, data, maxParallel, heartbeat, temporal));
    } catch (IllegalArgumentException e) {
      throw new SpecException(file + ": " + e.getMessage());
    }
  }

  private void problem(String p) {
    problems.add(p);
  }

  private void known(JsonNode node, String prefix, Set<String> fields) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f)) {
        problem(
            prefix + f + " is not a known field (known: " + new java.util.TreeSet<>(fields) + ")");
      }
    }
  }

  private JsonNode object(JsonNode parent, String field, boolean required) {
    return object(parent, field, required, field);
  }

  private JsonNode object(JsonNode parent, String field, boolean required, String path) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        problem(path + " is required");
      }
      return YAML.createObjectNode();
    }
    if (!n.isObject()) {
      problem(path + " must be a mapping, got " + n);
      return YAML.createObjectNode();
    }
    return n;
  }

  private static String text(JsonNode parent, String field, String fallback) {
    JsonNode n = parent.get(field);
    return n == null || n.isNull() ? fallback : n.asText();
  }

  private int intAt(JsonNode parent, String field, String path, int fallback) {
    JsonNode n = parent.get(field);
    return n == null || n.isNull() ? fallback : intValue(n, path);
  }

  private int intValue(JsonNode n, String path) {
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      problem(path + "=" + n + " must be an integer");
      return 0;
    }
    return n.intValue();
  }

  private List<Integer> ints(
      JsonNode parent, String field, List<Integer> fallback, int lo, int hi) {
    return ints(parent, field, field, fallback, lo, hi, false);
  }

  private List<Integer> ints(JsonNode parent, String field, String path, List<Integer> fallback) {
    return ints(parent, field, path, fallback, 0, 100, true);
  }

  private List<Integer> ints(
      JsonNode parent,
      String field,
      String path,
      List<Integer> fallback,
      int lo,
      int hi,
      boolean percent) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isArray()) {
      problem(path + " must be a list, got " + n);
      return fallback;
    }
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      String at = path + "[" + i + "]";
      int v = intValue(n.get(i), at);
      if (v < lo || v > hi) {
        problem(
            at
                + "="
                + v
                + (percent
                    ? " is not a percentage in [0, 100]"
                    : " must lie in [" + lo + ", " + hi + "]"));
      } else if (out.contains(v)) {
        problem(at + "=" + v + " is listed twice");
      } else {
        out.add(v);
      }
    }
    return out;
  }

  private static String envOr(String key, String fallback) {
    String v = System.getenv(key);
    return v == null || v.isBlank() ? fallback : v;
  }
}
