package org.opticl.harness.prompt;

import java.util.ArrayList;
import java.util.List;
import org.opticl.harness.random.PythonRandom;
import org.opticl.harness.task.Task;

/**
 * The harness's {@code Task.fewshot_context}: [description + "\n\n"] + k demonstrations ({@code
 * doc_to_text + doc_to_target}) joined and followed by "\n\n", + the document's text. With a
 * training split the k demonstrations are {@code rnd.sample(training_docs, k)} (the document may
 * appear among them when it is itself a training document); without one (LAMBADA), k + 1 are
 * sampled from the evaluated split in file order, the document is removed by equality and the first
 * k kept. k = 0 draws nothing from {@code rnd}.
 */
public final class FewShot {
  private FewShot() {}

  /**
   * The few-shot context of {@code doc}.
   *
   * @param pool the task's training documents, or its evaluated documents in file order when it has
   *     no training split
   */
  public static <D> String context(
      Task<D> task, D doc, int shots, PythonRandom rnd, String description, List<D> pool) {
    if (shots < 0) {
      throw new IllegalArgumentException("shots=" + shots + " must be >= 0");
    }
    String prefix = description.isEmpty() ? "" : description + "\n\n";
    String labeled = "";
    if (shots > 0) {
      List<D> demos;
      if (task.hasTrainingDocs()) {
        demos = sample(task, pool, shots, rnd);
      } else {
        demos = new ArrayList<>();
        for (D candidate : sample(task, pool, shots + 1, rnd)) {
          if (!candidate.equals(doc)) {
            demos.add(candidate);
          }
        }
        demos = demos.subList(0, Math.min(shots, demos.size()));
      }
      List<String> parts = new ArrayList<>();
      for (D demo : demos) {
        parts.add(task.docToText(demo) + task.docToTarget(demo));
      }
      labeled = String.join("\n\n", parts) + "\n\n";
    }
    return prefix + labeled + task.docToText(doc);
  }

  private static <D> List<D> sample(Task<D> task, List<D> pool, int k, PythonRandom rnd) {
    if (k > pool.size()) {
      throw new IllegalArgumentException(
          task.name()
              + ": cannot sample "
              + k
              + " demonstrations from "
              + pool.size()
              + " "
              + task.demonstrationSplit().label()
              + " documents");
    }
    return rnd.sample(pool, k);
  }
}
