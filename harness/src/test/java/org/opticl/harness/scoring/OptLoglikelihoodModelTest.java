package org.opticl.harness.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opticl.harness.eval.Evaluator;
import org.opticl.harness.eval.TaskResult;
import org.opticl.harness.metrics.DocResult;
import org.opticl.harness.prompt.PromptBuilder;
import org.opticl.harness.prompt.PromptedDoc;
import org.opticl.harness.task.Task;
import org.opticl.harness.task.TaskRegistry;
import org.opticl.harness.task.Variant;
import org.opticl.model.config.OptConfig;
import org.opticl.model.opt.Interventions;
import org.opticl.model.opt.OptModel;
import org.opticl.model.opt.ScoreOptions;
import org.opticl.model.random.RandomOpt;
import org.opticl.model.tokenizer.OptTokenizer;

/**
 * A task evaluated end to end through a real (random) OPT gives the same per-document results with
 * shared prefixes as without, and an FFN knock-out changes them.
 */
class OptLoglikelihoodModelTest {

  @Test
  void sharedPrefixEvaluationEqualsUnsharedEndToEnd(@TempDir Path dir) throws Exception {
    OptConfig config = new OptConfig(32, 4, 2, 64, 512, 512, 32, true, true, true, "float32");
    new RandomOpt(config, 3, 0.1f).write(dir);
    OptTokenizer tok = OptTokenizer.load(dir);
    Task<?> task = TaskRegistry.get("synthetic_kv", Variant.PARITY);
    try (OptModel model = OptModel.load(dir)) {
      List<DocResult> shared = run(task, tok, model, Interventions.NONE, true).docs();
      List<DocResult> plain = run(task, tok, model, Interventions.NONE, false).docs();
      assertEquals(plain, shared);
      TaskResult knocked =
          run(
              task,
              tok,
              model,
              Interventions.NONE.withFfnMask(Interventions.ffnMaskWithout(config, 0, 1)),
              true);
      assertTrue(!knocked.docs().equals(shared), "removing every FFN must change some answer");
    }
  }

  private static <D> TaskResult run(
      Task<D> task, OptTokenizer tok, OptModel model, Interventions iv, boolean share) {
    List<PromptedDoc<D>> docs = PromptBuilder.build(task, Path.of("."), 2, OptionalInt.of(12), "");
    OptLoglikelihoodModel scorer =
        new OptLoglikelihoodModel(
            model, iv, ScoreOptions.forVocab(tok.size()).withSharePrefix(share));
    return Evaluator.withOptTokenizer(tok, scorer).evaluate(task, docs, 0, ProgressListener.NONE);
  }
}
