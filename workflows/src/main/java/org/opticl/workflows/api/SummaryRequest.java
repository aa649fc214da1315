package org.opticl.workflows.api;

import java.util.List;
import java.util.Optional;
import org.opticl.schema.ArtifactRef;

/**
 * What the summary needs: the run, each cell's record (an artifact holding its {@link CellResult}),
 * the aggregate importances per shot, cross-task results and induction scores.
 */
public record SummaryRequest(
    String runId,
    ArtifactRef runSpec,
    ModelInfo model,
    List<ArtifactRef> cells,
    List<ArtifactRef> aggregates,
    List<CrossTaskEval> crossTask,
    Optional<ArtifactRef> induction) {}
