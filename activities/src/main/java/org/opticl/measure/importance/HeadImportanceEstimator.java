package org.opticl.measure.importance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.opticl.harness.eval.Evaluator;
import org.opticl.harness.prompt.ImportanceData;
import org.opticl.harness.prompt.ImportanceExample;
import org.opticl.harness.scoring.TextEncoder;
import org.opticl.harness.task.Task;
import org.opticl.measure.InputDigest;
import org.opticl.measure.MeasuredModel;
import org.opticl.measure.ModelShape;
import org.opticl.measure.Progress;
import org.opticl.model.opt.OptModel;

/**
 * Computes the gradient importance of every attention head for one task and shot count (paper-spec
 * §1): builds the importance examples, tokenises context and continuation separately, runs one
 * forward/backward pass per batch and accumulates with {@link ImportanceAccumulator}. After every
 * batch it reports the examples done and a checkpoint; a run resumed from any such checkpoint
 * returns a result bit-identical to an uninterrupted run (the accumulation is in double, in the
 * same order, on the same batches).
 */
public final class HeadImportanceEstimator {
  private HeadImportanceEstimator() {}

  /**
   * The whole computation for a task.
   *
   * @param resume a checkpoint of this same run, reported by an earlier {@code progress}
   * @param progress after each batch: examples done, examples in total, checkpoint
   * @throws IllegalArgumentException on unknown tasks, empty data, examples that cannot be used, or
   *     a checkpoint of other inputs
   */
  public static HeadImportanceResult run(
      MeasuredModel subject,
      HeadImportanceInput input,
      Optional<ImportanceCheckpoint> resume,
      Progress<ImportanceCheckpoint> progress) {
    List<ImportanceExample> examples = examples(input);
    TokenizedExamples data =
        tokenize(
            examples,
            subject.encoder(),
            subject.model().config().maxPositions(),
            input.options().overlength());
    return run(subject.model(), data, input.options(), resume, progress);
  }

  /** The importance examples of a task (paper-spec §1.2–1.3), in visiting order. */
  public static List<ImportanceExample> examples(HeadImportanceInput input) {
    return examples(input.resolveTask(), input);
  }

  private static <D> List<ImportanceExample> examples(Task<D> task, HeadImportanceInput input) {
    List<D> docs = task.load(input.dataDir(), task.demonstrationSplit()).docs();
    if (docs.isEmpty()) {
      throw new IllegalArgumentException(
          input.task()
              + ": the "
              + task.demonstrationSplit().label()
              + " split in "
              + input.dataDir()
              + " has no documents to compute importance on");
    }
    return ImportanceData.build(task, docs, input.shots(), input.subset(), input.seed());
  }

