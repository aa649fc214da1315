package org.opticl.workflows.api;

import java.util.List;
import org.opticl.schema.ArtifactRef;

/** FFN oracle importance of a cell: baseline − knock-off per layer, from stored evaluations. */
public record FfnImportanceRequest(
    EvalSpec eval, ArtifactRef baseline, List<ArtifactRef> knockoffs) {}
