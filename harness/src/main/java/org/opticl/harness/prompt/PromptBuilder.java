package org.opticl.harness.prompt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.opticl.harness.random.PythonRandom;
import org.opticl.harness.task.Task;

/**
 * Turns (task, shots, limit) into the per-document prompts in evaluation order, exactly as {@code
 * evaluator.evaluate} at harness commit 11fa0bf: the evaluated split (test, else validation) is
 * shuffled by {@code random.Random(42)}, the first {@code limit} documents are kept, and the same
 * generator then draws each document's demonstrations in turn. Demonstration documents are only
 * loaded when shots > 0, so zero-shot runs need no training files.
 */
public final class PromptBuilder {
  private PromptBuilder() {}

  /** The seed of the per-task generator in the original evaluator. */
  public static final long EVALUATION_SEED = 42;

  /** Prompts for a task whose data lives in {@code dir}. */
  public static <D> List<PromptedDoc<D>> build(
      Task<D> task, Path dir, int shots, OptionalInt limit, String description) {
    List<D> docs = task.load(dir, task.evaluationSplit()).docs();
    List<D> pool = List.of();
    if (shots > 0) {
      pool = task.hasTrainingDocs() ? task.load(dir, task.demonstrationSplit()).docs() : docs;
    }
    return build(task, docs, pool, shots, limit, description);
  }

  /**
   * Prompts for already-loaded documents.
   *
   * @param docs the evaluated split in file order
   * @param pool the demonstration pool (training documents, or {@code docs} when the task has no
   *     training split); unused when shots = 0
   */
  public static <D> List<PromptedDoc<D>> build(
      Task<D> task, List<D> docs, List<D> pool, int shots, OptionalInt limit, String description) {
    if (limit.isPresent() && limit.getAsInt() < 0) {
      throw new IllegalArgumentException("limit=" + limit.getAsInt() + " must be >= 0");
    }
    PythonRandom rnd = new PythonRandom(EVALUATION_SEED);
    List<Integer> order = new ArrayList<>(IntStream.range(0, docs.size()).boxed().toList());
    rnd.shuffle(order);
    int n = Math.min(order.size(), limit.orElse(Integer.MAX_VALUE));
    List<PromptedDoc<D>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int source = order.get(i);
      D doc = docs.get(source);
      String context = FewShot.context(task, doc, shots, rnd, description, pool);
      out.add(
          new PromptedDoc<>(
              new DocPrompt(i, source, context, task.requests(doc, context), task.gold(doc)), doc));
    }
    return out;
  }
}
