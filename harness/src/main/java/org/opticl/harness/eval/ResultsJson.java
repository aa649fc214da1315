package org.opticl.harness.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.opticl.harness.metrics.MetricValue;

/**
 * Results in the JSON shape of the original {@code main.py} output, so that the paper's plotting
 * scripts and opticl's can read either: {@code {"results": {task: {metric, metric_stderr, ...}},
 * "versions": {task: version}, "config": {...}}}. Standard errors are written where defined (the
 * paper's fork had removed them; the harness it forked from reported them).
 */
public final class ResultsJson {
  private ResultsJson() {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The results document. */
  public static ObjectNode toJson(List<TaskResult> tasks, EvalConfig config) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode results = root.putObject("results");
    ObjectNode versions = root.putObject("versions");
    for (TaskResult task : tasks) {
      ObjectNode metrics = results.putObject(task.task());
      for (MetricValue metric : task.metrics()) {
        metrics.put(metric.name(), metric.value());
        if (metric.stderr().isPresent()) {
          metrics.put(metric.name() + "_stderr", metric.stderr().getAsDouble());
        }
      }
      versions.put(task.task(), task.version());
    }
    ObjectNode c = root.putObject("config");
    c.put("model", config.model());
    c.put("model_args", config.modelArgs());
    c.put("num_fewshot", config.numFewshot());
    putOptional(c, "batch_size", config.batchSize());
    if (config.device().isPresent()) {
      c.put("device", config.device().get());
    } else {
      c.putNull("device");
    }
    c.put("no_cache", config.noCache());
    putOptional(c, "limit", config.limit());
    c.put("bootstrap_iters", config.bootstrapIters());
    if (config.descriptionDict().isEmpty()) {
      c.putNull("description_dict");
    } else {
      ObjectNode d = c.putObject("description_dict");
      config.descriptionDict().forEach(d::put);
    }
    return root;
  }

  private static void putOptional(ObjectNode node, String key, java.util.OptionalInt value) {
    if (value.isPresent()) {
      node.put(key, value.getAsInt());
    } else {
      node.putNull(key);
    }
  }

  /** Writes the results document, creating parent directories. */
  public static void write(Path file, List<TaskResult> tasks, EvalConfig config)
      throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    JSON.writeValue(file.toFile(), toJson(tasks, config));
  }
}
