package org.opticl.app.durability;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.opticl.measure.importance.ImportanceCheckpoint;
import org.opticl.schema.ArtifactRef;
import org.opticl.schema.json.CanonicalJson;
import org.opticl.store.ArtifactStore;
import org.opticl.store.BlobInfo;

/**
 * The head-importance checkpoints a run stored, read back from the artifact store. The activity
 * stores one at its first batch, then at most every 10 s, then at the end; each names the
 * computation's input digest and the next example to accumulate. A checkpoint at example {@code k +
 * batch} can only come from an attempt whose first batch started at {@code k}: so finding it after
 * a kill at checkpoint {@code k} shows that the retry resumed there instead of starting over.
 */
final class StoredCheckpoints {
  private StoredCheckpoints() {}

  /** The checkpoint a heartbeat refers to. */
  static ImportanceCheckpoint read(ArtifactStore store, ArtifactRef ref) {
    byte[] bytes =
        store
            .get(ref)
            .orElseThrow(
                () -> new AssertionError("checkpoint " + ref + " is not in " + store.location()));
    return CanonicalJson.read(bytes, ImportanceCheckpoint.class);
  }

  /**
   * Where every stored checkpoint of the computation {@code inputDigest} stood ({@code
   * nextExample}), from the blobs of about a checkpoint's size.
   */
  static SortedSet<Integer> positions(ArtifactStore store, String inputDigest, long typicalSize) {
    SortedSet<Integer> positions = new TreeSet<>();
    for (BlobInfo blob : store.blobs()) {
      if (blob.size() < typicalSize / 2 || blob.size() > typicalSize * 2) {
        continue;
      }
      Optional<byte[]> bytes =
          store.get(ArtifactRef.blob(blob.sha256(), blob.size(), ArtifactRef.JSON));
      if (bytes.isEmpty()) {
        continue;
      }
      JsonNode node;
      try {
        node = CanonicalJson.tree(bytes.get());
      } catch (RuntimeException notJson) {
        continue;
      }
      if (node.path("inputDigest").asText("").equals(inputDigest) && node.has("nextExample")) {
        positions.add(node.get("nextExample").asInt());
      }
    }
    return positions;
  }
}
