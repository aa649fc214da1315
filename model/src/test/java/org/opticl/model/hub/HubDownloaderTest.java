package org.opticl.model.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opticl.model.config.OptConfig;
import org.opticl.model.io.SafetensorsWriter;
import org.opticl.model.opt.Batch;
import org.opticl.model.opt.Interventions;
import org.opticl.model.opt.OptModel;
import org.opticl.model.random.RandomOpt;
import org.opticl.model.testing.TinyModels;

/**
 * Downloads from a hub served on 127.0.0.1 with the real hub's URL layout: the snapshot holds
 * exactly the served bytes and loads as a model; interrupted, stalled and corrupted transfers are
 * resumed or rejected; unknown ids and an unreachable hub give errors that say so; shards overlap
 * up to the bound and no further.
 */
class HubDownloaderTest {
  private static final String ID = "facebook/opt-tiny";
  private static final String SHARDED = "facebook/opt-tiny-sharded";
  private static final OptConfig CONFIG = TinyModels.preLn();
  private static final Batch BATCH = Batch.of(new int[] {2, 8, 9, 10, 50, 60});

  @TempDir static Path models;
  private static Map<String, byte[]> single;
  private static Map<String, byte[]> sharded;
  private static float[][] reference;

  @TempDir Path cache;
  private FakeHub hub;

  @BeforeAll
  static void models() throws IOException {
    RandomOpt weights = new RandomOpt(CONFIG, 5, 0.3f);
    Path one = models.resolve("single");
    weights.write(one);
    single = read(one);
    single.put("pytorch_model.bin", new byte[] {1, 2, 3}); // present on the hub, never fetched
    single.put("README.md", "# tiny".getBytes());
    sharded = shard(weights, models.resolve("sharded"), 5);
    try (OptModel m = OptModel.load(one)) {
      reference = m.lastLogits(BATCH, Interventions.NONE);
    }
  }

  /** The random OPT's files with its weights split into {@code n} shards and an index. */
  private static Map<String, byte[]> shard(RandomOpt weights, Path dir, int n) throws IOException {
    weights.write(dir);
    Files.delete(dir.resolve("model.safetensors"));
    List<String> names = new ArrayList<>(RandomOpt.shapesOf(CONFIG).keySet());
    ObjectMapper json = new ObjectMapper();
    ObjectNode index = json.createObjectNode();
    index.putObject("metadata").put("total_size", 0);
    ObjectNode map = index.putObject("weight_map");
    for (int s = 0; s < n; s++) {
      String file = String.format("model-%05d-of-%05d.safetensors", s + 1, n);
      Map<String, SafetensorsWriter.Tensor> tensors = new LinkedHashMap<>();
      for (int i = s * names.size() / n; i < (s + 1) * names.size() / n; i++) {
        String name = names.get(i);
        tensors.put(
            "model.decoder." + name,
            new SafetensorsWriter.Tensor(weights.shapes().get(name), weights.values(name)));
        map.put("model.decoder." + name, file);
      }
      SafetensorsWriter.write(dir.resolve(file), tensors);
    }
    Files.write(dir.resolve(CheckpointFiles.INDEX), json.writeValueAsBytes(index));
    return read(dir);
  }

