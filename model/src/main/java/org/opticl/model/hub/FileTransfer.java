package org.opticl.model.hub;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads one file of a hub commit into {@code <target>.part}, resuming with an HTTP range
 * request after any interruption (in this run or an earlier one), hashes it as it arrives, checks
 * the hashes against the hub's, and only then renames it to {@code target}: a file under its final
 * name is always complete and verified. A mismatch deletes the part, because resuming a corrupt
 * prefix could never succeed.
 */
final class FileTransfer {
  /** Ends the message of a transfer stopped because a sibling failed (not a failure of its own). */
  static final String ABORTED = "stopped because another file failed";

  private static final int BUFFER = 1 << 16;
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");

  /** A file under its final name, with the SHA-256 of its content. */
  record Done(String name, long size, String sha256) {}

  /** What a download must hash to; a file with neither is checked against the hub's ETags. */
  private record Expected(Optional<String> sha256, Optional<String> gitSha1) {
    boolean any() {
      return sha256.isPresent() || gitSha1.isPresent();
    }
  }

  /** A failure worth retrying: the connection broke, stalled, or the server was briefly unwell. */
  static final class Transient extends IOException {
    private static final long serialVersionUID = 1L;

    Transient(String message) {
      super(message);
    }
  }

  private final HubHttp http;
  private final HubOptions options;
  private final DownloadListener listener;
  private final ScheduledExecutorService watchdog;
  private final AtomicBoolean abort;

  FileTransfer(
      HubHttp http,
      HubOptions options,
      DownloadListener listener,
      ScheduledExecutorService watchdog,
      AtomicBoolean abort) {
    this.http = http;
    this.options = options;
    this.listener = listener;
    this.watchdog = watchdog;
    this.abort = abort;
  }

  /** Makes {@code target} hold {@code file} of {@code listing}'s commit, verified. */
  Done fetch(RepoListing listing, HubFile file, Path target) throws InterruptedException {
    String label = listing.id() + "/" + file.name() + "@" + listing.commit();
    try {
      Files.createDirectories(target.getParent());
      if (Files.isRegularFile(target)
          && (file.size().isEmpty() || Files.size(target) == file.size().getAsLong())) {
        // Only verified files are ever renamed to their final name.
        long size = Files.size(target);
        String sha = file.lfsSha256().isPresent() ? file.lfsSha256().get() : sha256Of(target);
        listener.finished(file.name(), size);
        return new Done(file.name(), size, sha);
      }
    } catch (IOException e) {
      throw new HubException(
          HubException.Kind.PROTOCOL, "cannot write " + target + ": " + e.getMessage(), e);
    }
    Path part = target.resolveSibling(target.getFileName() + ".part");
    URI uri = http.resolveUri(listing.id(), listing.commit(), file.name());
    IOException last = null;
    for (int attempt = 1; attempt <= options.attempts(); attempt++) {
      checkAbort(label);
      try {
        return attempt(listing, file, uri, part, target, label);
      } catch (IOException e) {
        // Broken or stalled connections, timeouts, a busy hub; local disk errors end up here too
        // and are reported with their cause after the last attempt.
        last = e;
      }
      if (attempt < options.attempts()) {
        listener.retrying(file.name(), attempt, last);
        long pause = options.retryPause().toMillis() << Math.min(attempt - 1, 6);
        Thread.sleep(pause);
      }
    }
    long kept = sizeOrZero(part);
    throw new HubException(
        HubException.Kind.INTERRUPTED,
        "download of "
            + label
            + " failed "
            + options.attempts()
            + " times (last: "
            + describe(last)
            + "); "
            + kept
            + (file.size().isPresent() ? " of " + file.size().getAsLong() : "")
            + " bytes are kept in "
            + part
            + " and the next run resumes from there",
        last);
  }

