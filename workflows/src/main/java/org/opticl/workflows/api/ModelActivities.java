package org.opticl.workflows.api;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Activities that run the model, on the {@code opticl-gpu} queue. Each one resolves its stage key
 * first and returns the stored artifact without loading the model when the key is committed;
 * otherwise it computes, heartbeating with progress and a resume checkpoint, and commits.
 */
@ActivityInterface
public interface ModelActivities {
  @ActivityMethod(name = "Evaluate")
  EvalOutcome evaluate(EvalRequest request);

  @ActivityMethod(name = "HeadImportance")
  StageOutcome headImportance(ImportanceRequest request);

  @ActivityMethod(name = "InductionScores")
  StageOutcome inductionScores(InductionRequest request);
}
