package org.opticl.schema;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.opticl.schema.json.CanonicalJson;
import org.opticl.schema.json.Digests;
import org.opticl.schema.key.KeyMaterial;
import org.opticl.schema.key.NonSemantic;

/**
 * What a researcher asks for: one model, the task × shot grid, and the settings of every stage. Its
 * semantic digest names the run ({@code opticl-<digest>} as the workflow id, so starting the same
 * spec twice attaches to one run); how it is executed (batch size, devices, store, the run's label,
 * the model's local path) is marked {@link NonSemantic} and changes neither the digest nor any
 * stage key.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this code
 * @param name a label for people
 * @param model which model and in which dtype
 * @param tasks task registry names
 * @param shots shot counts, e.g. {@code [0, 1, 5]}
 * @param seed seed of few-shot sampling and document shuffling
 * @param docLimit evaluate at most this many documents per task (smoke runs); absent = all
 * @param importanceVariant head-importance estimator
 * @param importanceDocs training documents used for head importance (2500 in the original)
 * @param headPercents head pruning percentages, e.g. 10..90
 * @param ffnPercents FFN pruning percentages
 * @param combinedHeadPercents head axis of the combined grid
 * @param combinedFfnPercents FFN axis of the combined grid
 * @param inductionSequences random sequences for prefix-matching and copying scores
 * @param crossTask cross-task pruning pairs: prune {@code target} with {@code source}'s ranking
 *     ({@code aggregate} for the mean over the run's tasks)
 * @param crossTaskPercents percentages of cross-task pruning
 * @param execution how to run it; not part of any key
 */
