package org.opticl.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The result of one evaluation (model, task, shots, mask, document limit): the unit that the
 * baseline, FFN knock-off and every pruning stage share. It keeps what the paper's result files
 * keep and what they dropped (standard errors, document count, the mask itself), and can still be
 * written in lm-evaluation-harness's {@code results}/{@code versions}/{@code config} shape via
 * {@link #toLmEval()} for tools that read that.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this code
 * @param model the evaluated model
 * @param task the task and its data digest
 * @param shots number of in-context demonstrations (0, 1, 5 in the paper)
 * @param taskVersion the task implementation's version, as lm-evaluation-harness reports it
 * @param metrics metric name ({@code acc}, {@code acc_norm}, {@code em}, {@code f1}...) to value
 * @param docCount documents scored
 * @param limit the document limit, when the evaluation was cut short of the full split
 * @param mask the units removed for this evaluation
 */
public record EvalResult(
    int schemaVersion,
    ModelIdentity model,
    TaskIdentity task,
    int shots,
    int taskVersion,
    Map<String, Metric> metrics,
    int docCount,
    OptionalInt limit,
    MaskDescription mask)
    implements SchemaArtifact {

  public static final int SCHEMA_VERSION = 1;

  public EvalResult {
    Checks.schemaVersion(schemaVersion, EvalResult.class);
    Checks.present(model, "EvalResult.model");
    Checks.present(task, "EvalResult.task");
    Checks.nonNegative(shots, "EvalResult.shots");
    Checks.nonNegative(taskVersion, "EvalResult.taskVersion");
    if (Checks.present(metrics, "EvalResult.metrics").isEmpty()) {
      throw new IllegalArgumentException("EvalResult.metrics must name at least one metric");
    }
    metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
    Checks.nonNegative(docCount, "EvalResult.docCount");
    Checks.present(limit, "EvalResult.limit");
    Checks.present(mask, "EvalResult.mask");
  }

  /**
   * This result in lm-evaluation-harness's output shape: {@code results.<task>.<metric>} with
   * {@code <metric>_stderr} beside each metric that has one, {@code versions.<task>}, and a {@code
   * config} with the fields the paper's result files carried.
   */
  public LmEvalResults toLmEval() {
    Map<String, Double> values = new LinkedHashMap<>();
    new TreeMap<>(metrics)
        .forEach(
            (name, metric) -> {
              values.put(name, metric.value());
              metric.stderr().ifPresent(se -> values.put(name + "_stderr", se));
            });
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("model", model.id());
    config.put("model_args", "weights=" + model.weightsDigest() + ",dtype=" + model.dtype());
    config.put("num_fewshot", shots);
    config.put("limit", limit.isPresent() ? limit.getAsInt() : null);
    config.put("mask", mask.summary());
    return new LmEvalResults(Map.of(task.name(), values), Map.of(task.name(), taskVersion), config);
  }
}
