package org.opticl.workflows.pipeline;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.opticl.workflows.api.CellRequest;
import org.opticl.workflows.api.CellResult;
import org.opticl.workflows.api.CellStatus;

/**
 * One (task, shots) cell: baseline → head importance → FFN knock-offs → FFN importance → head, FFN
 * and combined pruning. Evaluations fan out with bounded parallelism; every one is cached by the
 * content of its mask.
 */
@WorkflowInterface
public interface CellWorkflow {
  @WorkflowMethod(name = "OpticlCell")
  CellResult run(CellRequest request);

  @QueryMethod(name = "status")
  CellStatus status();
}
