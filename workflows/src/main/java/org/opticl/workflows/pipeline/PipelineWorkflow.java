package org.opticl.workflows.pipeline;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.opticl.workflows.api.RunRequest;
import org.opticl.workflows.api.RunResult;
import org.opticl.workflows.api.RunStatus;

/**
 * One run of the paper's method on one model: a child {@link CellWorkflow} per (task, shots), an
 * {@link InductionWorkflow}, then a {@link SummaryWorkflow} for aggregate importance, cross-task
 * pruning, analysis, figures and the report. Its id is {@code opticl-<spec digest>}, so starting
 * the same spec twice attaches to the same run.
 */
@WorkflowInterface
public interface PipelineWorkflow {
  @WorkflowMethod(name = "OpticlPipeline")
  RunResult run(RunRequest request);

  @QueryMethod(name = "status")
  RunStatus status();
}
