package org.opticl.model.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Downloads an OPT checkpoint from the Hugging Face hub by id into a local cache, once. The
 * revision is resolved to a commit first and everything is fetched from that commit into {@code
 * <cacheRoot>/<id>/<commit>/}; shards download in parallel (bounded by {@link
 * HubOptions#parallelism()}), each resumable and verified (see {@link FileTransfer}). The snapshot
 * counts as present only once {@value #MARKER} is written, last, so a crash at any point leaves
 * either a complete snapshot or one the next run finishes. Processes sharing the cache (several GPU
 * workers on one volume) take a file lock per snapshot, so one downloads while the others wait.
 * When the hub cannot be reached, a snapshot cached earlier for the same revision is used.
 */
public final class HubDownloader {
  /** Written into a snapshot directory when, and only when, every file is there and verified. */
  public static final String MARKER = ".opticl-snapshot.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern REPO_ID =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
  // FileLock is per process; threads of one process must also take turns.
  private static final Map<Path, ReentrantLock> LOCAL_LOCKS = new ConcurrentHashMap<>();

  private final HubOptions options;
  private final DownloadListener listener;
  private final HubHttp http;

  public HubDownloader(HubOptions options, DownloadListener listener) {
    this.options = options;
    this.listener = listener;
    this.http = new HubHttp(options);
  }

  public HubDownloader(HubOptions options) {
    this(options, DownloadListener.NONE);
  }

  public HubOptions options() {
    return options;
  }

  /**
   * A complete local snapshot of {@code id} at {@code revision} (branch, tag or commit),
   * downloading whatever is missing.
   *
   * @throws HubException naming the id, revision, file or endpoint at fault
   */
  public ModelSnapshot download(String id, String revision) throws InterruptedException {
    checkId(id);
    if (revision.isBlank() || revision.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("not a revision: '" + revision + "'");
    }
    if (COMMIT.matcher(revision).matches() && isComplete(snapshotDir(id, revision))) {
      return new ModelSnapshot(id, revision, revision, snapshotDir(id, revision), true);
    }
    if (options.offline()) {
      return cached(id, revision)
          .orElseThrow(
              () ->
                  new HubException(
                      HubException.Kind.UNREACHABLE,
                      HubOptions.ENV_OFFLINE
                          + " is set and '"
                          + id
                          + "' at "
                          + revision
                          + " is not in the cache at "
                          + options.cacheRoot()
                          + "; pass a local directory instead"));
    }
    RepoListing listing;
    try {
      listing = list(id, revision);
    } catch (HubException e) {
      if (e.kind() == HubException.Kind.UNREACHABLE) {
        Optional<ModelSnapshot> cached = cached(id, revision);
        if (cached.isPresent()) {
          listener.note(e.getMessage() + "; using the cached snapshot " + cached.get().dir());
          return cached.get();
        }
      }
      throw e;
    }
    return fetch(listing);
  }

  /** The snapshot cached earlier for {@code id} at {@code revision}, if it is complete. */
  public Optional<ModelSnapshot> cached(String id, String revision) {
    checkId(id);
    String commit = revision;
    if (!COMMIT.matcher(revision).matches()) {
      Path ref = refFile(id, revision);
      try {
        commit = Files.isRegularFile(ref) ? Files.readString(ref).strip() : "";
      } catch (IOException e) {
        commit = "";
      }
    }
    if (!COMMIT.matcher(commit).matches() || !isComplete(snapshotDir(id, commit))) {
      return Optional.empty();
    }
    return Optional.of(new ModelSnapshot(id, revision, commit, snapshotDir(id, commit), true));
  }

  /**
   * Lists {@code id} at {@code revision} through the hub's API: the commit it resolves to and each
   * file's size and checksums.
   */
  public RepoListing list(String id, String revision) throws InterruptedException {
    checkId(id);
    HttpResponse<byte[]> r;
    try {
      r =
          http.get(
              http.listingUri(id, revision), Map.of(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unreachable(e);
    }
    if (r.statusCode() != 200) {
      if (HubHttp.transientStatus(r.statusCode())) {
        throw new HubException(
            HubException.Kind.UNREACHABLE,
            "the Hugging Face hub at "
                + options.endpoint()
                + " answered HTTP "
                + r.statusCode()
                + " for '"
                + id
                + "'; try again later, or pass a local directory instead");
      }
      throw http.failure(r, id, revision, Optional.empty());
    }
    JsonNode root;
    try {
      root = JSON.readTree(r.body());
    } catch (IOException e) {
      throw new HubException(
          HubException.Kind.PROTOCOL,
          "the hub's listing of '" + id + "' at " + revision + " is not JSON: " + e.getMessage(),
          e);
    }
    return RepoListing.parse(id, revision, root);
  }

  /** Downloads every file of {@code listing}'s commit that a checkpoint needs. */
  public ModelSnapshot fetch(RepoListing listing) throws InterruptedException {
    Path dir = snapshotDir(listing.id(), listing.commit());
    Path lockFile = dir.resolveSibling(listing.commit() + ".lock");
    ReentrantLock local =
        LOCAL_LOCKS.computeIfAbsent(
            lockFile.toAbsolutePath().normalize(), k -> new ReentrantLock());
    local.lockInterruptibly();
    try {
      Files.createDirectories(dir);
      try (FileChannel ch =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        boolean fresh = !isComplete(dir);
        if (fresh) {
          downloadAll(listing, dir);
        }
        writeAtomically(
            refFile(listing.id(), listing.revision()),
            listing.commit().getBytes(StandardCharsets.UTF_8));
        return new ModelSnapshot(listing.id(), listing.revision(), listing.commit(), dir, !fresh);
      }
    } catch (IOException e) {
      throw new HubException(
          HubException.Kind.PROTOCOL, "cannot write the model cache at " + dir + ": " + e, e);
    } finally {
      local.unlock();
    }
  }

  private void downloadAll(RepoListing listing, Path dir) throws IOException, InterruptedException {
    List<HubFile> small = new ArrayList<>(CheckpointFiles.required(listing));
    HubFile weights = CheckpointFiles.weightsEntry(listing);
    AtomicBoolean abort = new AtomicBoolean();
    AtomicInteger threads = new AtomicInteger();
    ScheduledExecutorService watchdog =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "hub-watchdog"));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            options.parallelism(), r -> daemon(r, "hub-download-" + threads.incrementAndGet()));
    try {
      FileTransfer transfer = new FileTransfer(http, options, listener, watchdog, abort);
      List<HubFile> files = new ArrayList<>(small);
      List<FileTransfer.Done> done = new ArrayList<>();
      if (weights.name().equals(CheckpointFiles.INDEX)) {
        done.add(transfer.fetch(listing, weights, dir.resolve(weights.name())));
        files.addAll(CheckpointFiles.shards(listing, dir.resolve(weights.name())));
      } else {
        files.add(weights);
      }
      long bytes = files.contains(weights) ? 0 : weights.size().orElse(0);
      for (HubFile f : files) {
        bytes += f.size().orElse(0);
      }
      listener.planned(files.size() + (files.contains(weights) ? 0 : 1), bytes);
      List<Future<FileTransfer.Done>> futures = new ArrayList<>();
      for (HubFile f : files) {
        CheckpointFiles.checkName(listing, f.name());
        futures.add(
            pool.submit(
                () -> {
                  try {
                    return transfer.fetch(listing, f, dir.resolve(f.name()));
                  } catch (RuntimeException e) {
                    abort.set(true); // the other transfers stop soon, keeping their .part files
                    throw e;
                  }
                }));
      }
      HubException first = null;
      for (Future<FileTransfer.Done> f : futures) {
        try {
          done.add(f.get());
        } catch (ExecutionException e) {
          HubException h =
              e.getCause() instanceof HubException he
                  ? he
                  : new HubException(
                      HubException.Kind.PROTOCOL, String.valueOf(e.getCause()), e.getCause());
          boolean secondary = h.getMessage().endsWith(FileTransfer.ABORTED);
          if (first == null && !secondary) {
            first = h;
          } else if (first != null && !secondary) {
            first.addSuppressed(h);
          }
        }
      }
      if (first != null) {
        throw first;
      }
      writeMarker(listing, dir, done);
    } finally {
      abort.set(true);
      pool.shutdownNow();
      watchdog.shutdownNow();
    }
  }

  private void writeMarker(RepoListing listing, Path dir, List<FileTransfer.Done> done)
      throws IOException {
    ObjectNode m = JSON.createObjectNode();
    m.put("id", listing.id());
    m.put("revision", listing.revision());
    m.put("commit", listing.commit());
    m.put("endpoint", options.endpoint().toString());
    m.put("completedAt", Instant.now().toString());
    ArrayNode files = m.putArray("files");
    for (FileTransfer.Done d : done) {
      files.addObject().put("name", d.name()).put("size", d.size()).put("sha256", d.sha256());
    }
    writeAtomically(
        dir.resolve(MARKER), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
  }

  private static void writeAtomically(Path target, byte[] content) throws IOException {
    Files.createDirectories(target.getParent());
    Path tmp =
        target.resolveSibling(
            target.getFileName()
                + "."
                + ProcessHandle.current().pid()
                + "."
                + Thread.currentThread().getId()
                + ".tmp");
    try {
      Files.write(tmp, content);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** {@code <cacheRoot>/<id>/<commit>}. */
  public Path snapshotDir(String id, String commit) {
    checkId(id);
    if (!COMMIT.matcher(commit).matches()) {
      throw new IllegalArgumentException("not a 40-hex commit: '" + commit + "'");
    }
    return options.cacheRoot().resolve(id).resolve(commit);
  }

  /** Whether {@code dir} holds a snapshot whose download finished. */
  public static boolean isComplete(Path dir) {
    return Files.isRegularFile(dir.resolve(MARKER));
  }

  private Path refFile(String id, String revision) {
    return options
        .cacheRoot()
        .resolve(id)
        .resolve("refs")
        .resolve(URLEncoder.encode(revision, StandardCharsets.UTF_8));
  }

  private HubException unreachable(IOException e) {
    return new HubException(
        HubException.Kind.UNREACHABLE,
        "cannot reach the Hugging Face hub at "
            + options.endpoint()
            + ": "
            + reason(e)
            + "; the machine may be offline — pass a local directory instead",
        e);
  }

  /** The most telling part of a connection failure; the JDK often nests it without a message. */
  private String reason(Throwable e) {
    String reason = e.getClass().getSimpleName();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.nio.channels.UnresolvedAddressException
          || t instanceof java.net.UnknownHostException) {
        return "unknown host " + options.endpoint().getHost();
      }
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
      }
    }
    // The JDK's client reports a refused connection as a bare ConnectException.
    return e instanceof java.net.ConnectException ? "connection refused" : reason;
  }

  private static void checkId(String id) {
    if (!REPO_ID.matcher(id).matches() || id.contains("..")) {
      throw new IllegalArgumentException(
          "not a Hugging Face model id: '" + id + "' (expected e.g. facebook/opt-66b)");
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
