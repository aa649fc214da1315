package org.opticl.measure.importance;

import java.nio.file.Path;
import java.util.Objects;
import org.opticl.harness.prompt.ImportanceData;
import org.opticl.harness.task.Task;
import org.opticl.harness.task.TaskRegistry;
import org.opticl.harness.task.Variant;

/**
 * What head importance is computed for: a task and shot count, the data it reads (the first {@code
 * subset} documents of the training split, demonstrations drawn by a seeded generator; see {@link
 * ImportanceData}) and the estimator's options.
 *
 * @param task harness task name
 * @param shots demonstrations per example
 * @param dataDir the task's data directory (ignored by synthetic tasks)
 * @param subset at most this many documents (the original's 2,500)
 * @param seed the seed of the visiting order and demonstrations (default 1234)
 * @param variant the original's data quirks ({@link Variant#PARITY}) or their fixes
 * @param options estimator, batch size and over-length rule
 */
public record HeadImportanceInput(
    String task,
    int shots,
    Path dataDir,
    int subset,
    long seed,
    Variant variant,
    ImportanceOptions options) {

  public HeadImportanceInput {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(options, "options");
    TaskRegistry.get(task, variant); // unknown names fail here, listing the valid ones
    if (shots < 0) {
      throw new IllegalArgumentException("shots=" + shots + " must be >= 0");
    }
    if (subset < 1) {
      throw new IllegalArgumentException("subset=" + subset + " must be >= 1");
    }
  }

  /** The original's data (2,500 documents, seed 1234, parity quirks) and estimator. */
  public static HeadImportanceInput of(String task, int shots, Path dataDir) {
    return new HeadImportanceInput(
        task,
        shots,
        dataDir,
        ImportanceData.SUBSET,
        ImportanceData.SEED,
        Variant.PARITY,
        ImportanceOptions.DEFAULT);
  }

  public HeadImportanceInput withSubset(int n) {
    return new HeadImportanceInput(task, shots, dataDir, n, seed, variant, options);
  }

  public HeadImportanceInput withOptions(ImportanceOptions o) {
    return new HeadImportanceInput(task, shots, dataDir, subset, seed, variant, o);
  }

  public Task<?> resolveTask() {
    return TaskRegistry.get(task, variant);
  }
}
