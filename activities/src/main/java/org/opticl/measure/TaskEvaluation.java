package org.opticl.measure;

import java.util.List;
import java.util.Objects;
import org.opticl.harness.eval.Evaluator;
import org.opticl.harness.eval.TaskResult;
import org.opticl.harness.prompt.PromptBuilder;
import org.opticl.harness.prompt.PromptedDoc;
import org.opticl.harness.scoring.OptLoglikelihoodModel;
import org.opticl.harness.scoring.ProgressListener;
import org.opticl.harness.task.Task;
import org.opticl.harness.task.TextRequest;
import org.opticl.model.opt.Interventions;

/**
 * One task's prompts, built once, evaluated under any number of masks: the baseline, every FFN
 * knock-off and every pruning point of a cell score the same prompts (paper-spec §5), so building
 * them once is both cheaper and a guarantee that the numbers are comparable. Scoring follows the
 * harness exactly ({@link Evaluator}, {@link OptLoglikelihoodModel}).
 */
public final class TaskEvaluation {
  private final MeasuredModel subject;
  private final EvalSetup setup;
  private final Prepared<?> prepared;
  private final String digest;

  private record Prepared<D>(Task<D> task, List<PromptedDoc<D>> docs) {}

  private TaskEvaluation(MeasuredModel subject, EvalSetup setup, Prepared<?> prepared) {
    this.subject = subject;
    this.setup = setup;
    this.prepared = prepared;
    this.digest = digestOf(setup, prepared, subject.vocabLimit());
  }

  /**
   * Loads the task's data and builds its prompts.
   *
   * @throws IllegalArgumentException when the split has no documents to evaluate
   * @throws org.opticl.harness.task.TaskDataException when its files are missing or malformed
   */
  public static TaskEvaluation prepare(MeasuredModel subject, EvalSetup setup) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(setup, "setup");
    Prepared<?> prepared = build(setup.resolveTask(), setup);
    if (prepared.docs().isEmpty()) {
      throw new IllegalArgumentException(
          setup.label() + ": the evaluated split in " + setup.dataDir() + " has no documents");
    }
    return new TaskEvaluation(subject, setup, prepared);
  }

  private static <D> Prepared<D> build(Task<D> task, EvalSetup setup) {
    return new Prepared<>(
        task, PromptBuilder.build(task, setup.dataDir(), setup.shots(), setup.limit(), ""));
  }

  public EvalSetup setup() {
    return setup;
  }

  public MeasuredModel subject() {
    return subject;
  }

  public int docCount() {
    return prepared.docs().size();
  }

  /**
   * SHA-256 of what this evaluation's numbers depend on besides the model: task, shots, limit,
   * variant, vocabulary slice and every prompt's text (so changed data files change it too).
   */
  public String digest() {
    return digest;
  }

  /** Scores every prompt with {@code interventions} applied and aggregates the task's metrics. */
  public TaskResult evaluate(Interventions interventions, ProgressListener progress) {
    OptLoglikelihoodModel lm =
        OptLoglikelihoodModel.of(subject.model(), interventions, subject.vocabLimit());
    return evaluate(prepared, new Evaluator(subject.encoder(), lm), progress);
  }

  private static <D> TaskResult evaluate(
      Prepared<D> p, Evaluator evaluator, ProgressListener progress) {
    // No bootstrap: the original removed standard errors (paper-spec §3.5); mean stderrs remain.
    return evaluator.evaluate(p.task(), p.docs(), 0, progress);
  }

  private static String digestOf(EvalSetup setup, Prepared<?> prepared, int vocabLimit) {
    InputDigest d =
        new InputDigest()
            .add("task-evaluation/1")
            .add(setup.task())
            .add(setup.shots())
            .add(setup.limit().orElse(-1))
            .add(setup.variant().name())
            .add(vocabLimit);
    for (PromptedDoc<?> doc : prepared.docs()) {
      d.add(doc.prompt().sourceIndex()).add(doc.prompt().context());
      d.add(doc.prompt().gold().stream().mapToInt(Integer::intValue).toArray());
      for (TextRequest r : doc.prompt().requests()) {
        d.add(r.context()).add(r.continuation());
      }
    }
    return d.hex();
  }
}
