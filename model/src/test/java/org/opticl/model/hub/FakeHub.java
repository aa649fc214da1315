package org.opticl.model.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hugging Face hub on 127.0.0.1 with the real hub's URL layout and headers: {@code
 * /api/models/{id}/revision/{rev}} lists files with sizes, blob ids and LFS SHA-256s; {@code
 * /{id}/resolve/{rev}/{file}} serves Git files directly (ETag = blob id) and redirects LFS files to
 * a "CDN" on another origin ({@code localhost}) with {@code X-Linked-Etag}/{@code X-Linked-Size},
 * as the hub does. It honours single range requests and can misbehave on demand: drop the
 * connection or stall mid-file, serve a corrupted byte, or serve slowly so that parallel transfers
 * overlap.
 */
final class FakeHub implements AutoCloseable {
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  /** One request as the server saw it. */
  record Seen(String path, Optional<String> range, Optional<String> authorization) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final Map<String, Map<String, byte[]>> repos = new ConcurrentHashMap<>();
  private final Map<String, byte[]> bySha = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> dropAfter = new ConcurrentHashMap<>();
  private final Map<String, Integer> dropAt = new ConcurrentHashMap<>();
  private final Map<String, Integer> stallAt = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> stallTimes = new ConcurrentHashMap<>();
  private final Map<String, Integer> corruptAt = new ConcurrentHashMap<>();
  private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger maxActive = new AtomicInteger();
  private volatile long chunkDelayMillis;

