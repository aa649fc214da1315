package org.opticl.harness.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opticl.harness.metrics.DocResult;
import org.opticl.harness.metrics.MetricSpec;
import org.opticl.harness.metrics.MetricValue;
import org.opticl.harness.metrics.Metrics;
import org.opticl.harness.prompt.PromptedDoc;
import org.opticl.harness.scoring.Loglikelihood;
import org.opticl.harness.scoring.LoglikelihoodModel;
import org.opticl.harness.scoring.LoglikelihoodRequest;
import org.opticl.harness.scoring.ProgressListener;
import org.opticl.harness.scoring.TextEncoder;
import org.opticl.harness.task.Task;
import org.opticl.harness.task.TextRequest;
import org.opticl.model.tokenizer.OptTokenizer;

/**
 * Scores a task's prompts through a {@link LoglikelihoodModel} and aggregates the metrics, with the
 * request rules of {@code BaseLM.loglikelihood}: the context is tokenised on its own ({@code [2]},
 * i.e. {@code </s>}, when it is empty), the continuation on its own, and the joined sequence keeps
 * its last {@code maxLength + 1} tokens (the model then drops the very last token). All of a task's
 * requests go to the model in one call, so the model may batch and share prefixes freely.
 */
public final class Evaluator {
  /** The token standing in for an empty context ({@code eot_token_id}, OPT's {@code </s>}). */
  public static final int EMPTY_CONTEXT_TOKEN = 2;

  private final TextEncoder encoder;
  private final LoglikelihoodModel model;

  public Evaluator(TextEncoder encoder, LoglikelihoodModel model) {
    this.encoder = encoder;
    this.model = model;
  }

  /** An evaluator that tokenises with OPT's tokenizer. */
  public static Evaluator withOptTokenizer(OptTokenizer tokenizer, LoglikelihoodModel model) {
    return new Evaluator(tokenizer::encode, model);
  }

  /**
   * One request in tokens: context and continuation encoded separately, the joined sequence
   * left-truncated to {@code maxLength + 1} tokens by dropping context tokens.
   *
   * @throws IllegalArgumentException when the continuation encodes to no tokens or to more than
   *     {@code maxLength}
   */
  public static LoglikelihoodRequest tokenize(
      TextRequest request, TextEncoder encoder, int maxLength) {
    int[] context =
        request.context().isEmpty()
            ? new int[] {EMPTY_CONTEXT_TOKEN}
            : encoder.encode(request.context());
    int[] continuation = encoder.encode(request.continuation());
    if (continuation.length == 0) {
      throw new IllegalArgumentException(
          "continuation \"" + request.continuation() + "\" encodes to no tokens");
    }
    if (continuation.length > maxLength) {
      throw new IllegalArgumentException(
          "continuation of "
              + continuation.length
              + " tokens exceeds the model's maxLength="
              + maxLength);
    }
    if (context.length == 0) {
      throw new IllegalArgumentException(
          "context \"" + request.context() + "\" encodes to no tokens");
    }
    int keep = Math.min(context.length, maxLength + 1 - continuation.length);
    if (keep < context.length) {
      int[] truncated = new int[keep];
      System.arraycopy(context, context.length - keep, truncated, 0, keep);
      context = truncated;
    }
    return new LoglikelihoodRequest(context, continuation);
  }

  /** Scores all prompts of a task and aggregates its metrics. */
  public <D> TaskResult evaluate(
      Task<D> task, List<PromptedDoc<D>> docs, int bootstrapIterations, ProgressListener progress) {
    Map<String, int[]> cache = new HashMap<>();
    TextEncoder cached = text -> cache.computeIfAbsent(text, encoder::encode);
    List<LoglikelihoodRequest> requests = new ArrayList<>();
    for (PromptedDoc<D> doc : docs) {
      for (TextRequest request : doc.prompt().requests()) {
        requests.add(tokenize(request, cached, model.maxLength()));
      }
    }
    List<Loglikelihood> answers = model.loglikelihoods(requests, progress);
    if (answers.size() != requests.size()) {
      throw new IllegalStateException(
          "model answered " + answers.size() + " of " + requests.size() + " requests");
    }
    List<DocResult> results = new ArrayList<>(docs.size());
    int at = 0;
    for (PromptedDoc<D> doc : docs) {
      int n = doc.prompt().requests().size();
      results.add(task.score(doc.doc(), answers.subList(at, at + n)));
      at += n;
    }
    List<MetricValue> metrics = new ArrayList<>();
    if (!results.isEmpty()) {
      for (MetricSpec spec : task.metrics()) {
        metrics.add(Metrics.aggregate(spec, results, bootstrapIterations));
      }
    }
    return new TaskResult(task.name(), task.version(), metrics, results);
  }
}
