package org.opticl.activities;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.opticl.analysis.TaskShots;
import org.opticl.schema.ArtifactRef;
import org.opticl.schema.HeadImportance;
import org.opticl.schema.InductionScores;
import org.opticl.store.ArtifactStore;
import org.opticl.workflows.api.CellResult;
import org.opticl.workflows.api.SummaryRequest;

/**
 * A run's stored results, read back for the summary: every cell's record and head importance, the
 * aggregates per shot count, and the induction scores. Reading verifies every digest.
 */
final class RunData {
  private final List<CellResult> cells;
  private final Map<Integer, Map<String, double[][]>> importance = new TreeMap<>();
  private final Map<Integer, double[][]> aggregates = new TreeMap<>();
  private final Map<InductionScores.Kind, InductionScores> induction =
      new EnumMap<>(InductionScores.Kind.class);

  private RunData(List<CellResult> cells) {
    this.cells = cells;
  }

  static RunData load(ArtifactStore store, SummaryRequest r) {
    List<CellResult> cells = new ArrayList<>();
    for (ArtifactRef ref : r.cells()) {
      cells.add(Masking.read(store, ref, CellResult.class));
    }
    RunData d = new RunData(cells);
    for (CellResult c : cells) {
      HeadImportance h = Masking.read(store, c.headImportance().artifact(), HeadImportance.class);
      d.importance
          .computeIfAbsent(c.eval().shots(), k -> new LinkedHashMap<>())
          .put(c.eval().task().name(), h.values());
    }
    for (ArtifactRef ref : r.aggregates()) {
      HeadImportance h = Masking.read(store, ref, HeadImportance.class);
      d.aggregates.put(h.shots(), h.values());
    }
    if (r.induction().isPresent()) {
      InductionRefs refs = Masking.read(store, r.induction().get(), InductionRefs.class);
      d.induction.put(
          InductionScores.Kind.PREFIX_MATCHING,
          Masking.read(store, refs.prefixMatching(), InductionScores.class));
      d.induction.put(
          InductionScores.Kind.COPYING, Masking.read(store, refs.copying(), InductionScores.class));
    }
    return d;
  }

  List<CellResult> cells() {
    return cells;
  }

  List<Integer> shots() {
    return new ArrayList<>(new TreeSet<>(importance.keySet()));
  }

  Map<String, double[][]> importance(int shots) {
    return importance.getOrDefault(shots, Map.of());
  }

  Optional<double[][]> aggregate(int shots) {
    return Optional.ofNullable(aggregates.get(shots));
  }

  Map<InductionScores.Kind, InductionScores> induction() {
    return induction;
  }

  /** Per task, its importance at every shot count it has. */
  List<TaskShots> taskShots() {
    Map<String, Map<Integer, double[][]>> byTask = new LinkedHashMap<>();
    importance.forEach(
        (shots, tasks) ->
            tasks.forEach(
                (task, values) ->
                    byTask.computeIfAbsent(task, t -> new TreeMap<>()).put(shots, values)));
    List<TaskShots> out = new ArrayList<>();
    byTask.forEach((task, m) -> out.add(new TaskShots(task, m)));
    return out;
  }
}
