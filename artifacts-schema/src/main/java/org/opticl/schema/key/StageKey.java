package org.opticl.schema.key;

import java.util.regex.Pattern;
import org.opticl.schema.json.Digests;

/**
 * The address of one stage result: the stage name and the SHA-256 of its {@link KeyMaterial}. The
 * same key means the same inputs, so a stored result under it can be reused; its manifest lives at
 * {@link #manifestPath()} in every artifact store.
 *
 * @param stage stage name, e.g. {@code head-importance}
 * @param hex lowercase hex SHA-256 of the key material's canonical JSON
 */
public record StageKey(String stage, String hex) {

  private static final Pattern STAGE = Pattern.compile("[a-z][a-z0-9-]{0,63}");

  public StageKey {
    requireStageName(stage);
    Digests.requireHex(hex);
  }

  /**
   * Returns {@code stage} if it is a valid stage name: lowercase letters, digits and dashes,
   * starting with a letter, at most 64 characters (it becomes a path segment).
   */
  public static String requireStageName(String stage) {
    if (stage == null || !STAGE.matcher(stage).matches()) {
      throw new IllegalArgumentException(
          "stage name must match " + STAGE.pattern() + ", got '" + stage + "'");
    }
    return stage;
  }

  /** {@code stages/<stage>/<hex>}: the directory (or object prefix) of this stage result. */
  public String path() {
    return "stages/" + stage + "/" + hex;
  }

  /** {@code stages/<stage>/<hex>/manifest.json}: the commit record of this stage result. */
  public String manifestPath() {
    return path() + "/manifest.json";
  }

  @Override
  public String toString() {
    return stage + "/" + hex;
  }
}
