package org.opticl.activities;

import java.util.Optional;
import org.opticl.schema.ArtifactRef;

/**
 * Where an evaluation stands, as heartbeat details: documents done, and the stored per-document
 * results of those documents (a blob, so the heartbeat stays a few hundred bytes).
 *
 * @param stageKey the evaluation's key, so a checkpoint is never applied to another evaluation
 */
public record EvalCheckpoint(String stageKey, int docsDone, Optional<ArtifactRef> partial) {}
