package org.opticl.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opticl.schema.HeadImportance;
import org.opticl.schema.ModelIdentity;
import org.opticl.schema.Provenance;
import org.opticl.schema.TaskIdentity;
import org.opticl.schema.key.KeyMaterial;

/** Small artifacts and key material for the store tests. */
final class Fixtures {

  static final ModelIdentity MODEL =
      new ModelIdentity("random-opt-2l-4h", "sha256:" + "1".repeat(64), "float32");
  static final TaskIdentity TASK = new TaskIdentity("copa", "sha256:" + "2".repeat(64));

  private Fixtures() {}

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static KeyMaterial key(String stage, int n) {
    return KeyMaterial.of(
        stage, 1, Map.of("n", n), Optional.of(MODEL), Optional.of(TASK), Map.of());
  }

  static Provenance provenance(String worker) {
    return Provenance.local(
        "test", worker, List.of("cpu"), Instant.parse("2026-01-01T00:00:00Z"), 5);
  }

  static HeadImportance headImportance(double scale) {
    return new HeadImportance(
        HeadImportance.SCHEMA_VERSION,
        MODEL,
        TASK,
        1,
        HeadImportance.Variant.PER_TOKEN_ABS,
        new double[][] {{0.5 * scale, 0.25}, {1e-3, 2 * scale}},
        new HeadImportance.TokenCounts(100, 10),
        4);
  }
}
