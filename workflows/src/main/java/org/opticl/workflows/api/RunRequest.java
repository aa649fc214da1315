package org.opticl.workflows.api;

import java.util.List;
import org.opticl.schema.ArtifactRef;

/**
 * A whole run: the model, the task × shot grid and the stage settings. {@code runSpec} is the
 * stored spec the run was started from (its digest names the run).
 */
public record RunRequest(
    String runId,
    ArtifactRef runSpec,
    ModelRef model,
    List<TaskRef> tasks,
    List<Integer> shots,
    long seed,
    int docLimit,
    RunOptions options) {}
