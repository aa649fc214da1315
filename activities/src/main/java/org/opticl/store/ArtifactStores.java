package org.opticl.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * Opens the store a user names: a directory, or {@code s3://bucket/prefix} with the endpoint and
 * credentials from the environment (see {@link S3Config}). One spelling for the CLI, workers and
 * specs.
 */
public final class ArtifactStores {

  /** The store used when none is named: {@code ./opticl-artifacts}. */
  public static final String DEFAULT_LOCATION = "opticl-artifacts";

  private ArtifactStores() {}

  /** Opens {@code spec} with the process environment. */
  public static ArtifactStore open(String spec) {
    return open(spec, System.getenv(), CorruptionListener.logging());
  }

  /** Opens {@code spec}; {@code env} supplies S3 endpoint and credentials. */
  public static ArtifactStore open(
      String spec, Map<String, String> env, CorruptionListener listener) {
    if (S3Config.isS3(spec)) {
      return new S3ArtifactStore(S3Config.fromUri(spec, env), listener);
    }
    return new LocalArtifactStore(Path.of(spec), listener);
  }
}
