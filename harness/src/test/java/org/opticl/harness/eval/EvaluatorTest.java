package org.opticl.harness.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opticl.harness.metrics.MetricValue;
import org.opticl.harness.prompt.PromptBuilder;
import org.opticl.harness.prompt.PromptedDoc;
import org.opticl.harness.scoring.LoglikelihoodRequest;
import org.opticl.harness.scoring.ProgressListener;
import org.opticl.harness.task.Task;
import org.opticl.harness.task.TaskRegistry;
import org.opticl.harness.task.TextRequest;

class EvaluatorTest {
  @TempDir Path tmp;

  private static int[] ids(String s) {
    return CopyingFakeModel.ENCODER.encode(s);
  }

  @Test
  void emptyContextBecomesTheEndOfTextToken() {
    LoglikelihoodRequest r =
        Evaluator.tokenize(new TextRequest("", " a"), CopyingFakeModel.ENCODER, 2048);
    assertArrayEquals(new int[] {2}, r.context());
    assertArrayEquals(ids(" a"), r.continuation());
  }

  @Test
  void longInputsKeepTheirLastMaxLengthPlusOneTokens() {
    // maxLength 5: context+continuation keeps 6 tokens, the continuation whole.
    LoglikelihoodRequest r =
        Evaluator.tokenize(new TextRequest("abcdefgh", "xy"), CopyingFakeModel.ENCODER, 5);
    assertArrayEquals(ids("efgh"), r.context());
    assertArrayEquals(ids("xy"), r.continuation());
    LoglikelihoodRequest fits =
        Evaluator.tokenize(new TextRequest("abc", "xy"), CopyingFakeModel.ENCODER, 5);
    assertArrayEquals(ids("abc"), fits.context());
  }

  @Test
  void continuationsThatCannotBeScoredAreRejectedWithTheirText() {
    IllegalArgumentException empty =
        assertThrows(
            IllegalArgumentException.class,
            () -> Evaluator.tokenize(new TextRequest("a", ""), CopyingFakeModel.ENCODER, 5));
    assertEquals("continuation \"\" encodes to no tokens", empty.getMessage());
    IllegalArgumentException tooLong =
        assertThrows(
            IllegalArgumentException.class,
            () -> Evaluator.tokenize(new TextRequest("a", "abcdef"), CopyingFakeModel.ENCODER, 5));
    assertEquals("continuation of 6 tokens exceeds the model's maxLength=5", tooLong.getMessage());
  }

  private static <D> TaskResult run(Task<D> task, Path dir, int shots, CopyingFakeModel model) {
    List<PromptedDoc<D>> docs = PromptBuilder.build(task, dir, shots, OptionalInt.empty(), "");
    return new Evaluator(CopyingFakeModel.ENCODER, model)
        .evaluate(task, docs, 1000, ProgressListener.NONE);
  }

  private static double metric(TaskResult r, String name) {
    return r.metrics().stream()
        .filter(m -> m.name().equals(name))
        .findFirst()
        .orElseThrow()
        .value();
  }

  @Test
  void aCopyingModelSolvesTheSyntheticInductionTask() {
    CopyingFakeModel model = new CopyingFakeModel(2048);
    TaskResult r = run(TaskRegistry.get("synthetic_induction"), tmp, 0, model);
    assertEquals(1.0, metric(r, "acc"), 0.0);
    assertEquals(100, r.docs().size());
    assertEquals(800, model.seen.size(), "8 candidate words per document");
  }

  @Test
  void theKeyValueTaskIsSolvedExactlyWhenEveryKeyIsDemonstrated() {
    Task<?> task = TaskRegistry.get("synthetic_kv");
    // 16 shots sample all 16 mapping pairs, so the queried key is always demonstrated.
    assertEquals(1.0, metric(run(task, tmp, 16, new CopyingFakeModel(2048)), "acc"), 0.0);
    // Without demonstrations there is nothing to copy: every value scores by length alone, and
    // only the documents whose value is the first shortest one are right.
    double zeroShot = metric(run(task, tmp, 0, new CopyingFakeModel(2048)), "acc");
    assertEquals(0.1, zeroShot, 0.0);
  }