  private static Map<String, byte[]> read(Path dir) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (var s = Files.list(dir)) {
      for (Path p : s.sorted().collect(Collectors.toList())) {
        files.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    return files;
  }

  @BeforeEach
  void startHub() throws IOException {
    hub = new FakeHub().repo(ID, single).repo(SHARDED, sharded);
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private HubOptions options() {
    return HubOptions.fromEnvironment(Map.of())
        .withEndpoint(hub.endpoint())
        .withCacheRoot(cache)
        .withRetries(3, Duration.ofMillis(10))
        .withStallTimeout(Duration.ofSeconds(10));
  }

  private static void assertSameFiles(Map<String, byte[]> served, Path dir, List<String> expected)
      throws IOException {
    for (String name : expected) {
      assertArrayEquals(served.get(name), Files.readAllBytes(dir.resolve(name)), name);
    }
    try (var s = Files.list(dir)) {
      List<String> present =
          s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
      List<String> want = new ArrayList<>(expected);
      want.add(HubDownloader.MARKER);
      want.sort(null);
      assertEquals(want, present, "the snapshot holds exactly the checkpoint's files");
    }
  }

  private static List<String> shardFiles() {
    return sharded.keySet().stream()
        .filter(n -> n.endsWith(".safetensors"))
        .collect(Collectors.toList());
  }

  private static List<String> shardedCheckpoint() {
    List<String> files =
        new ArrayList<>(List.of("config.json", "vocab.json", "merges.txt", CheckpointFiles.INDEX));
    files.addAll(shardFiles());
    return files;
  }

  private static void assertLoadsAsTheServedModel(Path dir) {
    try (OptModel m = OptModel.load(dir)) {
      float[][] logits = m.lastLogits(BATCH, Interventions.NONE);
      for (int i = 0; i < logits.length; i++) {
        assertArrayEquals(reference[i], logits[i], 0f);
      }
    }
  }

  @Test
  void singleFileModelArrivesByteForByteAndLoads() throws Exception {
    ModelSnapshot s = new HubDownloader(options()).download(ID, "main");

    assertEquals(FakeHub.COMMIT, s.commit());
    assertEquals(cache.resolve(ID).resolve(FakeHub.COMMIT), s.dir());
    assertFalse(s.fromCache());
    assertSameFiles(
        single, s.dir(), List.of("config.json", "vocab.json", "merges.txt", "model.safetensors"));
    assertLoadsAsTheServedModel(s.dir());
  }

  @Test
  void shardedModelArrivesWithEveryShardAndLoads() throws Exception {
    ModelSnapshot s = new HubDownloader(options()).download(SHARDED, "main");

    assertSameFiles(sharded, s.dir(), shardedCheckpoint());
    assertLoadsAsTheServedModel(s.dir());
    String marker = Files.readString(s.dir().resolve(HubDownloader.MARKER));
    for (String shard : shardFiles()) {
      assertTrue(marker.contains(FakeHub.sha256(sharded.get(shard))), shard + " in the marker");
    }
  }

  @Test
  void shardTransfersOverlapUpToTheBoundAndNoFurther() throws Exception {
    hub.slow(40);
    new HubDownloader(options().withParallelism(3)).download(SHARDED, "main");

    assertEquals(3, hub.maxConcurrentTransfers(), "5 slow shards, 3 download slots");
  }

  @Test
  void droppedConnectionResumesWithARangeRequest() throws Exception {
    String shard = shardFiles().get(1);
    int cut = sharded.get(shard).length / 2;
    hub.dropConnection(shard, cut, 1);
    List<String> retries = new CopyOnWriteArrayList<>();
    DownloadListener listener =
        new DownloadListener() {
          @Override
          public void retrying(String file, int attempt, Exception cause) {
            retries.add(file);
          }
        };

    ModelSnapshot s = new HubDownloader(options(), listener).download(SHARDED, "main");

    assertSameFiles(sharded, s.dir(), shardedCheckpoint());
    assertEquals(List.of(shard), retries);
    assertTrue(
        hub.seen().stream()
            .anyMatch(
                r ->
                    r.path().endsWith("/" + shard)
                        && r.range().equals(Optional.of("bytes=" + cut + "-"))),
        "the retry asked for the rest of the file only: " + hub.seen());
  }

  @Test
  void interruptedRunIsResumedByTheNextRun() throws Exception {
    String shard = shardFiles().get(0);
    int cut = sharded.get(shard).length / 3;
    hub.dropConnection(shard, cut, 1);
    HubOptions once = options().withRetries(1, Duration.ZERO);

    HubException e =
        assertThrows(HubException.class, () -> new HubDownloader(once).download(SHARDED, "main"));

    assertEquals(HubException.Kind.INTERRUPTED, e.kind(), e.getMessage());
    assertTrue(
        e.getMessage().contains(shard) && e.getMessage().contains("resumes"), e.getMessage());
    Path dir = cache.resolve(SHARDED).resolve(FakeHub.COMMIT);
    assertEquals(cut, Files.size(dir.resolve(shard + ".part")));
    assertFalse(HubDownloader.isComplete(dir));

    ModelSnapshot s = new HubDownloader(once).download(SHARDED, "main");

    assertSameFiles(sharded, s.dir(), shardedCheckpoint());
    assertTrue(
        hub.seen().stream()
            .anyMatch(
                r ->
                    r.path().endsWith("/" + shard)
                        && r.range().equals(Optional.of("bytes=" + cut + "-"))));
  }

  @Test
  void stalledTransferIsAbandonedAndResumed() throws Exception {
    int cut = single.get("model.safetensors").length / 2;
    hub.stall("model.safetensors", cut, 1);
    long t0 = System.nanoTime();

    ModelSnapshot s =
        new HubDownloader(options().withStallTimeout(Duration.ofMillis(300))).download(ID, "main");

    assertSameFiles(
        single, s.dir(), List.of("config.json", "vocab.json", "merges.txt", "model.safetensors"));
    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), "did not wait it out");
    assertTrue(
        hub.seen().stream().anyMatch(r -> r.range().equals(Optional.of("bytes=" + cut + "-"))));
  }

