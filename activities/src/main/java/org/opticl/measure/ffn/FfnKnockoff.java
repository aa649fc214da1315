package org.opticl.measure.ffn;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
import org.opticl.schema.FfnImportance;

/**
 * Runs the FFN knock-offs of paper Eq. 7 (paper-spec §2): the task evaluated once per layer with
 * that layer's whole FFN block skipped, plus the baseline unless given, resumable after each
 * evaluation (the checkpoint holds the results so far). Importance and ranking follow {@code
 * fc_importance.py}: baseline − knock-off, layers sorted ascending with ties to the lower layer.
 */
public final class FfnKnockoff {
  private FfnKnockoff() {}

  /** The label of the baseline evaluation in a sweep. */
  public static final String BASELINE = "baseline";

  /**
   * Evaluates every knock-off (and the baseline when not given).
   *
   * @param resume a checkpoint of this same run, reported by an earlier {@code progress}
   * @param progress after each evaluation: evaluations done, total, checkpoint
   */
  public static FfnKnockoffResult run(
      MeasuredModel subject,
      FfnKnockoffInput input,
      Optional<SweepCheckpoint> resume,
      Progress<SweepCheckpoint> progress) {
    TaskEvaluation evaluation = TaskEvaluation.prepare(subject, input.setup());
    List<LabelledMask> masks = masks(subject.shape(), input.knownBaseline().isEmpty());
    List<SweepPoint> points = MaskSweep.run(evaluation, masks, resume, progress);
    int first = input.knownBaseline().isPresent() ? 0 : 1;
    double baseline =
        input.knownBaseline().isPresent()
            ? input.knownBaseline().getAsDouble()
            : points.get(0).headline();
    int layers = subject.shape().layers();
    double[] knockoff = new double[layers];
    for (int l = 0; l < layers; l++) {
      knockoff[l] = points.get(first + l).headline();
    }
    double[] importance = importance(baseline, knockoff);
    return new FfnKnockoffResult(
        Headline.metricOf(input.setup().task()),
        baseline,
        knockoff,
        importance,
        ranking(importance),
        points);
  }

  /** The evaluations of a run, in order: the baseline (if wanted), then FFN 0 .. L−1 removed. */
  public static List<LabelledMask> masks(ModelShape shape, boolean withBaseline) {
    List<LabelledMask> masks = new ArrayList<>();
    if (withBaseline) {
      masks.add(new LabelledMask(BASELINE, UnitMask.none(shape)));
    }
    for (int l = 0; l < shape.layers(); l++) {
      masks.add(new LabelledMask("ffn " + l, UnitMask.ffn(shape, l)));
    }
    return masks;
  }

  /** Paper Eq. 7: baseline − knock-off per layer. */
  public static double[] importance(double baseline, double[] knockoff) {
    if (!Double.isFinite(baseline)) {
      throw new IllegalArgumentException("baseline=" + baseline + " is not finite");
    }
    if (knockoff.length == 0) {
      throw new IllegalArgumentException("no knock-off results: expected one per layer");
    }
    double[] out = new double[knockoff.length];
    for (int l = 0; l < knockoff.length; l++) {
      if (!Double.isFinite(knockoff[l])) {
        throw new IllegalArgumentException(
            "knock-off metric of layer " + l + " is " + knockoff[l] + ", not finite");
      }
      out[l] = baseline - knockoff[l];
    }
    return out;
  }

  /**
   * Layers by ascending importance, least important first; ties go to the lower layer (Python's
   * stable {@code sorted}, as {@code fc_importance.py}).
   */
  public static int[] ranking(double[] importance) {
    if (importance.length == 0) {
      throw new IllegalArgumentException("no FFN importance values to rank");
    }
    double[] keys = new double[importance.length];
    for (int l = 0; l < importance.length; l++) {
      if (Double.isNaN(importance[l])) {
        throw new IllegalArgumentException("FFN importance of layer " + l + " is NaN");
      }
      keys[l] = importance[l] + 0.0; // -0.0 becomes 0.0: Python compares them equal
    }
    return FfnImportance.rank(keys);
  }
}
