package org.opticl.app.pipeline;

import io.temporal.client.WorkflowClient;
import java.util.Optional;
import org.opticl.workflows.api.CellStatus;
import org.opticl.workflows.api.RunStatus;
import org.opticl.workflows.api.StageState;
import org.opticl.workflows.pipeline.CellWorkflow;
import org.opticl.workflows.pipeline.PipelineWorkflow;

/**
 * Reads a run's progress through its workflows' {@code status} queries: the run's stage and, per
 * cell, how many of its activities are done — the numbers behind the progress bar and {@code opticl
 * status}.
 */
public final class RunProgress {
  /** A snapshot: activities done of those known so far, and what is happening now. */
  public record Snapshot(long done, long total, String label) {}

  private final WorkflowClient client;
  private final String runId;

  public RunProgress(WorkflowClient client, String runId) {
    this.client = client;
    this.runId = runId;
  }

  public Optional<Snapshot> poll() {
    try {
      RunStatus run = client.newWorkflowStub(PipelineWorkflow.class, runId).status();
      long done = 0;
      long total = 0;
      String label = run.stage();
      for (CellStatus cell : run.cells()) {
        Optional<CellStatus> detail = cell(cell.workflowId());
        CellStatus c = detail.orElse(cell);
        for (var e : c.stages().entrySet()) {
          StageState s = e.getValue();
          done += s.done();
          total += s.total();
          if (s.state().equals("running")) {
            label = c.cell() + " " + e.getKey();
          }
        }
      }
      return Optional.of(new Snapshot(done, Math.max(total, 1), label));
    } catch (RuntimeException notYetQueryable) {
      return Optional.empty();
    }
  }

  /** One cell's detailed status, if its workflow has started. */
  public Optional<CellStatus> cell(String workflowId) {
    try {
      return Optional.of(client.newWorkflowStub(CellWorkflow.class, workflowId).status());
    } catch (RuntimeException notStarted) {
      return Optional.empty();
    }
  }

  /**
   * What actually went wrong: the first activity failure's own message (it names the stage and the
   * problem), else the innermost message of the chain.
   */
  public static String rootMessage(Throwable t) {
    String msg = String.valueOf(t.getMessage());
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof io.temporal.failure.ApplicationFailure a) {
        return a.getOriginalMessage();
      }
      if (c.getMessage() != null) {
        msg = c.getMessage();
      }
    }
    return msg;
  }
}