  /**
   * Tokenises examples as the original does: {@code ctx_ids = [2]} when the context is empty, else
   * {@code encode(ctx)}; {@code cont_ids = encode(cont)}; no BOS. Examples longer than {@code
   * window} follow {@code overlength}.
   */
  public static TokenizedExamples tokenize(
      List<ImportanceExample> examples, TextEncoder encoder, int window, Overlength overlength) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("no importance examples to tokenise");
    }
    List<TokenizedExample> out = new ArrayList<>(examples.size());
    int truncated = 0;
    int skipped = 0;
    for (ImportanceExample e : examples) {
      int[] ctx =
          e.context().isEmpty()
              ? new int[] {Evaluator.EMPTY_CONTEXT_TOKEN}
              : encoder.encode(e.context());
      int[] cont = encoder.encode(e.continuation());
      if (cont.length == 0) {
        throw new IllegalArgumentException(
            "importance example of doc "
                + e.doc()
                + ": continuation \""
                + e.continuation()
                + "\" encodes to no tokens, so nothing would be supervised");
      }
      int length = ctx.length + cont.length;
      if (length > window) {
        switch (overlength) {
          case FAIL ->
              throw new IllegalArgumentException(
                  "importance example of doc "
                      + e.doc()
                      + " has "
                      + length
                      + " tokens, more than the model's window of "
                      + window
                      + "; use Overlength.TRUNCATE_LEFT or SKIP");
          case SKIP -> {
            skipped++;
            continue;
          }
          case TRUNCATE_LEFT -> {
            if (cont.length >= window) {
              throw new IllegalArgumentException(
                  "importance example of doc "
                      + e.doc()
                      + ": its continuation alone has "
                      + cont.length
                      + " tokens, leaving no room for context in the window of "
                      + window);
            }
            ctx = Arrays.copyOfRange(ctx, ctx.length - (window - cont.length), ctx.length);
            truncated++;
          }
        }
      }
      out.add(new TokenizedExample(e.doc(), ctx, cont));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "all "
              + examples.size()
              + " importance examples exceed the window of "
              + window
              + " and were skipped");
    }
    return new TokenizedExamples(out, truncated, skipped);
  }

  /** The computation on already tokenised examples. */
  public static HeadImportanceResult run(
      OptModel model,
      TokenizedExamples data,
      ImportanceOptions options,
      Optional<ImportanceCheckpoint> resume,
      Progress<ImportanceCheckpoint> progress) {
    List<TokenizedExample> examples = data.examples();
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("no importance examples to accumulate");
    }
    ModelShape shape = ModelShape.of(model.config());
    int window = model.config().maxPositions();
    for (TokenizedExample e : examples) {
      if (e.length() > window) {
        throw new IllegalArgumentException(
            "example of doc "
                + e.doc()
                + " has "
                + e.length()
                + " tokens, more than the model's window of "
                + window);
      }
    }
    String digest = digest(options, shape, examples);
    int n = examples.size();
    int batch = options.batchSize();
    ImportanceAccumulator acc;
    int start;
    if (resume.isPresent()) {
      ImportanceCheckpoint c = resume.get();
      check(c, digest, n, batch);
      acc =
          ImportanceAccumulator.restore(
              options.method(),
              shape,
              c.sums(),
              c.totalTokens(),
              c.supervisedTokens(),
              c.nextExample());
      start = c.nextExample();
    } else {
      acc = new ImportanceAccumulator(options.method(), shape);
      start = 0;
    }
    for (int i = start; i < n; i += batch) {
      int end = Math.min(n, i + batch);
      acc.accumulate(model, examples.subList(i, end));
      progress.completed(
          end,
          n,
          new ImportanceCheckpoint(
              digest, end, n, acc.sums(), acc.totalTokens(), acc.supervisedTokens()));
    }
    return new HeadImportanceResult(
        options.method(),
        acc.importance(),
        acc.totalTokens(),
        acc.supervisedTokens(),
        acc.examples(),
        data.truncated(),
        data.skipped());
  }

  private static void check(ImportanceCheckpoint c, String digest, int n, int batch) {
    if (!c.inputDigest().equals(digest)) {
      throw new IllegalArgumentException(
          "checkpoint belongs to other inputs (input digest "
              + c.inputDigest()
              + ", this run's is "
              + digest
              + "): task, shots, data, options or model shape differ");
    }
    if (c.totalExamples() != n || c.nextExample() < 0 || c.nextExample() > n) {
      throw new IllegalArgumentException(
          "checkpoint is at example "
              + c.nextExample()
              + " of "
              + c.totalExamples()
              + "; this run has "
              + n
              + " examples");
    }
    if (c.nextExample() % batch != 0 && c.nextExample() != n) {
      throw new IllegalArgumentException(
          "checkpoint is at example "
              + c.nextExample()
              + ", not a batch boundary for batchSize="
              + batch);
    }
  }

  /** Identity of a run: options, model shape and every example's tokens in order. */
  static String digest(ImportanceOptions o, ModelShape shape, List<TokenizedExample> examples) {
    InputDigest d =
        new InputDigest()
            .add("head-importance/1")
            .add(o.method().name())
            .add(o.batchSize())
            .add(o.overlength().name())
            .add(shape.layers())
            .add(shape.heads())
            .add(examples.size());
    for (TokenizedExample e : examples) {
      d.add(e.doc()).add(e.context()).add(e.continuation());
    }
    return d.hex();
  }
}
