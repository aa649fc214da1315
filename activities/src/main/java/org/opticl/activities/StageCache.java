package org.opticl.activities;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.opticl.schema.Manifest;
import org.opticl.schema.key.KeyMaterial;
import org.opticl.store.ArtifactStore;
import org.opticl.store.StageOutputs;
import org.opticl.workflows.api.StageOutcome;

/**
 * The one cache mechanism every activity uses: look a stage key up (a miss when the {@link
 * CachePolicy} forces that stage), and commit a computed result with its provenance. A forced
 * stage's earlier result is replaced only when the new one is committed, so a recomputation that
 * fails loses nothing.
 */
final class StageCache {
  private final ArtifactStore store;
  private final CachePolicy policy;
  private final Supplier<List<String>> devices;

  StageCache(ArtifactStore store, CachePolicy policy, Supplier<List<String>> devices) {
    this.store = store;
    this.policy = policy;
    this.devices = devices;
  }

  Optional<Manifest> lookup(KeyMaterial key) {
    return policy.isForced(key.stage()) ? Optional.empty() : store.lookup(key.key());
  }

  /** The committed output {@code output} of {@code key}, as a cache hit. */
  Optional<StageOutcome> cached(KeyMaterial key, String output) {
    return lookup(key).flatMap(m -> m.output(output)).map(o -> new StageOutcome(o.ref(), true));
  }

  Manifest commit(KeyMaterial key, StageOutputs out, Instant start) {
    if (policy.isForced(key.stage())) {
      store.invalidate(key.key()); // the store keeps the first manifest of a key
    }
    return out.commit(key, Provenances.since(start, devices.get())).manifest();
  }

  StageOutcome commit(KeyMaterial key, StageOutputs out, Instant start, String output) {
    return new StageOutcome(commit(key, out, start).output(output).orElseThrow().ref(), false);
  }
}
