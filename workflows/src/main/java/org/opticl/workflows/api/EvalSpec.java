package org.opticl.workflows.api;

/**
 * The evaluation every stage of a cell shares: model, task, shots, few-shot seed and document limit
 * (0 = every document).
 */
public record EvalSpec(ModelRef model, TaskRef task, int shots, long seed, int docLimit) {
  /** {@code piqa/1shot}: how a cell is named in ids, logs and summaries. */
  public String cellName() {
    return task.name() + "/" + shots + "shot";
  }
}
