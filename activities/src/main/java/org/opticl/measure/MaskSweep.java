package org.opticl.measure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opticl.harness.eval.TaskResult;
import org.opticl.harness.metrics.MetricValue;
import org.opticl.schema.Metric;

/**
 * Evaluates one task under a list of masks, one full evaluation each, resumable after every
 * evaluation. The FFN knock-offs (one mask per layer), pruning curves (one per percentage) and the
 * combined grid are all such sweeps; at OPT-66B scale each evaluation takes up to hours, so losing
 * at most the one in flight is what makes thousands of them feasible (paper-spec §8).
 */
public final class MaskSweep {
  private MaskSweep() {}

  /**
   * Evaluates {@code masks} in order, skipping those a checkpoint already holds.
   *
   * @param resume a checkpoint of this same sweep ({@link #digest} must match)
   * @param progress after each evaluation: masks done, total, and the checkpoint
   * @return one point per mask, in mask order
   */
  public static List<SweepPoint> run(
      TaskEvaluation evaluation,
      List<LabelledMask> masks,
      Optional<SweepCheckpoint> resume,
      Progress<SweepCheckpoint> progress) {
    if (masks.isEmpty()) {
      throw new IllegalArgumentException("a sweep needs at least one mask");
    }
    ModelShape shape = evaluation.subject().shape();
    for (LabelledMask m : masks) {
      if (!m.mask().shape().equals(shape)) {
        throw new IllegalArgumentException(
            "mask '" + m.label() + "' is for " + m.mask().shape() + ", the model is " + shape);
      }
    }
    String digest = digest(evaluation, masks);
    List<SweepPoint> done = new ArrayList<>();
    if (resume.isPresent()) {
      SweepCheckpoint c = resume.get();
      if (!c.inputDigest().equals(digest)) {
        throw new IllegalArgumentException(
            "checkpoint belongs to a different sweep (input digest "
                + c.inputDigest()
                + ", this sweep's is "
                + digest
                + "): task, prompts or masks differ");
      }
      if (c.done().size() > masks.size()) {
        throw new IllegalArgumentException(
            "checkpoint holds " + c.done().size() + " results for a sweep of " + masks.size());
      }
      done.addAll(c.done());
    }
    int total = masks.size();
    for (int i = done.size(); i < total; i++) {
      LabelledMask m = masks.get(i);
      TaskResult result =
          evaluation.evaluate(m.mask().interventions(), (d, t) -> progress.within(d, t));
      done.add(point(m.label(), result));
      progress.completed(done.size(), total, new SweepCheckpoint(digest, done));
    }
    return List.copyOf(done);
  }

  /** The identity of a sweep: the evaluation's digest and every mask's label and content. */
  public static String digest(TaskEvaluation evaluation, List<LabelledMask> masks) {
    InputDigest d = new InputDigest().add("mask-sweep/1").add(evaluation.digest());
    d.add(masks.size());
    for (LabelledMask m : masks) {
      m.mask().addTo(d.add(m.label()));
    }
    return d.hex();
  }

  /** A sweep point from a finished evaluation. */
  public static SweepPoint point(String label, TaskResult result) {
    Map<String, Metric> metrics = new LinkedHashMap<>();
    for (MetricValue v : result.metrics()) {
      metrics.put(v.name(), new Metric(v.value(), v.stderr()));
    }
    return new SweepPoint(label, Headline.percent(result), metrics, result.docs().size());
  }
}
