package org.opticl.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opticl.schema.ArtifactRef;
import org.opticl.schema.HeadImportance;
import org.opticl.schema.Manifest;
import org.opticl.schema.json.CanonicalJson;
import org.opticl.schema.key.KeyMaterial;
import org.opticl.schema.key.StageKey;
import org.opticl.schema.npy.Npy;

/**
 * The behaviour every {@link ArtifactStore} must have, run against each implementation by a
 * subclass: round trips, verification on read, all-or-nothing commits, first-writer-wins under
 * concurrency, and maintenance.
 */
abstract class ArtifactStoreContract {

  /** Corruptions reported by the store under test. */
  protected final List<Corruption> reported = new CopyOnWriteArrayList<>();

  protected ArtifactStore store;

  @TempDir protected Path scratch;

  /** A new, empty store location; every call within one test returns a store on that location. */
  protected abstract ArtifactStore openStore(CorruptionListener listener);

  /** Replaces the stored bytes of a store-relative object behind the store's back. */
  protected abstract void overwriteObject(String objectKey, byte[] bytes) throws Exception;

  /** Runs {@code hook} inside {@code commit}, after the outputs are checked, before publishing. */
  protected abstract void beforeManifestPublish(ArtifactStore store, Runnable hook);

  @BeforeEach
  void openStoreUnderTest() {
    store = openStore(reported::add);
  }

  @AfterEach
  void closeStoreUnderTest() {
    store.close();
  }

  @Test
  void putThenGetReturnsTheSameVerifiedBytes() {
    ArtifactRef ref = store.put(Fixtures.bytes("hello"), "text/plain");
    assertEquals(ArtifactRef.blobUri(ref.sha256()), ref.uri());
    assertEquals(5, ref.size());
    assertArrayEquals(Fixtures.bytes("hello"), store.get(ref).orElseThrow());
    assertEquals(ref, store.put(Fixtures.bytes("hello"), "text/plain"));
    assertTrue(store.contains(ref.sha256()));
    assertEquals(1, store.blobs().size());
  }

  @Test
  void missingBlobIsAnEmptyReadNotAnError() {
    ArtifactRef ref = ArtifactRef.blob("0".repeat(64), 3, "text/plain");
    assertTrue(store.get(ref).isEmpty());
    assertFalse(store.get(ref, scratch.resolve("out")));
    assertTrue(reported.isEmpty());
  }

  @Test
  void largeFileStreamsInAndOutVerified() throws Exception {
    byte[] data = new byte[6 << 20];
    new Random(1).nextBytes(data);
    Path source = Files.write(scratch.resolve("big.bin"), data);
    ArtifactRef ref = store.put(source, "application/octet-stream");
    assertEquals(data.length, ref.size());
    Path target = scratch.resolve("copy/big.bin");
    assertTrue(store.get(ref, target));
    assertArrayEquals(data, Files.readAllBytes(target));
  }

  @Test
  void corruptedBlobIsReportedWithItsKeyAndReadAsAMiss() throws Exception {
    ArtifactRef ref = store.put(Fixtures.bytes("the right bytes"), "text/plain");
    overwriteObject(ref.uri(), Fixtures.bytes("the wrong bytes")); // same size, other content
    assertTrue(store.get(ref).isEmpty(), "corrupt bytes must never be returned");
    assertEquals(1, reported.size());
    assertEquals(ref.uri(), reported.get(0).objectKey());
    assertTrue(reported.get(0).problem().contains(ref.sha256()), reported.get(0).problem());
    assertFalse(store.contains(ref.sha256()), "the corrupt blob is removed");
    store.put(Fixtures.bytes("the right bytes"), "text/plain");
    assertArrayEquals(Fixtures.bytes("the right bytes"), store.get(ref).orElseThrow());
  }

  @Test
  void truncatedBlobIsReportedAndLeavesTheTargetFileAlone() throws Exception {
    ArtifactRef ref = store.put(Fixtures.bytes("0123456789"), "text/plain");
    overwriteObject(ref.uri(), Fixtures.bytes("01234"));
    Path target = Files.writeString(scratch.resolve("previous.txt"), "previous");
    assertFalse(store.get(ref, target));
    assertEquals("previous", Files.readString(target));
    assertEquals(ref.uri(), reported.get(0).objectKey());
    try (var files = Files.list(scratch)) {
      assertEquals(1, files.filter(f -> f.getFileName().toString().contains("previous")).count());
    }
  }

  @Test
  void committedResultIsFoundAndItsOutputsRead() {
    HeadImportance importance = Fixtures.headImportance(1);
    KeyMaterial key = Fixtures.key("head-importance", 1);
    CommitResult result =
        new StageOutputs(store)
            .record("head-importance", importance)
            .commit(key, Fixtures.provenance("w1"));
    assertTrue(result.won());
    Manifest found = store.lookup(key.key()).orElseThrow();
    assertEquals(result.manifest(), found);
    assertEquals(
        List.of("head-importance.json", "head-importance.values.npy"),
        found.outputs().stream().map(Manifest.Output::name).toList());
    assertEquals(
        importance,
        StageOutputs.read(store, found, "head-importance.json", HeadImportance.class)
            .orElseThrow());
    byte[] npy = store.readOutput(found, "head-importance.values.npy").orElseThrow();
    assertEquals(2.0, Npy.read(npy).get(1, 1));
    assertEquals(List.of(key.key()), store.stageKeys());
  }

