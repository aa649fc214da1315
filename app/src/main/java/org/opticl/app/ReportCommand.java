package org.opticl.app;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import org.opticl.activities.AnalysisActivitiesImpl;
import org.opticl.activities.CachePolicy;
import org.opticl.activities.ModelCatalog;
import org.opticl.activities.ReportWriter;
import org.opticl.activities.Stages;
import org.opticl.report.ColourScaling;
import org.opticl.report.ReportOptions;
import org.opticl.store.ArtifactStore;
import org.opticl.store.ArtifactStores;
import org.opticl.workflows.api.ReportOutcome;
import org.opticl.workflows.api.ReportRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code opticl report RUN}: renders a run's report again from its cached artifacts. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Renders a finished run's figures and HTML report again from the artifact store (after a"
          + " change to the plotting code, say), without touching the model; prints index.html."
    })
final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN", description = "run id (opticl-…)")
  String run;

  @Option(
      names = "--store",
      description = "artifact store (default: ${DEFAULT-VALUE})",
      defaultValue = "opticl-artifacts")
  String store;

  @Option(names = "--out", description = "where reports go (default: <store>/reports)")
  Path out;

  @Option(
      names = "--colour-scaling",
      defaultValue = "MIN_MAX",
      description =
          "heatmap colour limits: MIN_MAX (each map's own range) or PAPER (the original plotting"
              + " scripts' limits); default: ${DEFAULT-VALUE}")
  ColourScaling colourScaling;

  @Override
  public Integer call() {
    try (ArtifactStore artifacts = ArtifactStores.open(store)) {
      ReportRequest request =
          ReportWriter.lastRequest(artifacts, run)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no report of run "
                              + run
                              + " in "
                              + artifacts.location()
                              + " (has the run reached its summary?)"));
      Path root =
          out != null
              ? out
              : store.startsWith("s3://") ? Path.of("opticl-reports") : Path.of(store, "reports");
      AnalysisActivitiesImpl cpu =
          new AnalysisActivitiesImpl(
              artifacts,
              ModelCatalog.fromEnvironment(),
              new ReportWriter(root, new ReportOptions(colourScaling)),
              new CachePolicy(Set.of(Stages.REPORT)));
      ReportOutcome report = cpu.report(request);
      System.out.println(report.location());
      return 0;
    }
  }
}
