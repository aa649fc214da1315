package org.opticl.workflows.api;

import org.opticl.schema.ArtifactRef;

/** A stored stage result; {@code cached} when the stage key was already committed. */
public record StageOutcome(ArtifactRef artifact, boolean cached) {}
