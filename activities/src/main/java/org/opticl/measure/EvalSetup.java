package org.opticl.measure;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;
import org.opticl.harness.task.Task;
import org.opticl.harness.task.TaskRegistry;
import org.opticl.harness.task.Variant;

/**
 * Which evaluation a measurement runs: the task, the number of demonstrations, where its data lives
 * and how many documents (the original evaluates the whole split; a limit makes small runs and
 * tests possible). The same setup under different masks gives comparable numbers, because prompts
 * and demonstrations depend only on these fields (paper-spec §5.2).
 *
 * @param task harness task name, e.g. {@code piqa}
 * @param shots demonstrations per prompt (0, 1, 5 in the paper)
 * @param dataDir the task's data directory (ignored by synthetic tasks)
 * @param limit evaluate only the first {@code limit} documents of the shuffled split
 * @param variant the original's quirks ({@link Variant#PARITY}) or their fixes
 */
public record EvalSetup(String task, int shots, Path dataDir, OptionalInt limit, Variant variant) {

  public EvalSetup {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(variant, "variant");
    TaskRegistry.get(task, variant); // unknown names fail here, listing the valid ones
    if (shots < 0) {
      throw new IllegalArgumentException("shots=" + shots + " must be >= 0");
    }
    if (limit.isPresent() && limit.getAsInt() < 1) {
      throw new IllegalArgumentException(
          "limit="
              + limit.getAsInt()
              + " must be >= 1 (leave it empty to evaluate every document)");
    }
  }

  /** The whole evaluated split, with the original's behaviour. */
  public static EvalSetup of(String task, int shots, Path dataDir) {
    return new EvalSetup(task, shots, dataDir, OptionalInt.empty(), Variant.PARITY);
  }

  public EvalSetup withLimit(int limit) {
    return new EvalSetup(task, shots, dataDir, OptionalInt.of(limit), variant);
  }

  public Task<?> resolveTask() {
    return TaskRegistry.get(task, variant);
  }

  /** Where the numbers are filed, e.g. {@code piqa/1-shot}. */
  public String label() {
    return task + "/" + shots + "-shot";
  }
}