  @Test
  void commitNamingAnOutputThatWasNeverStoredIsRefused() {
    ArtifactRef ghost = ArtifactRef.blob("9".repeat(64), 12, ArtifactRef.JSON);
    Manifest manifest =
        Manifest.of(
            Fixtures.key("baseline", 1),
            List.of(Manifest.Output.of("result.json", ghost, Optional.empty())),
            Fixtures.provenance("w1"));
    StoreException e = assertThrows(StoreException.class, () -> store.commit(manifest));
    assertTrue(e.getMessage().contains("'result.json'"), e.getMessage());
    assertTrue(e.getMessage().contains("not in the store"), e.getMessage());
    assertTrue(store.lookup(manifest.stageKey()).isEmpty());
  }

  @Test
  void writerInterruptedBetweenBlobsAndManifestLeavesNothingVisible() {
    KeyMaterial key = Fixtures.key("head-importance", 2);
    StageOutputs outputs =
        new StageOutputs(store).record("head-importance", Fixtures.headImportance(2));
    beforeManifestPublish(
        store,
        () -> {
          throw new IllegalStateException("writer killed");
        });
    assertThrows(IllegalStateException.class, () -> outputs.commit(key, Fixtures.provenance("w1")));
    assertTrue(store.lookup(key.key()).isEmpty());
    assertTrue(store.stageKeys().isEmpty());
    assertTrue(store.manifestBytes(key.key()).isEmpty());

    // The next run recomputes and commits.
    beforeManifestPublish(store, () -> {});
    CommitResult retry =
        new StageOutputs(store)
            .record("head-importance", Fixtures.headImportance(2))
            .commit(key, Fixtures.provenance("w2"));
    assertTrue(retry.won());
    assertEquals(retry.manifest(), store.lookup(key.key()).orElseThrow());
  }