  private Done attempt(
      RepoListing listing, HubFile file, URI uri, Path part, Path target, String label)
      throws IOException, InterruptedException {
    long have = sizeOrZero(part);
    OptionalLong known = file.size();
    if (known.isPresent() && have > known.getAsLong()) {
      Files.delete(part);
      have = 0;
    }
    Expected expected = expected(file);
    if (known.isPresent() && have == known.getAsLong() && have > 0 && expected.any()) {
      // A previous run received everything but stopped before verifying: no request needed.
      listener.started(file.name(), have, have);
      return verifyAndPublish(
          file,
          part,
          target,
          label,
          have,
          expected,
          digests(part, have, have, expected.sha256().isEmpty()));
    }
    Map<String, String> headers =
        have > 0
            ? Map.of("Range", "bytes=" + have + "-", "Accept-Encoding", "identity")
            : Map.of("Accept-Encoding", "identity");
    HttpResponse<InputStream> r = http.get(uri, headers, HttpResponse.BodyHandlers.ofInputStream());
    int status = r.statusCode();
    if (status == 416) {
      // Our part is not a prefix the server can continue; start over.
      Files.deleteIfExists(part);
      throw new Transient("HTTP 416 for a range from byte " + have + "; restarting the file");
    }
    if (status != 200 && status != 206) {
      if (HubHttp.transientStatus(status)) {
        throw new Transient("HTTP " + status + " from " + r.uri());
      }
      throw http.failure(r, listing.id(), listing.commit(), Optional.of(file.name()));
    }
    try (InputStream in = r.body()) {
      Optional<String> servedCommit = r.headers().firstValue("X-Repo-Commit");
      if (servedCommit.isPresent() && !servedCommit.get().equalsIgnoreCase(listing.commit())) {
        throw new HubException(
            HubException.Kind.PROTOCOL,
            label + ": the hub served commit " + servedCommit.get() + " instead");
      }
      long start;
      long total;
      if (status == 206) {
        String range = r.headers().firstValue("Content-Range").orElse("");
        Matcher m = CONTENT_RANGE.matcher(range);
        if (!m.matches() || Long.parseLong(m.group(1)) != have) {
          Files.deleteIfExists(part);
          throw new Transient(
              "asked for bytes from " + have + ", got Content-Range '" + range + "'; restarting");
        }
        start = have;
        total = m.group(3).equals("*") ? known.orElse(-1) : Long.parseLong(m.group(3));
      } else {
        start = 0; // a 200 to a range request: the server ignored it, so the body is everything
        total = r.headers().firstValueAsLong("Content-Length").orElse(known.orElse(-1));
      }
      if (known.isPresent() && total != known.getAsLong()) {
        throw new HubException(
            HubException.Kind.PROTOCOL,
            label
                + ": the hub lists "
                + known.getAsLong()
                + " bytes but serves "
                + total
                + " ("
                + r.uri()
                + ")");
      }
      if (total < 0) {
        throw new HubException(
            HubException.Kind.PROTOCOL, label + ": the hub reports no size for " + r.uri());
      }
      if (!expected.any()) {
        expected = fromHeaders(r);
        if (!expected.any()) {
          throw new HubException(
              HubException.Kind.PROTOCOL,
              label + ": the hub gives no checksum (no lfs.sha256, blobId or ETag) to verify it");
        }
      }
      Digests d = digests(part, start, total, expected.sha256().isEmpty());
      listener.started(file.name(), start, total);
      long done = receive(in, part, start, total, d, file.name(), label);
      return verifyAndPublish(file, part, target, label, done, expected, d);
    }
  }