  @Test
  void corruptedByteIsCaughtByTheChecksumAndThePartIsDeleted() throws Exception {
    hub.corrupt("model.safetensors", 100);
    HubDownloader d = new HubDownloader(options());

    HubException e = assertThrows(HubException.class, () -> d.download(ID, "main"));

    assertEquals(HubException.Kind.CHECKSUM, e.kind());
    assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
    assertTrue(e.getMessage().contains(FakeHub.sha256(single.get("model.safetensors"))));
    Path dir = cache.resolve(ID).resolve(FakeHub.COMMIT);
    assertFalse(Files.exists(dir.resolve("model.safetensors")));
    assertFalse(Files.exists(dir.resolve("model.safetensors.part")));
    assertFalse(HubDownloader.isComplete(dir));

    hub.heal("model.safetensors");
    assertLoadsAsTheServedModel(d.download(ID, "main").dir());
  }

  @Test
  void corruptedGitFileIsCaughtByItsBlobId() {
    hub.corrupt("config.json", 3);

    HubException e =
        assertThrows(HubException.class, () -> new HubDownloader(options()).download(ID, "main"));

    assertEquals(HubException.Kind.CHECKSUM, e.kind());
    assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("git blob id"));
  }

  @Test
  void unknownIdIsANotFoundErrorNamingTheId() {
    HubException e =
        assertThrows(
            HubException.class,
            () -> new HubDownloader(options()).download("facebook/opt-does-not-exist", "main"));

    assertEquals(HubException.Kind.NOT_FOUND, e.kind());
    assertTrue(e.getMessage().contains("'facebook/opt-does-not-exist' not found"), e.getMessage());
    assertTrue(e.getMessage().contains("HF_TOKEN"), "hints at private repositories");
  }

  @Test
  void unknownRevisionIsANotFoundErrorNamingTheRevision() {
    HubException e =
        assertThrows(
            HubException.class, () -> new HubDownloader(options()).download(ID, "v9-missing"));

    assertEquals(HubException.Kind.NOT_FOUND, e.kind());
    assertTrue(e.getMessage().contains("revision 'v9-missing'"), e.getMessage());
  }

  @Test
  void hubThatIsDownGivesTheOfflineError() {
    HubOptions o = options();
    hub.close();

    HubException e =
        assertThrows(HubException.class, () -> new HubDownloader(o).download(ID, "main"));

    assertEquals(HubException.Kind.UNREACHABLE, e.kind());
    assertTrue(
        e.getMessage()
            .startsWith(
                "cannot reach the Hugging Face hub at " + o.endpoint() + ": connection refused;"),
        e.getMessage());
    assertTrue(
        e.getMessage().endsWith("the machine may be offline — pass a local directory instead"));
  }

  @Test
  void unreachableHubFallsBackToTheSnapshotCachedForThatRevision() throws Exception {
    HubOptions o = options();
    Path dir = new HubDownloader(o).download(ID, "main").dir();
    hub.close();
    List<String> notes = new ArrayList<>();
    DownloadListener listener =
        new DownloadListener() {
          @Override
          public void note(String message) {
            notes.add(message);
          }
        };

    ModelSnapshot s = new HubDownloader(o, listener).download(ID, "main");

    assertEquals(dir, s.dir());
    assertTrue(s.fromCache());
    assertTrue(notes.get(0).contains("using the cached snapshot"), notes.toString());
    assertEquals(dir, new HubDownloader(o.withOffline(true)).download(ID, "main").dir());
    HubException e =
        assertThrows(
            HubException.class,
            () -> new HubDownloader(o.withOffline(true)).download(SHARDED, "main"));
    assertTrue(e.getMessage().contains("HF_HUB_OFFLINE is set"), e.getMessage());
  }

  @Test
  void completeSnapshotIsNotFetchedAgain() throws Exception {
    new HubDownloader(options()).download(ID, "main");
    int before = hub.seen().size();

    ModelSnapshot again = new HubDownloader(options()).download(ID, "main");
    ModelSnapshot byCommit = new HubDownloader(options()).download(ID, FakeHub.COMMIT);

    assertTrue(again.fromCache() && byCommit.fromCache());
    assertEquals(before + 1, hub.seen().size(), "one listing call, no file, nothing for a commit");
  }

  @Test
  void concurrentDownloadsOfOneModelFetchEachFileOnce() throws Exception {
    hub.slow(10);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<ModelSnapshot>> runs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        runs.add(pool.submit(() -> new HubDownloader(options()).download(SHARDED, "main")));
      }
      for (Future<ModelSnapshot> r : runs) {
        assertSameFiles(sharded, r.get().dir(), shardedCheckpoint());
      }
    } finally {
      pool.shutdownNow();
    }
    for (String shard : shardFiles()) {
      long fetched =
          hub.seen().stream()
              .filter(r -> r.path().startsWith("/cdn/") && r.path().endsWith("/" + shard))
              .count();
      assertEquals(1, fetched, shard);
    }
  }

  @Test
  void tokenGoesToTheHubButNeverToTheCdn() throws Exception {
    new HubDownloader(options().withToken(Optional.of("hf_secret"))).download(ID, "main");

    for (FakeHub.Seen r : hub.seen()) {
      Optional<String> want =
          r.path().startsWith("/cdn/") ? Optional.empty() : Optional.of("Bearer hf_secret");
      assertEquals(want, r.authorization(), r.path());
    }
    assertTrue(hub.seen().stream().anyMatch(r -> r.path().startsWith("/cdn/")));
  }

  @Test
  void repositoryWithoutSafetensorsIsRejectedNamingWhatItHas() {
    Map<String, byte[]> pickled = new LinkedHashMap<>(single);
    pickled.remove("model.safetensors");
    hub.repo("facebook/opt-pickled", pickled);

    HubException e =
        assertThrows(
            HubException.class,
            () -> new HubDownloader(options()).download("facebook/opt-pickled", "main"));

    assertEquals(HubException.Kind.MISSING_FILE, e.kind());
    assertTrue(e.getMessage().contains("[pytorch_model.bin]"), e.getMessage());
    assertTrue(e.getMessage().contains("no safetensors weights"));
  }

  @Test
  void shardNamesThatEscapeTheSnapshotAreRefused() {
    Map<String, byte[]> evil = new LinkedHashMap<>(sharded);
    evil.put(
        CheckpointFiles.INDEX, "{\"weight_map\":{\"a\":\"../../escape.safetensors\"}}".getBytes());
    hub.repo("facebook/opt-evil", evil);

    HubException e =
        assertThrows(
            HubException.class,
            () -> new HubDownloader(options()).download("facebook/opt-evil", "main"));

    assertEquals(HubException.Kind.PROTOCOL, e.kind());
    assertTrue(e.getMessage().contains("'../../escape.safetensors'"), e.getMessage());
  }

  @Test
  void malformedIdsAreRejectedBeforeAnyRequest() {
    for (String id : List.of("", "../etc", "a/b/c", "facebook/opt 66b")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new HubDownloader(options()).download(id, "main"));
      assertTrue(e.getMessage().contains("'" + id + "'"), e.getMessage());
    }
    assertEquals(List.of(), hub.seen());
  }

  @Test
  void optionsComeFromTheEnvironmentAndHideTheToken() {
    HubOptions o =
        HubOptions.fromEnvironment(
            Map.of(
                "HF_ENDPOINT", "https://hub.example.org/",
                "HF_TOKEN", "hf_abc",
                "OPTICL_MODEL_CACHE", "/models",
                "HF_HUB_OFFLINE", "1"));

    assertEquals("https://hub.example.org", o.endpoint().toString());
    assertEquals(Optional.of("hf_abc"), o.token());
    assertEquals(Path.of("/models"), o.cacheRoot());
    assertTrue(o.offline());
    assertFalse(o.toString().contains("hf_abc"), o.toString());
    HubOptions d = HubOptions.fromEnvironment(Map.of());
    assertEquals(HubOptions.DEFAULT_ENDPOINT, d.endpoint());
    assertEquals(4, d.parallelism());
    assertFalse(d.offline());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> HubOptions.fromEnvironment(Map.of("HF_ENDPOINT", "ftp://x")));
    assertTrue(e.getMessage().contains("'ftp://x'"));
  }
}
