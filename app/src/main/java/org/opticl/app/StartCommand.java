package org.opticl.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.opticl.app.pipeline.RunLauncher;
import org.opticl.app.pipeline.TemporalTarget;
import org.opticl.schema.RunSpec;
import org.opticl.spec.SpecFile;
import org.opticl.store.ArtifactStore;
import org.opticl.store.ArtifactStores;
import org.opticl.workflows.api.RunRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code opticl start SPEC}: starts (or attaches to) a run on a Temporal cluster and returns. */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a spec on a Temporal cluster (workers started with `opticl worker`); starting the"
          + " same spec again attaches to the same run. Prints the run id."
    })
final class StartCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SPEC")
  Path spec;

  @Option(
      names = "--address",
      description =
          "Temporal frontend (default: $TEMPORAL_ADDRESS, else the spec's: a spec names the"
              + " address its workers use inside the cluster, the environment the one this"
              + " machine reaches)")
  String address;

  @Option(names = "--namespace")
  String namespace;

  @Option(
      names = "--no-search-attributes",
      description = "the namespace lacks opticl's search attributes")
  boolean noSearchAttributes;

  @Override
  public Integer call() throws Exception {
    RunSpec runSpec = SpecFile.read(spec);
    RunSpec.Temporal t = runSpec.execution().temporal();
    try (ArtifactStore store = ArtifactStores.open(runSpec.execution().store());
        TemporalTarget target =
            TemporalTarget.connect(
                address != null
                    ? address
                    : TemporalTarget.fromEnvironment("TEMPORAL_ADDRESS", t.address()),
                namespace != null
                    ? namespace
                    : TemporalTarget.fromEnvironment("TEMPORAL_NAMESPACE", t.namespace()))) {
      RunRequest request = RunLauncher.prepare(runSpec, store, !noSearchAttributes);
      RunLauncher.start(target.client(), request);
      System.out.println(request.runId());
      System.err.printf(
          "started %s on %s; follow it with `opticl status %s` or in the Temporal Web UI"
              + " (OpticlModel = \"%s\")%n",
          request.runId(), target.address(), request.runId(), request.model().id());
      return 0;
    }
  }
}
