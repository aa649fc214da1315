package org.opticl.workflows.api;

import java.util.List;
import org.opticl.schema.ArtifactRef;

/** Everything a cell produced, as references: a few kilobytes even for OPT-66B's 64 knock-offs. */
public record CellResult(
    EvalSpec eval,
    EvalOutcome baseline,
    StageOutcome headImportance,
    List<EvalOutcome> knockoffs,
    StageOutcome ffnImportance,
    List<PrunedEval> pruning,
    int computed,
    int cached) {
  /** The cell's artifacts by name, for the summary. */
  public List<ArtifactRef> artifacts() {
    List<ArtifactRef> out = new java.util.ArrayList<>();
    out.add(baseline.result());
    out.add(headImportance.artifact());
    out.add(ffnImportance.artifact());
    knockoffs.forEach(k -> out.add(k.result()));
    pruning.forEach(p -> out.add(p.result()));
    return out;
  }
}