  @Test
  void concurrentWritersOfOneKeyBothSucceedAndExactlyOneManifestExists() throws Exception {
    try (ArtifactStore second = openStore(reported::add)) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        for (int round = 0; round < 5; round++) {
          KeyMaterial key = Fixtures.key("ffn-importance", 100 + round);
          CyclicBarrier barrier = new CyclicBarrier(2);
          List<Future<CommitResult>> futures = new ArrayList<>();
          int r = round;
          List<ArtifactStore> writers = List.of(store, second);
          for (int w = 0; w < writers.size(); w++) {
            ArtifactStore writer = writers.get(w);
            String name = "writer-" + w;
            futures.add(
                pool.submit(
                    () -> {
                      StageOutputs outputs =
                          new StageOutputs(writer).record("result", Fixtures.headImportance(r));
                      barrier.await(10, TimeUnit.SECONDS);
                      return outputs.commit(key, Fixtures.provenance(name));
                    }));
          }
          CommitResult a = futures.get(0).get(30, TimeUnit.SECONDS);
          CommitResult b = futures.get(1).get(30, TimeUnit.SECONDS);
          assertTrue(a.won() ^ b.won(), "exactly one writer wins, round " + round);
          Manifest stored = store.lookup(key.key()).orElseThrow();
          assertEquals(stored, a.manifest());
          assertEquals(stored, b.manifest());
          assertEquals(stored, second.lookup(key.key()).orElseThrow());
          assertEquals(1, store.stageKeys().stream().filter(k -> k.equals(key.key())).count());
        }
      } finally {
        pool.shutdownNow();
      }
    }
    assertTrue(reported.isEmpty(), reported.toString());
  }

  @Test
  void corruptManifestIsReportedAndRecomputedOver() throws Exception {
    KeyMaterial key = Fixtures.key("baseline", 3);
    new StageOutputs(store)
        .bytes("result.json", Fixtures.bytes("{}"), ArtifactRef.JSON)
        .commit(key, Fixtures.provenance("w1"));
    overwriteObject(key.key().manifestPath(), Fixtures.bytes("{\"schemaVersion\":1,\"trunc"));
    assertTrue(store.lookup(key.key()).isEmpty());
    assertEquals(key.key().manifestPath(), reported.get(0).objectKey());
    assertTrue(
        new StageOutputs(store)
            .bytes("result.json", Fixtures.bytes("{}"), ArtifactRef.JSON)
            .commit(key, Fixtures.provenance("w2"))
            .won());
  }

  @Test
  void manifestCopiedUnderAnotherKeyIsRejected() throws Exception {
    KeyMaterial a = Fixtures.key("baseline", 4);
    KeyMaterial b = Fixtures.key("baseline", 5);
    Manifest manifest =
        new StageOutputs(store)
            .bytes("result.json", Fixtures.bytes("{}"), ArtifactRef.JSON)
            .commit(a, Fixtures.provenance("w1"))
            .manifest();
    overwriteObject(b.key().manifestPath(), CanonicalJson.bytes(manifest));
    assertTrue(store.lookup(b.key()).isEmpty());
    assertEquals(b.key().manifestPath(), reported.get(0).objectKey());
    assertTrue(store.lookup(a.key()).isPresent());
  }

  @Test
  void corruptOutputTurnsTheResultIntoAMissThatCanBeRecommitted() throws Exception {
    KeyMaterial key = Fixtures.key("head-importance", 6);
    Manifest manifest =
        new StageOutputs(store)
            .record("hi", Fixtures.headImportance(6))
            .commit(key, Fixtures.provenance("w1"))
            .manifest();
    ArtifactRef npy = manifest.output("hi.values.npy").orElseThrow().ref();
    byte[] bad = store.get(npy).orElseThrow();
    bad[bad.length - 1] ^= 1;
    overwriteObject(npy.uri(), bad);
    assertTrue(store.readOutput(manifest, "hi.values.npy").isEmpty());
    assertEquals(npy.uri(), reported.get(0).objectKey());
    assertTrue(store.lookup(key.key()).isEmpty(), "the result is invalidated");
    CommitResult again =
        new StageOutputs(store)
            .record("hi", Fixtures.headImportance(6))
            .commit(key, Fixtures.provenance("w2"));
    assertTrue(again.won());
    assertTrue(store.readOutput(again.manifest(), "hi.values.npy").isPresent());
  }

  @Test
  void resultWhoseBlobWasDeletedIsAMiss() {
    KeyMaterial key = Fixtures.key("baseline", 7);
    Manifest manifest =
        new StageOutputs(store)
            .bytes("result.json", Fixtures.bytes("{\"acc\":1}"), ArtifactRef.JSON)
            .commit(key, Fixtures.provenance("w1"))
            .manifest();
    store.deleteBlob(manifest.outputs().get(0).ref().sha256());
    assertTrue(store.lookup(key.key()).isEmpty());
    assertTrue(store.stageKeys().isEmpty());
  }

  @Test
  void verifyReportsCorruptBlobsAndBrokenManifestsWithoutRepairing() throws Exception {
    KeyMaterial key = Fixtures.key("baseline", 8);
    Manifest manifest =
        new StageOutputs(store)
            .bytes("result.json", Fixtures.bytes("{\"acc\":0.5}"), ArtifactRef.JSON)
            .commit(key, Fixtures.provenance("w1"))
            .manifest();
    assertTrue(StoreMaintenance.verify(store).ok());
    ArtifactRef ref = manifest.outputs().get(0).ref();
    overwriteObject(ref.uri(), Fixtures.bytes("{\"acc\":0.9}"));
    StoreMaintenance.VerifyReport report = StoreMaintenance.verify(store);
    assertFalse(report.ok());
    assertEquals(
        List.of(ref.uri(), key.key().manifestPath()),
        report.corrupt().stream().map(Corruption::objectKey).toList());
    assertTrue(store.contains(ref.sha256()), "verify does not delete");
  }

  @Test
  void gcRemovesOnlyUnreferencedBlobsAndDryRunRemovesNothing() {
    KeyMaterial key = Fixtures.key("baseline", 9);
    Manifest manifest =
        new StageOutputs(store)
            .bytes("result.json", Fixtures.bytes("kept"), ArtifactRef.JSON)
            .commit(key, Fixtures.provenance("w1"))
            .manifest();
    ArtifactRef orphan = store.put(Fixtures.bytes("orphan of a dead writer"), "text/plain");

    StoreMaintenance.GcReport young = StoreMaintenance.gc(store, false, Duration.ofHours(1));
    assertTrue(young.removed().isEmpty(), "young blobs may belong to a writer still running");

    StoreMaintenance.GcReport dry = StoreMaintenance.gc(store, true, Duration.ZERO);
    assertEquals(List.of(orphan.sha256()), dry.removed().stream().map(BlobInfo::sha256).toList());
    assertTrue(store.contains(orphan.sha256()));

    StoreMaintenance.GcReport real = StoreMaintenance.gc(store, false, Duration.ZERO);
    assertEquals(orphan.size(), real.removedBytes());
    assertFalse(store.contains(orphan.sha256()));
    assertTrue(store.lookup(key.key()).isPresent());
    assertTrue(store.get(manifest.outputs().get(0).ref()).isPresent());
  }

  @Test
  void listShowsStagesOutputsAndSizes() {
    KeyMaterial key = Fixtures.key("baseline", 10);
    new StageOutputs(store)
        .bytes("a.json", Fixtures.bytes("{}"), ArtifactRef.JSON)
        .bytes("b.bin", new byte[100], "application/octet-stream")
        .commit(key, Fixtures.provenance("w1"));
    List<StoreMaintenance.StageListing> listing = StoreMaintenance.list(store);
    assertEquals(1, listing.size());
    assertEquals(key.key(), listing.get(0).key());
    assertEquals(102, listing.get(0).bytes());
    assertEquals(StageKey.class, listing.get(0).key().getClass());
  }
}
