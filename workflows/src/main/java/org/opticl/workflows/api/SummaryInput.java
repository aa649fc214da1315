package org.opticl.workflows.api;

import java.util.List;
import java.util.Optional;
import org.opticl.schema.ArtifactRef;

/** The summary workflow's input: the finished cells and the induction scores, by reference. */
public record SummaryInput(
    String runId,
    ArtifactRef runSpec,
    ModelInfo model,
    List<CellSummary> cells,
    RunOptions options,
    Optional<ArtifactRef> induction) {}
