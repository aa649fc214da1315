package org.opticl.app;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.opticl.activities.ModelCatalog;
import org.opticl.app.pipeline.PipelineWorkers;
import org.opticl.app.pipeline.Role;
import org.opticl.app.pipeline.TemporalTarget;
import org.opticl.store.ArtifactStore;
import org.opticl.store.ArtifactStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opticl worker --role …}: a worker process of a cluster deployment. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Serves opticl's task queues on a Temporal cluster until stopped (SIGTERM):"
          + " orchestrator (workflows), cpu (analysis, figures, report), gpu (model activities; one"
          + " model resident, one activity at a time)."
    })
final class WorkerCommand implements Callable<Integer> {
  @Option(
      names = "--role",
      required = true,
      split = ",",
      description = "orchestrator, cpu and/or gpu (repeat or comma-separate)")
  List<Role> roles;

  @Option(names = "--address", description = "Temporal frontend (default: $TEMPORAL_ADDRESS)")
  String address;

  @Option(names = "--namespace", description = "Temporal namespace (default: $TEMPORAL_NAMESPACE)")
  String namespace;

  @Option(
      names = "--store",
      description = "artifact store: a directory or s3://bucket/prefix (default: $OPTICL_STORE)")
  String store;

  @Option(
      names = "--reports",
      defaultValue = "opticl-reports",
      description = "where reports are written")
  Path reports;

  @Override
  public Integer call() throws Exception {
    String s =
        store != null
            ? store
            : System.getenv().getOrDefault("OPTICL_STORE", ArtifactStores.DEFAULT_LOCATION);
    CountDownLatch stop = new CountDownLatch(1);
    try (TemporalTarget target = TemporalTarget.connect(address, namespace);
        ArtifactStore artifacts = ArtifactStores.open(s);
        PipelineWorkers workers =
            PipelineWorkers.start(
                target.client(),
                EnumSet.copyOf(roles),
                artifacts,
                ModelCatalog.fromEnvironment(),
                reports)) {
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      System.err.printf(
          "opticl worker %s serving %s on %s, store %s%n",
          ProcessHandle.current().pid(), roles, target.address(), artifacts.location());
      stop.await();
      return 0;
    }
  }
}
