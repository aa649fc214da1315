package org.opticl.workflows.api;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * CPU activities, on the {@code opticl-cpu} queue: reading a model's shape, deriving rankings from
 * stored results, cross-cell analysis, figures and the report. Cached like every stage.
 */
@ActivityInterface
public interface AnalysisActivities {
  @ActivityMethod(name = "DescribeModel")
  ModelInfo describeModel(ModelRef model);

  @ActivityMethod(name = "FfnImportance")
  StageOutcome ffnImportance(FfnImportanceRequest request);

  @ActivityMethod(name = "AggregateImportance")
  StageOutcome aggregateImportance(AggregateRequest request);

  @ActivityMethod(name = "RecordCell")
  StageOutcome recordCell(CellResult cell);

  @ActivityMethod(name = "Analyze")
  StageOutcome analyze(SummaryRequest request);

  @ActivityMethod(name = "Report")
  ReportOutcome report(ReportRequest request);
}
