package org.opticl.workflows.api;

import org.opticl.schema.ArtifactRef;

/**
 * The stored result of an evaluation and the number the pipeline reports (the paper's metric:
 * accuracy, or exact match for ReCoRD, as a fraction); {@code cached} when nothing was computed.
 */
public record EvalOutcome(ArtifactRef result, double metric, boolean cached) {}
