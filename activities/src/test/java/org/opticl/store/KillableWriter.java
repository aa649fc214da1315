package org.opticl.store;

import java.nio.file.Path;
import org.opticl.schema.ArtifactRef;
import org.opticl.schema.key.KeyMaterial;

/**
 * A writer process for the SIGKILL test: stores its outputs, writes its manifest to a durable
 * temporary file, announces {@link #READY} and blocks right before publishing, to be killed there.
 */
public final class KillableWriter {

  static final String READY = "READY-TO-PUBLISH";

  private KillableWriter() {}

  static KeyMaterial key() {
    return Fixtures.key("head-importance", 42);
  }

  static StageOutputs outputs(ArtifactStore store) {
    return new StageOutputs(store)
        .record("head-importance", Fixtures.headImportance(42))
        .bytes("log.txt", Fixtures.bytes("done"), "text/plain");
  }

  public static void main(String[] args) throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(Path.of(args[0]), c -> {});
    store.beforeManifestPublish(
        () -> {
          System.out.println(READY);
          System.out.flush();
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          System.exit(3); // never publish, even if not killed
        });
    outputs(store).commit(key(), Fixtures.provenance("doomed"));
    System.out.println("published " + ArtifactRef.JSON);
  }
}
