package org.opticl.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.opticl.harness.eval.EvalConfig;
import org.opticl.harness.eval.Evaluator;
import org.opticl.harness.eval.ResultsJson;
import org.opticl.harness.eval.TaskResult;
import org.opticl.harness.prompt.PromptBuilder;
import org.opticl.harness.prompt.PromptedDoc;
import org.opticl.harness.scoring.OptLoglikelihoodModel;
import org.opticl.harness.task.Task;
import org.opticl.harness.task.TaskRegistry;
import org.opticl.harness.task.Variant;
import org.opticl.model.opt.Interventions;
import org.opticl.model.opt.OptModel;
import org.opticl.model.tokenizer.OptTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code opticl eval}: one task at k shots through an OPT model, printed in the JSON shape of the
 * original {@code main.py} output ({@code results} / {@code versions} / {@code config}).
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluates an OPT model (Hugging Face layout) on a task with lm-evaluation-harness semantics"
          + " and prints the results JSON; a progress bar goes to stderr."
    })
final class EvalCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "model directory")
  Path model;

  @Option(
      names = "--tokenizer",
      description = "directory with vocab.json and merges.txt (default: --model)")
  Path tokenizer;

  @Option(names = "--task", required = true)
  String task;

  @Option(names = "--shots", defaultValue = "0")
  int shots;

  @Option(names = "--data", defaultValue = ".", description = "the task's data directory")
  Path data;

  @Option(names = "--limit", description = "only the first N documents in evaluation order")
  Integer limit;

  @Option(names = "--variant", defaultValue = "PARITY", description = "PARITY or CORRECTED")
  Variant variant;

  @Option(names = "--no-share-prefix", description = "score every request's context separately")
  boolean noSharePrefix;

  @Option(names = "--output", description = "also write the results JSON to this file")
  Path output;

  @Option(
      names = "--bootstrap-iters",
      defaultValue = "100000",
      description =
          "bootstrap resamples for the standard errors of perplexity and F1, as the original's"
              + " simple_evaluate (default: ${DEFAULT-VALUE}; 0 leaves those errors out)")
  int bootstrapIters;

  @Override
  public Integer call() throws Exception {
    if (bootstrapIters < 0) {
      throw new IllegalArgumentException("--bootstrap-iters=" + bootstrapIters + " must be >= 0");
    }
    Task<?> t = TaskRegistry.get(task, variant);
    OptTokenizer tok = OptTokenizer.load(tokenizer == null ? model : tokenizer);
    try (OptModel m = OptModel.load(model)) {
      TaskResult result = evaluate(t, tok, m);
      EvalConfig config =
          new EvalConfig(
              "opticl-opt",
              "pretrained=" + model,
              shots,
              OptionalInt.empty(),
              Optional.of("cpu"),
              true,
              limit == null ? OptionalInt.empty() : OptionalInt.of(limit),
              bootstrapIters,
              Map.of());
      var json = ResultsJson.toJson(List.of(result), config);
      if (output != null) {
        ResultsJson.write(output, List.of(result), config);
      }
      System.out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
    }
    return 0;
  }

  private <D> TaskResult evaluate(Task<D> t, OptTokenizer tok, OptModel m) {
    OptionalInt n = limit == null ? OptionalInt.empty() : OptionalInt.of(limit);
    List<PromptedDoc<D>> docs = PromptBuilder.build(t, data, shots, n, "");
    OptLoglikelihoodModel scorer =
        new OptLoglikelihoodModel(
            m,
            Interventions.NONE,
            org.opticl.model.opt.ScoreOptions.forVocab(Math.min(tok.size(), m.config().vocabSize()))
                .withSharePrefix(!noSharePrefix));
    try (ProgressBar bar = new ProgressBar("requests", false)) {
      return Evaluator.withOptTokenizer(tok, scorer).evaluate(t, docs, bootstrapIters, bar::update);
    }
  }
}
