package org.opticl.app.bench;

import java.nio.charset.StandardCharsets;
import org.opticl.schema.ArtifactRef;
import org.opticl.schema.json.Digests;
import org.opticl.workflows.api.AggregateRequest;
import org.opticl.workflows.api.AnalysisActivities;
import org.opticl.workflows.api.CellResult;
import org.opticl.workflows.api.EvalOutcome;
import org.opticl.workflows.api.EvalRequest;
import org.opticl.workflows.api.FfnImportanceRequest;
import org.opticl.workflows.api.ImportanceRequest;
import org.opticl.workflows.api.InductionRequest;
import org.opticl.workflows.api.ModelActivities;
import org.opticl.workflows.api.ModelInfo;
import org.opticl.workflows.api.ModelRef;
import org.opticl.workflows.api.ReportOutcome;
import org.opticl.workflows.api.ReportRequest;
import org.opticl.workflows.api.StageOutcome;
import org.opticl.workflows.api.SummaryRequest;

/**
 * Activities that do nothing but answer: the pipeline benchmark runs the real workflows on them, so
 * that what it measures is orchestration alone (scheduling, dispatch, history, payloads).
 */
final class NoopActivities implements ModelActivities, AnalysisActivities {
  private final int layers;

  NoopActivities(int layers) {
    this.layers = layers;
  }

  private static ArtifactRef ref(String s) {
    return ArtifactRef.blob(
        Digests.sha256Hex(s.getBytes(StandardCharsets.UTF_8)), s.length(), ArtifactRef.JSON);
  }

  @Override
  public EvalOutcome evaluate(EvalRequest r) {
    return new EvalOutcome(ref(r.toString()), 0.5, false);
  }

  @Override
  public StageOutcome headImportance(ImportanceRequest r) {
    return new StageOutcome(ref(r.toString()), false);
  }

  @Override
  public StageOutcome inductionScores(InductionRequest r) {
    return new StageOutcome(ref(r.toString()), false);
  }

  @Override
  public ModelInfo describeModel(ModelRef m) {
    return new ModelInfo(m.id(), "sha256:" + "0".repeat(64), m.dtype(), layers, 8, "");
  }

  @Override
  public StageOutcome ffnImportance(FfnImportanceRequest r) {
    return new StageOutcome(ref(r.eval().toString()), false);
  }

  @Override
  public StageOutcome aggregateImportance(AggregateRequest r) {
    return new StageOutcome(ref(r.toString()), false);
  }

  @Override
  public StageOutcome recordCell(CellResult c) {
    return new StageOutcome(ref(c.eval().toString()), false);
  }

  @Override
  public StageOutcome analyze(SummaryRequest r) {
    return new StageOutcome(ref(r.runId()), false);
  }

  @Override
  public ReportOutcome report(ReportRequest r) {
    return new ReportOutcome(ref(r.summary().runId()), "/dev/null", false);
  }
}
