package org.opticl.harness.task;

import java.nio.file.Path;
import java.util.List;
import org.opticl.harness.metrics.DocResult;
import org.opticl.harness.metrics.MetricSpec;
import org.opticl.harness.scoring.Loglikelihood;

/**
 * A named evaluation task as lm-evaluation-harness defines one: where its documents come from, how
 * a document becomes prompt text ({@link #docToText}) and a demonstration answer ({@link
 * #docToTarget}), which continuations are scored ({@link #requests}), and how the scores become
 * metrics. Few-shot context construction and document order are the same for every task and live in
 * {@code org.opticl.harness.prompt}, not here.
 *
 * @param <D> the task's document record
 */
public interface Task<D> {
  /** The harness name, e.g. {@code arc_easy}. */
  String name();

  /** The task's {@code VERSION} at harness commit 11fa0bf (recorded in results). */
  int version();

  /** The split that is evaluated: test if the task has one, else validation. */
  Split evaluationSplit();

  /**
   * Whether demonstrations come from a training split; if not (LAMBADA), they are drawn from the
   * evaluated split itself, excluding the document under evaluation.
   */
  boolean hasTrainingDocs();

  /** The split that supplies demonstrations and importance data. */
  default Split demonstrationSplit() {
    return hasTrainingDocs() ? Split.TRAIN : evaluationSplit();
  }

  /**
   * The documents of one split, read from {@code dir} (synthetic tasks generate them and ignore
   * it).
   *
   * @throws TaskDataException when the files are missing or malformed
   */
  SplitData<D> load(Path dir, Split split);

  /** The file layouts this task reads for a split, for documentation and error messages. */
  List<String> expectedFiles(Split split);

  /** The prompt text of a document ({@code doc_to_text}). */
  String docToText(D doc);

  /** The answer appended to a demonstration ({@code doc_to_target}). */
  String docToTarget(D doc);

  /**
   * The continuation supervised when computing head importance ({@code doc_to_cont} where the
   * paper's code defines one, else {@code doc_to_target}).
   */
  default String importanceContinuation(D doc) {
    return docToTarget(doc);
  }

  /** The scored requests of a document given its few-shot context ({@code construct_requests}). */
  List<TextRequest> requests(D doc, String context);

  /** Indices of the correct requests (one for most tasks; ReCoRD may have several). */
  List<Integer> gold(D doc);

  /** Whether {@link #gold} can hold several indices (printed as a list). */
  default boolean multipleGold() {
    return false;
  }

  /** The document's metric values from its requests' scores ({@code process_results}). */
  DocResult score(D doc, List<Loglikelihood> results);

  /** The task's metrics, in the order the original reports them. */
  List<MetricSpec> metrics();
}