  /** Streams the body into the part file from {@code start}; returns the bytes now in the part. */
  private long receive(
      InputStream in, Path part, long start, long total, Digests d, String name, String label)
      throws IOException {
    AtomicLong lastByte = new AtomicLong(System.nanoTime());
    AtomicBoolean stalled = new AtomicBoolean();
    long stallNanos = options.stallTimeout().toNanos();
    long period = Math.max(10, options.stallTimeout().toMillis() / 4);
    ScheduledFuture<?> guard =
        watchdog.scheduleAtFixedRate(
            () -> {
              if (System.nanoTime() - lastByte.get() > stallNanos && !stalled.getAndSet(true)) {
                try {
                  in.close(); // unblocks the reading thread, which then sees the stream end
                } catch (IOException ignored) {
                  // closing is best effort; the reader fails either way
                }
              }
            },
            period,
            period,
            TimeUnit.MILLISECONDS);
    long done = start;
    try (FileChannel out =
        FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      out.truncate(start);
      out.position(start);
      byte[] buf = new byte[BUFFER];
      while (true) {
        int n;
        try {
          n = in.read(buf);
        } catch (IOException e) {
          if (stalled.get()) {
            break;
          }
          throw new Transient(
              "connection lost after " + done + " of " + total + " bytes (" + describe(e) + ")");
        }
        if (n < 0) {
          break;
        }
        lastByte.set(System.nanoTime());
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) {
          out.write(bb);
        }
        d.update(buf, n);
        done += n;
        listener.progress(name, done, total);
        if (done > total) {
          break;
        }
        if (abort.get()) {
          out.force(false);
          checkAbort(label);
        }
      }
      out.force(false);
    } finally {
      guard.cancel(false);
    }
    if (stalled.get() && done < total) {
      throw new Transient(
          "no data for "
              + options.stallTimeout().toSeconds()
              + " s after "
              + done
              + " of "
              + total
              + " bytes");
    }
    if (done < total) {
      throw new Transient("connection closed after " + done + " of " + total + " bytes");
    }
    return done;
  }

  private Done verifyAndPublish(
      HubFile file, Path part, Path target, String label, long size, Expected expected, Digests d)
      throws IOException {
    String sha256 = d.sha256();
    String mismatch = null;
    if (file.size().isPresent() && size != file.size().getAsLong()) {
      mismatch = size + " bytes, the hub lists " + file.size().getAsLong();
    } else if (expected.sha256().isPresent() && !expected.sha256().get().equals(sha256)) {
      mismatch = "sha256 " + sha256 + ", the hub says " + expected.sha256().get();
    } else if (expected.sha256().isEmpty()
        && expected.gitSha1().isPresent()
        && !expected.gitSha1().get().equals(d.gitSha1())) {
      mismatch = "git blob id " + d.gitSha1() + ", the hub says " + expected.gitSha1().get();
    }
    if (mismatch != null) {
      Files.deleteIfExists(part);
      throw new HubException(
          HubException.Kind.CHECKSUM,
          "checksum mismatch for "
              + label
              + ": received "
              + mismatch
              + "; deleted "
              + part
              + ", run again to download it afresh");
    }
    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    listener.finished(file.name(), size);
    return new Done(file.name(), size, sha256);
  }

  private static Expected expected(HubFile file) {
    if (file.lfsSha256().isPresent()) {
      return new Expected(file.lfsSha256(), Optional.empty());
    }
    return new Expected(Optional.empty(), file.gitBlobId());
  }

  /** LFS files carry their SHA-256 in X-Linked-Etag; Git files their blob id in the ETag. */
  private static Expected fromHeaders(HttpResponse<?> r) {
    Optional<String> linked = r.headers().firstValue("X-Linked-Etag").map(FileTransfer::etag);
    if (linked.isPresent() && SHA256.matcher(linked.get()).matches()) {
      return new Expected(linked, Optional.empty());
    }
    Optional<String> etag = r.headers().firstValue("ETag").map(FileTransfer::etag);
    if (etag.isPresent() && SHA256.matcher(etag.get()).matches()) {
      return new Expected(etag, Optional.empty());
    }
    if (etag.isPresent() && SHA1.matcher(etag.get()).matches()) {
      return new Expected(Optional.empty(), etag);
    }
    return new Expected(Optional.empty(), Optional.empty());
  }

  private static String etag(String raw) {
    String s = raw.strip();
    if (s.startsWith("W/")) {
      s = s.substring(2);
    }
    return s.replace("\"", "").toLowerCase();
  }

  private void checkAbort(String label) {
    if (abort.get()) {
      throw new HubException(HubException.Kind.INTERRUPTED, label + ": " + ABORTED);
    }
  }

  /** SHA-256 of the content and Git's blob SHA-1 ({@code "blob <size>\0" + content}). */
  private static final class Digests {
    private final MessageDigest sha256;
    private final Optional<MessageDigest> gitSha1;

    /** {@code git}: also compute the blob id (only Git files need it; weights are LFS). */
    Digests(long total, boolean git) {
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
        gitSha1 = git ? Optional.of(MessageDigest.getInstance("SHA-1")) : Optional.empty();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      gitSha1.ifPresent(
          g -> g.update(("blob " + total + "\0").getBytes(StandardCharsets.US_ASCII)));
    }

    void update(byte[] b, int n) {
      sha256.update(b, 0, n);
      gitSha1.ifPresent(g -> g.update(b, 0, n));
    }

    String sha256() {
      return HexFormat.of().formatHex(sha256.digest());
    }

    String gitSha1() {
      return gitSha1.map(g -> HexFormat.of().formatHex(g.digest())).orElse("");
    }
  }

  /** Digests primed with the first {@code prefix} bytes already in the part file. */
  private static Digests digests(Path part, long prefix, long total, boolean git)
      throws IOException {
    Digests d = new Digests(total, git);
    if (prefix == 0) {
      return d;
    }
    try (InputStream in = Files.newInputStream(part)) {
      byte[] buf = new byte[BUFFER];
      long left = prefix;
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          throw new IOException(part + " is shorter than " + prefix + " bytes");
        }
        d.update(buf, n);
        left -= n;
      }
    }
    return d;
  }

  static String sha256Of(Path file) throws IOException {
    return digests(file, Files.size(file), Files.size(file), false).sha256();
  }

  private static long sizeOrZero(Path p) {
    try {
      return Files.isRegularFile(p) ? Files.size(p) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static String describe(Throwable e) {
    if (e == null) {
      return "unknown";
    }
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }
}
