package org.opticl.schema;

import java.util.Map;

/**
 * lm-evaluation-harness's result document, {@code {"results": {task: {metric: value}}, "versions":
 * {task: version}, "config": {...}}}, the format the paper's plotting scripts and much of the
 * community's tooling read. Not an artifact of its own: a view of one or more {@link EvalResult}s
 * for export.
 */
public record LmEvalResults(
    Map<String, Map<String, Double>> results,
    Map<String, Integer> versions,
    Map<String, Object> config) {

  public LmEvalResults {
    Checks.present(results, "LmEvalResults.results");
    Checks.present(versions, "LmEvalResults.versions");
    Checks.present(config, "LmEvalResults.config");
  }
}
