package org.opticl.activities;

import java.util.Optional;
import org.opticl.schema.ArtifactRef;

/**
 * Where an evaluation stands, as heartbeat details: the documents whose per-document results are
 * stored in {@code partial} (a blob, so the heartbeat stays a few hundred bytes), of how many.
 * Temporal keeps only the latest heartbeat, so every beat, also those sent while a chunk is being
 * scored, carries the last stored partial: a worker killed at any moment resumes from it.
 *
 * @param stageKey the evaluation's key, so a checkpoint is never applied to another evaluation
 * @param docsDone documents whose results are in {@code partial} (0 when it is empty)
 * @param docsTotal documents the evaluation scores
 */
public record EvalCheckpoint(
    String stageKey, int docsDone, int docsTotal, Optional<ArtifactRef> partial) {

  public EvalCheckpoint {
    if (docsDone < 0 || docsDone > docsTotal) {
      throw new IllegalArgumentException(
          "eval checkpoint: " + docsDone + " documents done of " + docsTotal);
    }
  }
}
