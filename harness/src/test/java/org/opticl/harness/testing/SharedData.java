package org.opticl.harness.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code ../shared} (system property {@code opticl.shared}) and skips when absent. */
public final class SharedData {
  private SharedData() {}

  /** The path under the shared reference folder, or a skipped test when it is not there. */
  public static Path require(String relative) {
    String root = System.getProperty("opticl.shared");
    assumeTrue(
        root != null && !root.isBlank(),
        "system property opticl.shared is not set: shared reference data unavailable, skipping");
    Path path = Path.of(root).resolve(relative);
    assumeTrue(
        Files.exists(path), "shared reference data not found at " + path + ": skipping this test");
    return path;
  }
}