public record RunSpec(
    int schemaVersion,
    @NonSemantic String name,
    ModelSource model,
    List<String> tasks,
    List<Integer> shots,
    long seed,
    OptionalInt docLimit,
    HeadImportance.Variant importanceVariant,
    int importanceDocs,
    List<Integer> headPercents,
    List<Integer> ffnPercents,
    List<Integer> combinedHeadPercents,
    List<Integer> combinedFfnPercents,
    int inductionSequences,
    List<CrossTaskPair> crossTask,
    List<Integer> crossTaskPercents,
    @NonSemantic Execution execution)
    implements SchemaArtifact {

  /**
   * This spec with its artifacts in {@code store} instead (where it runs, not what it computes).
   */
  public RunSpec withStore(String store) {
    Execution e = execution;
    return new RunSpec(
        schemaVersion,
        name,
        model,
        tasks,
        shots,
        seed,
        docLimit,
        importanceVariant,
        importanceDocs,
        headPercents,
        ffnPercents,
        combinedHeadPercents,
        combinedFfnPercents,
        inductionSequences,
        crossTask,
        crossTaskPercents,
        new Execution(
            e.batchSize(),
            e.devices(),
            store,
            e.taskData(),
            e.maxParallel(),
            e.heartbeatSeconds(),
            e.temporal()));
  }

  /** Prune {@code target} with the head ranking of {@code source} (paper §6.1.2). */
  public record CrossTaskPair(String target, String source) {
    public CrossTaskPair {
      Checks.name(target, "RunSpec.crossTask[].target");
      Checks.name(source, "RunSpec.crossTask[].source");
    }
  }

  /** A spec without cross-task pruning. */
  public RunSpec(
      int schemaVersion,
      String name,
      ModelSource model,
      List<String> tasks,
      List<Integer> shots,
      long seed,
      OptionalInt docLimit,
      HeadImportance.Variant importanceVariant,
      int importanceDocs,
      List<Integer> headPercents,
      List<Integer> ffnPercents,
      List<Integer> combinedHeadPercents,
      List<Integer> combinedFfnPercents,
      int inductionSequences,
      Execution execution) {
    this(
        schemaVersion,
        name,
        model,
        tasks,
        shots,
        seed,
        docLimit,
        importanceVariant,
        importanceDocs,
        headPercents,
        ffnPercents,
        combinedHeadPercents,
        combinedFfnPercents,
        inductionSequences,
        List.of(),
        List.of(),
        execution);
  }

  public static final int SCHEMA_VERSION = 1;

  /**
   * The model to load.
   *
   * @param id hub id or built-in name, e.g. {@code facebook/opt-66b}
   * @param location where the checkpoint is on this machine, if not the default cache
   * @param dtype {@code float32}, {@code float16} or {@code bfloat16}
   */
  public record ModelSource(String id, @NonSemantic String location, String dtype) {
    public ModelSource {
      Checks.nonBlank(id, "RunSpec.model.id");
      Checks.present(location, "RunSpec.model.location");
      Checks.nonBlank(dtype, "RunSpec.model.dtype");
    }
  }

  /**
   * Execution settings: results must not depend on them.
   *
   * @param batchSize documents per forward pass
   * @param devices e.g. {@code ["cpu"]} or {@code ["cuda:0", "cuda:1"]}
   * @param store artifact store, a directory or {@code s3://bucket/prefix}
   * @param taskData where each task's data directory is on the workers (the data's digest, not its
   *     path, enters the keys)
   * @param maxParallel evaluations of one cell in flight at once
   * @param heartbeatSeconds how soon a silent model activity counts as dead and is retried
   * @param temporal the Temporal frontend ({@code host:port}) and namespace for {@code start}
   */
  public record Execution(
      int batchSize,
      List<String> devices,
      String store,
      Map<String, String> taskData,
      int maxParallel,
      int heartbeatSeconds,
      Temporal temporal) {

    /** Defaults for everything but batch size, devices and store. */
    public Execution(int batchSize, List<String> devices, String store) {
      this(batchSize, devices, store, Map.of(), 2, 60, Temporal.DEFAULT);
    }

    public Execution {
      if (batchSize < 1) {
        throw new IllegalArgumentException(
            "RunSpec.execution.batchSize must be >= 1, got " + batchSize);
      }
      devices = List.copyOf(Checks.present(devices, "RunSpec.execution.devices"));
      Checks.nonBlank(store, "RunSpec.execution.store");
      taskData = Map.copyOf(Checks.present(taskData, "RunSpec.execution.taskData"));
      if (maxParallel < 1) {
        throw new IllegalArgumentException(
            "RunSpec.execution.maxParallel must be >= 1, got " + maxParallel);
      }
      if (heartbeatSeconds < 1) {
        throw new IllegalArgumentException(
            "RunSpec.execution.heartbeatSeconds must be >= 1, got " + heartbeatSeconds);
      }
      Checks.present(temporal, "RunSpec.execution.temporal");
    }
  }

  /** Where {@code opticl start} finds Temporal. */
  public record Temporal(String address, String namespace) {
    public static final Temporal DEFAULT = new Temporal("localhost:7233", "default");

    public Temporal {
      Checks.nonBlank(address, "RunSpec.execution.temporal.address");
      Checks.nonBlank(namespace, "RunSpec.execution.temporal.namespace");
    }
  }

  public RunSpec {
    Checks.schemaVersion(schemaVersion, RunSpec.class);
    Checks.present(name, "RunSpec.name");
    Checks.present(model, "RunSpec.model");
    tasks = List.copyOf(Checks.present(tasks, "RunSpec.tasks"));
    tasks.forEach(t -> Checks.name(t, "RunSpec.tasks[]"));
    shots = List.copyOf(Checks.present(shots, "RunSpec.shots"));
    shots.forEach(k -> Checks.nonNegative(k, "RunSpec.shots[]"));
    Checks.present(docLimit, "RunSpec.docLimit");
    Checks.present(importanceVariant, "RunSpec.importanceVariant");
    Checks.nonNegative(importanceDocs, "RunSpec.importanceDocs");
    headPercents = percents(headPercents, "RunSpec.headPercents");
    ffnPercents = percents(ffnPercents, "RunSpec.ffnPercents");
    combinedHeadPercents = percents(combinedHeadPercents, "RunSpec.combinedHeadPercents");
    combinedFfnPercents = percents(combinedFfnPercents, "RunSpec.combinedFfnPercents");
    Checks.nonNegative(inductionSequences, "RunSpec.inductionSequences");
    crossTask = List.copyOf(Checks.present(crossTask, "RunSpec.crossTask"));
    crossTaskPercents = percents(crossTaskPercents, "RunSpec.crossTaskPercents");
    Checks.present(execution, "RunSpec.execution");
  }

  private static List<Integer> percents(List<Integer> values, String what) {
    List<Integer> copy = List.copyOf(Checks.present(values, what));
    copy.forEach(p -> Checks.percent(p, what + "[]"));
    return copy;
  }

  /**
   * {@code sha256:<hex>} of the spec's semantic content (canonical JSON without {@link NonSemantic}
   * fields): equal for two specs that ask for the same results.
   */
  public String digest() {
    return Digests.prefixed(Digests.sha256Hex(CanonicalJson.bytes(KeyMaterial.semanticTree(this))));
  }
}
