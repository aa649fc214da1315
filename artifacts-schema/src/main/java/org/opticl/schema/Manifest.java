package org.opticl.schema;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.opticl.schema.json.Digests;
import org.opticl.schema.key.KeyMaterial;
import org.opticl.schema.key.StageKey;

/**
 * The commit record of one stage result, written after all of its output blobs: its presence means
 * the result is complete. It lists the outputs by digest, keeps the key material it was addressed
 * by (so the key can be re-derived and checked on read) and the provenance of the computation.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this code
 * @param stage stage name
 * @param key lowercase hex stage key; must equal {@code inputs.key()}
 * @param outputs the result's artifacts, by unique name
 * @param inputs the key material
 * @param provenance who computed it
 */
public record Manifest(
    int schemaVersion,
    String stage,
    String key,
    List<Output> outputs,
    KeyMaterial inputs,
    Provenance provenance)
    implements SchemaArtifact {

  public static final int SCHEMA_VERSION = 1;

  /**
   * One output of a stage.
   *
   * @param name unique within the manifest, file-name safe, e.g. {@code result.json}
   * @param digest {@code sha256:<hex>} of the bytes
   * @param size length in bytes
   * @param mediaType IANA media type
   * @param schemaRef the {@code $id} of the JSON Schema the bytes follow, for JSON outputs
   */
  public record Output(
      String name, String digest, long size, String mediaType, Optional<String> schemaRef) {

    public Output {
      Checks.name(name, "Manifest.Output.name");
      if (digest == null || !digest.startsWith(Digests.PREFIX)) {
        throw new IllegalArgumentException(
            "output '" + name + "' digest must be sha256:<hex>, got '" + digest + "'");
      }
      Digests.hexOf(digest);
      if (size < 0) {
        throw new IllegalArgumentException("output '" + name + "' size must be >= 0, got " + size);
      }
      Checks.nonBlank(mediaType, "Manifest.Output.mediaType");
      schemaRef = schemaRef == null ? Optional.empty() : schemaRef;
    }

    /** An output for a stored blob. */
    public static Output of(String name, ArtifactRef ref, Optional<String> schemaRef) {
      return new Output(name, ref.digest(), ref.size(), ref.mediaType(), schemaRef);
    }

    /** The reference to this output's blob. */
    public ArtifactRef ref() {
      return ArtifactRef.blob(Digests.hexOf(digest), size, mediaType);
    }
  }

  public Manifest {
    Checks.schemaVersion(schemaVersion, Manifest.class);
    StageKey.requireStageName(stage);
    Digests.requireHex(key);
    outputs = List.copyOf(Checks.present(outputs, "Manifest.outputs"));
    Set<String> names = new HashSet<>();
    for (Output output : outputs) {
      if (!names.add(output.name())) {
        throw new IllegalArgumentException(
            "manifest " + stage + "/" + key + " lists output '" + output.name() + "' twice");
      }
    }
    Checks.present(inputs, "Manifest.inputs");
    Checks.present(provenance, "Manifest.provenance");
    if (!inputs.stage().equals(stage)) {
      throw new IllegalArgumentException(
          "manifest of stage '" + stage + "' holds key material of stage '" + inputs.stage() + "'");
    }
    String derived = inputs.key().hex();
    if (!derived.equals(key)) {
      // The key material is what the key was computed from: a mismatch means the manifest was
      // edited or written by buggy code, and its result cannot be trusted under this key.
      throw new IllegalArgumentException(
          "manifest " + stage + "/" + key + " holds key material that hashes to " + derived);
    }
  }

  /** A manifest for {@code inputs}' key. */
  public static Manifest of(KeyMaterial inputs, List<Output> outputs, Provenance provenance) {
    return new Manifest(
        SCHEMA_VERSION, inputs.stage(), inputs.key().hex(), outputs, inputs, provenance);
  }

  /** The key this manifest commits. */
  public StageKey stageKey() {
    return new StageKey(stage, key);
  }

  /** The output called {@code name}, if listed. */
  public Optional<Output> output(String name) {
    return outputs.stream().filter(o -> o.name().equals(name)).findFirst();
  }
}