  @Test
  void commitmentBankResultsHaveTheShapeOfTheOriginalMainPyOutput() throws IOException {
    Path dir = tmp.resolve("cb");
    Files.createDirectories(dir);
    // The copying model prefers a label word that already followed "Neither?\nAnswer:" ... here
    // it simply never matches, so every document predicts the shortest continuation " True".
    Files.writeString(
        dir.resolve("val.jsonl"),
        String.join(
            "\n",
            "{\"premise\": \"A\", \"hypothesis\": \"B\", \"label\": \"entailment\", \"idx\": 0}",
            "{\"premise\": \"C\", \"hypothesis\": \"D\", \"label\": \"contradiction\", \"idx\": 1}",
            "{\"premise\": \"E\", \"hypothesis\": \"F\", \"label\": \"neutral\", \"idx\": 2}",
            "{\"premise\": \"G\", \"hypothesis\": \"H\", \"label\": \"entailment\", \"idx\": 3}"));
    TaskResult r = run(TaskRegistry.get("cb"), dir, 0, new CopyingFakeModel(2048));
    // predictions all 0 (" True": −1.05 beats " False" −1.06 and " Neither" −1.08)
    assertEquals(0.5, metric(r, "acc"), 0.0);
    // F1: class 0 p = 2/4, r = 1 -> 2/3; classes 1, 2 -> 0; mean 2/9
    assertEquals(2.0 / 9, metric(r, "f1"), 1e-15);
    MetricValue acc = r.metrics().get(0);
    assertEquals(Math.sqrt(1.0 / 3) / 2, acc.stderr().getAsDouble(), 1e-15);

    EvalConfig config =
        new EvalConfig(
            "opt",
            "pretrained=facebook/opt-125m",
            0,
            OptionalInt.of(2),
            Optional.empty(),
            true,
            OptionalInt.empty(),
            1000,
            Map.of());
    JsonNode json = ResultsJson.toJson(List.of(r), config);
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("results", "versions", "config"), keys);
    List<String> metrics = new ArrayList<>();
    json.get("results").get("cb").fieldNames().forEachRemaining(metrics::add);
    assertEquals(List.of("acc", "acc_stderr", "f1", "f1_stderr"), metrics);
    assertEquals(0.5, json.get("results").get("cb").get("acc").asDouble(), 0.0);
    assertEquals(1, json.get("versions").get("cb").asInt());
    List<String> configKeys = new ArrayList<>();
    json.get("config").fieldNames().forEachRemaining(configKeys::add);
    assertEquals(
        List.of(
            "model",
            "model_args",
            "num_fewshot",
            "batch_size",
            "device",
            "no_cache",
            "limit",
            "bootstrap_iters",
            "description_dict"),
        configKeys);
    assertEquals(true, json.get("config").get("limit").isNull());
  }

  @Test
  void winograndeSendsOneContextPerOptionAndTheSharedContinuation() throws IOException {
    Path dir = tmp.resolve("winogrande");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("dev.jsonl"),
        "{\"sentence\": \"The cat ate because _ was hungry.\", \"option1\": \"the cat\","
            + " \"option2\": \"the dog\", \"answer\": \"1\"}\n");
    CopyingFakeModel model = new CopyingFakeModel(2048);
    run(TaskRegistry.get("winogrande"), dir, 0, model);
    assertEquals(2, model.seen.size());
    assertEquals(
        "The cat ate because the cat", CopyingFakeModel.decode(model.seen.get(0).context()));
    assertEquals(
        "The cat ate because the dog", CopyingFakeModel.decode(model.seen.get(1).context()));
    assertEquals(" was hungry.", CopyingFakeModel.decode(model.seen.get(1).continuation()));
  }
}
