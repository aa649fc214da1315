package org.opticl.app.durability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.opticl.schema.Manifest;
import org.opticl.schema.key.StageKey;
import org.opticl.store.ArtifactStore;

/**
 * What a run left in an artifact store, reduced to what must not depend on how the run went: every
 * committed stage key and the digest of each output its manifest names. Provenance (worker,
 * attempt, timing) is left out; it is exactly what differs between an interrupted run and an
 * uninterrupted one. Uncommitted blobs (checkpoints, partial results) are left out too: they are
 * garbage for {@code cache gc}, not results.
 *
 * @param stages by {@code <stage>/<key>}: output name to {@code sha256:<hex>}
 */
record StoreSnapshot(SortedMap<String, SortedMap<String, String>> stages) {

  /** Reads every committed manifest; a key whose manifest fails verification fails the test. */
  static StoreSnapshot of(ArtifactStore store) {
    SortedMap<String, SortedMap<String, String>> stages = new TreeMap<>();
    for (StageKey key : store.stageKeys()) {
      Manifest m =
          store
              .lookup(key)
              .orElseThrow(
                  () ->
                      new AssertionError(
                          store.location() + ": " + key + " is listed but its result is broken"));
      SortedMap<String, String> outputs = new TreeMap<>();
      for (Manifest.Output o : m.outputs()) {
        outputs.put(o.name(), o.digest());
      }
      stages.put(key.toString(), outputs);
    }
    return new StoreSnapshot(stages);
  }

  /** Committed results per stage name, e.g. {@code evaluation=7}. */
  SortedMap<String, Integer> countByStage() {
    SortedMap<String, Integer> counts = new TreeMap<>();
    for (String key : stages.keySet()) {
      counts.merge(key.substring(0, key.indexOf('/')), 1, Integer::sum);
    }
    return counts;
  }

  /** The manifest keys of one stage. */
  List<String> keysOf(String stage) {
    return stages.keySet().stream().filter(k -> k.startsWith(stage + "/")).toList();
  }

  /**
   * Every difference from {@code expected}, one per line: keys only one store has, and outputs
   * whose digests differ. Empty when the two stores hold the same results.
   */
  String differencesFrom(StoreSnapshot expected) {
    List<String> lines = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(stages.keySet());
    keys.addAll(expected.stages.keySet());
    for (String key : keys) {
      Map<String, String> mine = stages.get(key);
      Map<String, String> theirs = expected.stages.get(key);
      if (theirs == null) {
        lines.add("only in this store: " + key + " " + mine);
      } else if (mine == null) {
        lines.add("missing from this store: " + key + " " + theirs);
      } else if (!mine.equals(theirs)) {
        TreeSet<String> names = new TreeSet<>(mine.keySet());
        names.addAll(theirs.keySet());
        for (String name : names) {
          if (!Objects.equals(mine.get(name), theirs.get(name))) {
            lines.add(key + " " + name + ": " + mine.get(name) + ", expected " + theirs.get(name));
          }
        }
      }
    }
    return String.join("\n", lines);
  }
}
