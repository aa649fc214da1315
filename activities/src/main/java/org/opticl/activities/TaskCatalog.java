package org.opticl.activities;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.opticl.harness.task.Task;
import org.opticl.harness.task.TaskRegistry;
import org.opticl.harness.task.Variant;
import org.opticl.schema.TaskIdentity;
import org.opticl.schema.json.Digests;
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
            ? Digests.prefixed(
                Digests.sha256Hex(
                    ("synthetic:" + ref.name() + ":" + variant).getBytes(StandardCharsets.UTF_8)))
            : digests.computeIfAbsent(
                data.toAbsolutePath().normalize().toString(), k -> dirDigest(data));
    return new Resolved(task, data, new TaskIdentity(ref.name(), digest), variant);
  }

  static String dirDigest(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> files = s.filter(Files::isRegularFile).sorted().toList();
      return Digests.ofFiles(dir, files);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read task data in " + dir + ": " + e, e);
    }
  }
}
