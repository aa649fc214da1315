package org.opticl.activities;

import java.util.Optional;
import org.opticl.schema.ArtifactRef;

/**
 * Heartbeat details of a head-importance or induction run: progress, and the last stored checkpoint
 * to resume from.
 */
public record ImportanceProgress(
    String stageKey, int done, int total, Optional<ArtifactRef> checkpoint) {}
