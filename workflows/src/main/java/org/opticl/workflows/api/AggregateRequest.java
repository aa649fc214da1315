package org.opticl.workflows.api;

import java.util.List;
import org.opticl.schema.ArtifactRef;

/** Aggregate head importance at one shot count: the mean over tasks (paper Eq. 10). */
public record AggregateRequest(int shots, List<ArtifactRef> importances) {}
