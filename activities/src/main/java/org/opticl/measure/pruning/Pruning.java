package org.opticl.measure.pruning;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opticl.harness.scoring.ProgressListener;
import org.opticl.measure.EvalSetup;
import org.opticl.measure.Headline;
import org.opticl.measure.LabelledMask;
import org.opticl.measure.MaskSweep;
import org.opticl.measure.MeasuredModel;
import org.opticl.measure.ModelShape;
import org.opticl.measure.Progress;
import org.opticl.measure.SweepCheckpoint;
import org.opticl.measure.SweepPoint;
import org.opticl.measure.TaskEvaluation;
import org.opticl.measure.UnitMask;

/**
 * Evaluates a task with heads and/or FFNs removed (paper §5): one masked evaluation, or a whole
 * curve or grid of them resumable after each point. The rankings are used as given, once (no
 * re-estimation after pruning, as the original: paper §7).
 */
public final class Pruning {
  private Pruning() {}

  /** One evaluation of {@code setup} with {@code mask} applied: every metric and the headline. */
  public static SweepPoint evaluate(
      MeasuredModel subject, EvalSetup setup, UnitMask mask, ProgressListener progress) {
    TaskEvaluation evaluation = TaskEvaluation.prepare(subject, setup);
    return evaluate(evaluation, mask, progress);
  }

  /** One evaluation on prompts already built. */
  public static SweepPoint evaluate(
      TaskEvaluation evaluation, UnitMask mask, ProgressListener progress) {
    ModelShape shape = evaluation.subject().shape();
    if (!mask.shape().equals(shape)) {
      throw new IllegalArgumentException("mask is for " + mask.shape() + ", the model is " + shape);
    }
    return MaskSweep.point(
        mask.removesNothing() ? "baseline" : mask.toString(),
        evaluation.evaluate(mask.interventions(), progress));
  }

  /** The masks of a pruning run, one per point, in point order. */
  public static List<LabelledMask> masks(ModelShape shape, PruningInput input) {
    List<LabelledMask> out = new ArrayList<>(input.points().size());
    for (GridCell c : input.points()) {
      UnitMask heads =
          c.headPercent() == 0
              ? UnitMask.none(shape)
              : Masks.heads(shape, input.headImportance().orElseThrow(), c.headPercent());
      UnitMask ffns =
          c.ffnPercent() == 0
              ? UnitMask.none(shape)
              : Masks.ffns(shape, input.ffnRanking().orElseThrow(), c.ffnPercent());
      out.add(new LabelledMask(c.label(), heads.union(ffns)));
    }
    return out;
  }

  /**
   * Evaluates every point of {@code input}.
   *
   * @param resume a checkpoint of this same run, reported by an earlier {@code progress}
   * @param progress after each point: points done, total, checkpoint
   */
  public static List<PruningPoint> run(
      MeasuredModel subject,
      PruningInput input,
      Optional<SweepCheckpoint> resume,
      Progress<SweepCheckpoint> progress) {
    ModelShape shape = subject.shape();
    input
        .headImportance()
        .ifPresent(m -> shape.check(m, "head importance of " + input.rankingSource()));
    input.ffnRanking().ifPresent(r -> Masks.checkRanking(shape, r));
    List<LabelledMask> masks = masks(shape, input);
    TaskEvaluation evaluation = TaskEvaluation.prepare(subject, input.setup());
    List<SweepPoint> points = MaskSweep.run(evaluation, masks, resume, progress);
    String metric = Headline.metricOf(input.setup().task());
    List<PruningPoint> out = new ArrayList<>(points.size());
    for (int i = 0; i < points.size(); i++) {
      out.add(
          new PruningPoint(
              input.points().get(i),
              masks.get(i).mask(),
              metric,
              points.get(i).headline(),
              points.get(i)));
    }
    return out;
  }
}
