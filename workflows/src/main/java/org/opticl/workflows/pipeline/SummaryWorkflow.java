package org.opticl.workflows.pipeline;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.opticl.workflows.api.ReportOutcome;
import org.opticl.workflows.api.SummaryInput;

/**
 * Across cells: aggregate importance per shot count (paper Eq. 10), cross-task pruning, analysis
 * (Spearman matrices, Table 1, capacity retained), figures and the HTML report.
 */
@WorkflowInterface
public interface SummaryWorkflow {
  @WorkflowMethod(name = "OpticlSummary")
  ReportOutcome run(SummaryInput input);
}
