package org.opticl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.opticl.schema.ArtifactRef;
import org.opticl.schema.key.KeyMaterial;

class LocalArtifactStoreTest extends ArtifactStoreContract {

  private Path root;

  @Override
  protected ArtifactStore openStore(CorruptionListener listener) {
    if (root == null) {
      root = scratch.resolve("store");
    }
    return new LocalArtifactStore(root, listener);
  }

  @Override
  protected void overwriteObject(String objectKey, byte[] bytes) throws Exception {
    Path file = root.resolve(objectKey);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  @Override
  protected void beforeManifestPublish(ArtifactStore store, Runnable hook) {
    ((LocalArtifactStore) store).beforeManifestPublish(hook);
  }

  @Test
  void layoutIsCasBlobsAndOneManifestPerStageKey() {
    KeyMaterial key = Fixtures.key("baseline", 1);
    ArtifactRef ref =
        new StageOutputs(store)
            .bytes("result.json", Fixtures.bytes("{}"), ArtifactRef.JSON)
            .commit(key, Fixtures.provenance("w1"))
            .manifest()
            .outputs()
            .get(0)
            .ref();
    assertTrue(
        Files.isRegularFile(
            root.resolve("cas/sha256/" + ref.sha256().substring(0, 2) + "/" + ref.sha256())));
    assertTrue(
        Files.isRegularFile(root.resolve("stages/baseline/" + key.key().hex() + "/manifest.json")));
  }

  @Test
  void writerKilledWithSigkillBeforePublishingLeavesNothingVisible() throws Exception {
    KeyMaterial key = KillableWriter.key();
    Process writer =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                KillableWriter.class.getName(),
                root.toString())
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals(KillableWriter.READY)) {
        // skip anything else the child prints
      }
      assertEquals(KillableWriter.READY, line, "the writer must reach the publish point");
      writer.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
      assertTrue(writer.waitFor(10, TimeUnit.SECONDS));
    }
    // Blobs and a durable temporary manifest exist, but no result is visible.
    assertEquals(3, store.blobs().size()); // json, npy, log
    assertTrue(store.lookup(key.key()).isEmpty());
    assertTrue(store.stageKeys().isEmpty());
    List<String> stale = store.removeStaleTemporaries(Duration.ZERO, true);
    assertEquals(1, stale.size(), stale.toString());
    assertTrue(stale.get(0).startsWith("tmp/manifest-"), stale.toString());

    // The next run recomputes, commits, and gc then finds nothing unreferenced.
    CommitResult rerun = KillableWriter.outputs(store).commit(key, Fixtures.provenance("rerun"));
    assertTrue(rerun.won());
    assertTrue(store.lookup(key.key()).isPresent());
    StoreMaintenance.GcReport gc = StoreMaintenance.gc(store, false, Duration.ZERO);
    assertTrue(gc.removed().isEmpty());
    assertEquals(1, gc.temporaries().size());
    assertTrue(store.removeStaleTemporaries(Duration.ZERO, true).isEmpty());
  }
}
