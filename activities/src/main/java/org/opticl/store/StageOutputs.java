package org.opticl.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opticl.schema.ArtifactRef;
import org.opticl.schema.Manifest;
import org.opticl.schema.Provenance;
import org.opticl.schema.Schemas;
import org.opticl.schema.TensorArtifact;
import org.opticl.schema.json.CanonicalJson;
import org.opticl.schema.key.KeyMaterial;
import org.opticl.schema.npy.Npy;
import org.opticl.schema.npy.NpyArray;

/**
 * Collects one stage result's outputs, storing each as it is added, and commits them with one
 * manifest: the write order (all blobs, then the manifest) that makes a result all-or-nothing lives
 * here rather than in every activity. Records are stored as canonical JSON (so equal results dedupe
 * to one blob) with their schema's {@code $id}; tensors of a {@link TensorArtifact} also go beside
 * it as {@code <name>.<tensor>.npy}. Not thread-safe: one per stage execution.
 */
public final class StageOutputs {

  private final ArtifactStore store;
  private final List<Manifest.Output> outputs = new ArrayList<>();

  public StageOutputs(ArtifactStore store) {
    this.store = store;
  }

  /**
   * Stores {@code record} as {@code <baseName>.json} and, for a {@link TensorArtifact}, each tensor
   * as {@code <baseName>.<tensor>.npy} (little-endian float64, C order).
   */
  public StageOutputs record(String baseName, Object record) {
    ArtifactRef json = store.put(CanonicalJson.bytes(record), ArtifactRef.JSON);
    Optional<String> schemaRef =
        Schemas.name(record.getClass()).map(n -> Schemas.id(record.getClass()));
    outputs.add(Manifest.Output.of(baseName + ".json", json, schemaRef));
    if (record instanceof TensorArtifact tensors) {
      for (Map.Entry<String, NpyArray> e : tensors.tensors().entrySet()) {
        bytes(
            baseName + "." + e.getKey() + Npy.EXTENSION, Npy.write(e.getValue()), ArtifactRef.NPY);
      }
    }
    return this;
  }

  /** Stores raw bytes as output {@code name}. */
  public StageOutputs bytes(String name, byte[] bytes, String mediaType) {
    outputs.add(Manifest.Output.of(name, store.put(bytes, mediaType), Optional.empty()));
    return this;
  }

  /** Stores a file's content as output {@code name} (streamed: for large outputs). */
  public StageOutputs file(String name, Path file, String mediaType) {
    outputs.add(Manifest.Output.of(name, store.put(file, mediaType), Optional.empty()));
    return this;
  }

  /** The outputs stored so far. */
  public List<Manifest.Output> outputs() {
    return List.copyOf(outputs);
  }

  /** Writes the manifest last; see {@link ArtifactStore#commit}. */
  public CommitResult commit(KeyMaterial key, Provenance provenance) {
    return store.commit(Manifest.of(key, outputs, provenance));
  }

  /** Reads output {@code name} of a committed result as a record, verified; empty on a miss. */
  public static <T> Optional<T> read(
      ArtifactStore store, Manifest manifest, String name, Class<T> type) {
    return store.readOutput(manifest, name).map(bytes -> CanonicalJson.read(bytes, type));
  }
}
