package org.opticl.activities;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.opticl.harness.task.Task;
import org.opticl.harness.task.TaskRegistry;
import org.opticl.harness.task.Variant;
import org.opticl.schema.TaskIdentity;
import org.opticl.workflows.api.TaskRef;

/**
 * Tasks by reference, with the identity that enters stage keys: the task's name and a digest of its
 * data — every file under its data directory (relative path and content), or, for opticl's
 * synthetic tasks, of the generator's name, so that a changed data file recomputes exactly the
 * stages that read it, and a moved directory recomputes nothing.
 */
public final class TaskCatalog {
  /** A task ready to run: its implementation, data directory and identity. */
  public record Resolved(Task<?> task, Path data, TaskIdentity identity, Variant variant) {}

  private final Map<String, String> digests = new ConcurrentHashMap<>();

  public Resolved resolve(TaskRef ref) {
    Variant variant = Variant.valueOf(ref.variant());
    Task<?> task = TaskRegistry.get(ref.name(), variant);
    boolean synthetic = ref.name().startsWith("synthetic_");
    Path data = Path.of(ref.data().isBlank() ? "." : ref.data());
    if (!synthetic && !Files.isDirectory(data)) {
      throw new IllegalArgumentException(
          "task " + ref.name() + ": data directory " + data.toAbsolutePath() + " does not exist");
    }
    String digest =
        synthetic
            ? sha256("synthetic:" + ref.name() + ":" + variant)
            : digests.computeIfAbsent(
                data.toAbsolutePath().normalize().toString(), k -> dirDigest(data));
    return new Resolved(task, data, new TaskIdentity(ref.name(), digest), variant);
  }

  private static String sha256(String s) {
    try {
      return "sha256:"
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String dirDigest(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> files = s.filter(Files::isRegularFile).sorted().toList();
      MessageDigest all = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (Path f : files) {
        all.update(dir.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
        MessageDigest one = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(f)) {
          for (int n; (n = in.read(buf)) > 0; ) {
            one.update(buf, 0, n);
          }
        }
        all.update(one.digest());
      }
      return "sha256:" + HexFormat.of().formatHex(all.digest());
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalArgumentException("cannot read task data in " + dir + ": " + e, e);
    }
  }
}
