package org.opticl.app;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.opticl.app.pipeline.RunProgress;
import org.opticl.app.pipeline.TemporalTarget;
import org.opticl.workflows.api.CellStatus;
import org.opticl.workflows.api.RunStatus;
import org.opticl.workflows.api.StageState;
import org.opticl.workflows.pipeline.PipelineWorkflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code opticl status RUN}: a table of cells × stages. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Shows a run's cells × stages: done / cached / running / failed / pending.")
final class StatusCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN", description = "run id (opticl-…)")
  String run;

  @Option(names = "--address")
  String address;

  @Option(names = "--namespace")
  String namespace;

  @Override
  public Integer call() {
    try (TemporalTarget target = TemporalTarget.connect(address, namespace)) {
      RunStatus status = target.client().newWorkflowStub(PipelineWorkflow.class, run).status();
      RunProgress progress = new RunProgress(target.client(), run);
      List<CellStatus> cells = new ArrayList<>();
      Set<String> stages = new LinkedHashSet<>();
      for (CellStatus c : status.cells()) {
        CellStatus d = progress.cell(c.workflowId()).orElse(c);
        cells.add(d);
        stages.addAll(d.stages().keySet());
      }
      System.out.print(render(run, status, cells, List.copyOf(stages)));
      return 0;
    }
  }

  static String render(String run, RunStatus status, List<CellStatus> cells, List<String> stages) {
    StringBuilder out = new StringBuilder();
    out.append("run ").append(run).append(": ").append(status.stage());
    if (!status.report().isBlank()) {
      out.append("  report: ").append(status.report());
    }
    out.append('\n');
    int first = Math.max(4, cells.stream().mapToInt(c -> c.cell().length()).max().orElse(4));
    out.append(String.format("%-" + first + "s", "cell"));
    for (String s : stages) {
      out.append("  ").append(String.format("%-16s", s));
    }
    out.append('\n');
    for (CellStatus c : cells) {
      out.append(String.format("%-" + first + "s", c.cell()));
      for (String s : stages) {
        StageState st = c.stages().get(s);
        String cell =
            st == null
                ? "-"
                : st.total() <= 1
                    ? st.state()
                    : st.state()
                        + " "
                        + st.done()
                        + "/"
                        + st.total()
                        + (st.cached() > 0 ? " (" + st.cached() + "c)" : "");
        out.append("  ").append(String.format("%-16s", cell));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
