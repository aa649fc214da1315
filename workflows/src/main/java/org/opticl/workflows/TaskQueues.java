package org.opticl.workflows;

/**
 * The task queues, one per kind of resource, so that each pool scales on its own: workflows (cheap,
 * deterministic), CPU activities (analysis, plots, reports) and model activities (a GPU worker with
 * one model resident).
 */
public final class TaskQueues {
  public static final String ORCHESTRATOR = "opticl-orchestrator";
  public static final String CPU = "opticl-cpu";
  public static final String GPU = "opticl-gpu";

  private TaskQueues() {}
}
