package org.opticl.measure.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code ../shared}; tests that need it skip with a clear message where it is absent. */
public final class SharedData {
  private SharedData() {}

  public static Path require(String relative) {
    String root = System.getProperty("opticl.shared", "../shared");
    Path p = Path.of(root).resolve(relative);
    assumeTrue(Files.exists(p), "shared reference data not found at " + p + " — skipping");
    return p;
  }
}
