package org.opticl.workflows.pipeline;

import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.opticl.schema.ArtifactRef;
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
 * Stand-ins for the real activities: they return references derived from their input (as a
 * content-addressed store would), remember every call, and can be told to hit the cache, fail
 * transiently, reject their input, or block until cancelled.
 */
final class FakeActivities implements ModelActivities, AnalysisActivities {
  final List<String> calls = new CopyOnWriteArrayList<>();
  final Set<String> committed = ConcurrentHashMap.newKeySet();
  final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  volatile boolean everythingCached;
  volatile String failOnceOn = "";
  volatile String rejectOn = "";
  volatile String blockOn = "";
  final int layers;

  FakeActivities(int layers) {
    this.layers = layers;
  }

  static ArtifactRef ref(String content) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      return ArtifactRef.blob(HexFormat.of().formatHex(d), content.length(), ArtifactRef.JSON);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Records the call and applies the configured behaviour; returns whether it was a hit. */
  private boolean enter(String call) {
    int attempt = attempts.computeIfAbsent(call, c -> new AtomicInteger()).incrementAndGet();
    calls.add(call);
    if (!rejectOn.isEmpty() && call.contains(rejectOn)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "bad input in " + call + ": task data file missing", ActivityProfiles.BAD_INPUT);
    }
    if (!failOnceOn.isEmpty() && call.contains(failOnceOn) && attempt == 1) {
      throw ApplicationFailure.newFailure("worker lost in " + call, "Transient");
    }
    if (!blockOn.isEmpty() && call.contains(blockOn)) {
      while (true) {
        Activity.getExecutionContext().heartbeat(attempt); // cancellation arrives here
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    return everythingCached || !committed.add(call);
  }

  @Override
  public EvalOutcome evaluate(EvalRequest r) {
    String call = "evaluate " + r.eval().cellName() + " " + r.mask().describe() + " " + r.stage();
    boolean hit = enter(call);
    double metric = 0.5 + 0.01 * (r.mask().headPercent() + r.mask().ffnPercent()) / 10.0;
    return new EvalOutcome(ref(call), metric, hit);
  }

  @Override
  public StageOutcome headImportance(ImportanceRequest r) {
    String call = "importance " + r.eval().cellName() + " " + r.variant();
    return new StageOutcome(ref(call), enter(call));
  }

  @Override
  public StageOutcome inductionScores(InductionRequest r) {
    String call = "induction " + r.sequences();
    return new StageOutcome(ref(call), enter(call));
  }

  @Override
  public ModelInfo describeModel(ModelRef model) {
    enter("describe " + model.id());
    return new ModelInfo(
        model.id(), "sha256:" + "0".repeat(64), model.dtype(), layers, 4, "/models/x");
  }

  @Override
  public StageOutcome ffnImportance(FfnImportanceRequest r) {
    String call = "ffn-importance " + r.eval().cellName() + " " + r.knockoffs().size();
    return new StageOutcome(ref(call), enter(call));
  }

  @Override
  public StageOutcome aggregateImportance(AggregateRequest r) {
    String call = "aggregate " + r.shots() + " " + r.importances().size();
    return new StageOutcome(ref(call), enter(call));
  }

  @Override
  public StageOutcome recordCell(CellResult cell) {
    String call = "record " + cell.eval().cellName();
    return new StageOutcome(ref(call), enter(call));
  }

  @Override
  public StageOutcome analyze(SummaryRequest r) {
    String call = "analyze " + r.cells().size() + " " + r.crossTask().size();
    return new StageOutcome(ref(call), enter(call));
  }

  @Override
  public ReportOutcome report(ReportRequest r) {
    String call = "report " + r.summary().runId();
    boolean hit = enter(call);
    return new ReportOutcome(ref(call), "/reports/" + r.summary().runId() + "/index.html", hit);
  }

  long callsWith(String part) {
    return calls.stream().filter(c -> c.contains(part)).count();
  }

  long count(String prefix) {
    return calls.stream().filter(c -> c.startsWith(prefix)).count();
  }
}
