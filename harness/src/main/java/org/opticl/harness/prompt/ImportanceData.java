package org.opticl.harness.prompt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.opticl.harness.random.PythonRandom;
import org.opticl.harness.task.Task;

/**
 * The examples head importance is computed on (paper-spec §1.2–1.3): the first {@code subset}
 * (2,500) documents of the training split (LAMBADA: its evaluated split), each with a k-shot
 * context and the task's importance continuation ({@code doc_to_cont}: for PIQA, HellaSwag, ARC,
 * OpenBookQA and MathQA the gold choice without leading space under {@link
 * org.opticl.harness.task.Variant#PARITY}).
 *
 * <p>The original visits these documents in the order of an unseeded torch {@code RandomSampler}
 * while drawing demonstrations from the global {@code random} (seeded 1234), so its pairing of
 * documents with demonstrations differs run to run. opticl replaces that by one seeded generator:
 * {@code PythonRandom(seed)} first shuffles the indices {@code [0, subset)} into the visiting
 * order, then, continuing the same stream, draws each visited document's demonstrations as the
 * harness's {@code fewshot_context} does (from the whole training split, without excluding the
 * document itself). The default seed, 1234, is the original's global seed.
 */
public final class ImportanceData {
  private ImportanceData() {}

  /** The original's {@code subset_size}. */
  public static final int SUBSET = 2500;

  /** The default seed (the original seeds the global generator with 1234). */
  public static final long SEED = 1234;

  /** Importance examples for a task whose data lives in {@code dir}, with the defaults. */
  public static <D> List<ImportanceExample> build(Task<D> task, Path dir, int shots) {
    return build(task, task.load(dir, task.demonstrationSplit()).docs(), shots, SUBSET, SEED);
  }

  /** Importance examples in visiting order from the demonstration split's documents. */
  public static <D> List<ImportanceExample> build(
      Task<D> task, List<D> docs, int shots, int subset, long seed) {
    if (subset <= 0) {
      throw new IllegalArgumentException("subset=" + subset + " must be > 0");
    }
    int n = Math.min(subset, docs.size());
    PythonRandom rnd = new PythonRandom(seed);
    List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
    rnd.shuffle(order);
    List<ImportanceExample> out = new ArrayList<>(n);
    for (int index : order) {
      D doc = docs.get(index);
      String context = FewShot.context(task, doc, shots, rnd, "", docs);
      out.add(new ImportanceExample(index, context, task.importanceContinuation(doc)));
    }
    return out;
  }
}
