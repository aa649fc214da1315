package org.opticl.workflows.pipeline;

import io.temporal.workflow.Workflow;
import org.opticl.workflows.api.InductionRequest;
import org.opticl.workflows.api.ModelActivities;
import org.opticl.workflows.api.StageOutcome;

/** See {@link InductionWorkflow}. */
public class InductionWorkflowImpl implements InductionWorkflow {
  /** Induction scores heartbeat per sequence: a minute of silence means a dead worker. */
  private static final int HEARTBEAT_SECONDS = 60;

  @Override
  public StageOutcome run(InductionRequest request) {
    return Workflow.newActivityStub(
            ModelActivities.class,
            ActivityProfiles.model(
                HEARTBEAT_SECONDS, "induction scores (" + request.sequences() + " sequences)"))
        .inductionScores(request);
  }
}
