package org.opticl.workflows.api;

import org.opticl.schema.ArtifactRef;

/** What the summary needs of one cell: its setting, its record and its head importance. */
public record CellSummary(
    EvalSpec eval, ArtifactRef record, ArtifactRef headImportance, double baseline) {}