  FakeHub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Publishes {@code files} as repository {@code id} at {@link #COMMIT}, branch {@code main}. */
  FakeHub repo(String id, Map<String, byte[]> files) {
    repos.put(id, new LinkedHashMap<>(files));
    files.forEach((name, bytes) -> bySha.put(sha256(bytes), bytes));
    return this;
  }

  /** The next {@code times} transfers of {@code file} break after {@code bytes} bytes. */
  void dropConnection(String file, int bytes, int times) {
    dropAt.put(file, bytes);
    dropAfter.put(file, new AtomicInteger(times));
  }

  /** The next {@code times} transfers of {@code file} send {@code bytes} bytes, then go silent. */
  void stall(String file, int bytes, int times) {
    stallAt.put(file, bytes);
    stallTimes.put(file, new AtomicInteger(times));
  }

  /** Every transfer of {@code file} has the byte at {@code offset} flipped. */
  void corrupt(String file, int offset) {
    corruptAt.put(file, offset);
  }

  void heal(String file) {
    corruptAt.remove(file);
  }

  /**
   * Transfers of LFS files come in 8 slices with this pause after each, so every shard takes about
   * as long whatever its size, and transfers that run in parallel visibly overlap.
   */
  void slow(long millisPerSlice) {
    chunkDelayMillis = millisPerSlice;
  }

  List<Seen> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  /** The most LFS transfers that were ever in flight at once. */
  int maxConcurrentTransfers() {
    return maxActive.get();
  }

  @Override
  public void close() {
    stopping.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String gitBlobId(byte[] b) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-1");
      d.update(("blob " + b.length + "\0").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(d.digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean isLfs(String name) {
    return name.endsWith(".safetensors") || name.endsWith(".bin");
  }

  private static final Pattern LISTING = Pattern.compile("/api/models/(.+)/revision/([^/]+)");
  private static final Pattern RESOLVE = Pattern.compile("/(.+?)/resolve/([^/]+)/(.+)");
  private static final Pattern CDN = Pattern.compile("/cdn/([0-9a-f]{64})/(.+)");

  private void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getRawPath();
    seen.add(
        new Seen(
            path,
            Optional.ofNullable(x.getRequestHeaders().getFirst("Range")),
            Optional.ofNullable(x.getRequestHeaders().getFirst("Authorization"))));
    try (x) {
      Matcher m;
      if ((m = LISTING.matcher(path)).matches()) {
        listing(x, m.group(1), decode(m.group(2)));
      } else if ((m = RESOLVE.matcher(path)).matches()) {
        resolve(x, m.group(1), decode(m.group(2)), decode(m.group(3)));
      } else if ((m = CDN.matcher(path)).matches()) {
        byte[] content = bySha.get(m.group(1));
        if (content == null) {
          error(x, 404, "");
        } else {
          serve(x, decode(m.group(2)), content, true);
        }
      } else {
        error(x, 404, "");
      }
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private boolean knownRevision(String rev) {
    return rev.equals("main") || rev.equals(COMMIT);
  }

  private void listing(HttpExchange x, String id, String rev) throws IOException {
    Map<String, byte[]> files = repos.get(id);
    if (files == null) {
      error(x, 404, "RepoNotFound");
      return;
    }
    if (!knownRevision(rev)) {
      error(x, 404, "RevisionNotFound");
      return;
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode().put("id", id).put("sha", COMMIT);
    ArrayNode siblings = root.putArray("siblings");
    files.forEach(
        (name, bytes) -> {
          ObjectNode s = siblings.addObject().put("rfilename", name).put("size", bytes.length);
          if (isLfs(name)) {
            s.put("blobId", gitBlobId(("pointer " + name).getBytes(StandardCharsets.UTF_8)));
            s.putObject("lfs")
                .put("sha256", sha256(bytes))
                .put("size", bytes.length)
                .put("pointerSize", 134);
          } else {
            s.put("blobId", gitBlobId(bytes));
          }
        });
    byte[] body = json.writeValueAsBytes(root);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(200, body.length);
    x.getResponseBody().write(body);
  }

  private void resolve(HttpExchange x, String id, String rev, String file) throws IOException {
    Map<String, byte[]> files = repos.get(id);
    if (files == null) {
      error(x, 404, "RepoNotFound");
      return;
    }
    if (!knownRevision(rev)) {
      error(x, 404, "RevisionNotFound");
      return;
    }
    byte[] content = files.get(file);
    if (content == null) {
      error(x, 404, "EntryNotFound");
      return;
    }
    x.getResponseHeaders().set("X-Repo-Commit", COMMIT);
    if (isLfs(file)) {
      String sha = sha256(content);
      x.getResponseHeaders().set("X-Linked-Etag", "\"" + sha + "\"");
      x.getResponseHeaders().set("X-Linked-Size", String.valueOf(content.length));
      x.getResponseHeaders()
          .set("Location", "http://localhost:" + port() + "/cdn/" + sha + "/" + file);
      x.sendResponseHeaders(302, -1);
      return;
    }
    x.getResponseHeaders().set("ETag", "\"" + gitBlobId(content) + "\"");
    serve(x, file, content, false);
  }

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

  private void serve(HttpExchange x, String file, byte[] content, boolean lfs) throws IOException {
    byte[] body = content;
    Integer flip = corruptAt.get(file);
    if (flip != null) {
      body = content.clone();
      body[flip] ^= 0x5a;
    }
    int start = 0;
    String range = x.getRequestHeaders().getFirst("Range");
    if (range != null) {
      Matcher m = RANGE.matcher(range);
      if (!m.matches() || Integer.parseInt(m.group(1)) >= body.length) {
        x.getResponseHeaders().set("Content-Range", "bytes */" + body.length);
        x.sendResponseHeaders(416, -1);
        return;
      }
      start = Integer.parseInt(m.group(1));
      x.getResponseHeaders()
          .set("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
    }
    int length = body.length - start;
    x.sendResponseHeaders(range != null ? 206 : 200, length);
    int dropLimit = misbehave(dropAfter, dropAt, file);
    int stallLimit = misbehave(stallTimes, stallAt, file);
    if (lfs) {
      maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
    }
    try {
      OutputStream out = x.getResponseBody();
      int sent = 0;
      int chunk = lfs && chunkDelayMillis > 0 ? Math.max(1, (length + 7) / 8) : 1024;
      while (sent < length) {
        int n = Math.min(chunk, length - sent);
        if (dropLimit >= 0 && start + sent + n > dropLimit) {
          out.write(body, start + sent, Math.max(0, dropLimit - start - sent));
          out.flush();
          throw new IOException("fake hub drops the connection"); // the server then closes it
        }
        if (stallLimit >= 0 && start + sent + n > stallLimit) {
          out.write(body, start + sent, Math.max(0, stallLimit - start - sent));
          out.flush();
          try {
            stopping.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new IOException("fake hub stalled");
        }
        out.write(body, start + sent, n);
        out.flush();
        sent += n;
        if (lfs && chunkDelayMillis > 0) {
          try {
            Thread.sleep(chunkDelayMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
          }
        }
      }
    } finally {
      if (lfs) {
        active.decrementAndGet();
      }
    }
  }

  /** The byte at which this transfer of {@code file} misbehaves, or -1. */
  private static int misbehave(
      Map<String, AtomicInteger> times, Map<String, Integer> at, String file) {
    AtomicInteger left = times.get(file);
    if (left == null || left.getAndDecrement() <= 0) {
      return -1;
    }
    return at.get(file);
  }

  private static void error(HttpExchange x, int status, String code) throws IOException {
    if (!code.isEmpty()) {
      x.getResponseHeaders().set("X-Error-Code", code);
    }
    x.sendResponseHeaders(status, -1);
  }
}
