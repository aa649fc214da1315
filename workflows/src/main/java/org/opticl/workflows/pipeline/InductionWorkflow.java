package org.opticl.workflows.pipeline;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.opticl.workflows.api.InductionRequest;
import org.opticl.workflows.api.StageOutcome;

/** Prefix-matching and copying scores of the run's model (task-free, so once per run). */
@WorkflowInterface
public interface InductionWorkflow {
  @WorkflowMethod(name = "OpticlInduction")
  StageOutcome run(InductionRequest request);
}
