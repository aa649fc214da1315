package org.opticl.model.induction;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.opticl.model.config.OptConfig;
import org.opticl.model.opt.Batch;
import org.opticl.model.opt.Interventions;
import org.opticl.model.opt.OptModel;

/**
 * The prefix-matching score of every head on one repeated sequence (paper-spec §4.2, Alg. 1): how
 * much attention a token pays to the tokens that followed its earlier occurrences — the signature
 * of an induction head. Each layer's attention map is reduced inside the engine while the forward
 * pass runs (a product with a target indicator built once per sequence length, then a sum), so no
 * attention map is ever copied to Java.
 */
public final class PrefixMatching {
  private PrefixMatching() {}

  /**
   * Target indicator (T,T), T = 4·lseg + 1, as float32 values in row-major order: 1 at (j, k) where
   * the score credits key k for query j, for the queries j = lseg+1 … 4·lseg of copies 1–3.
   *
   * <ul>
   *   <li>{@link PrefixRule#PARITY}: k = n·lseg + (j mod lseg) + 1 for n = 0 … ⌊j/lseg⌋ − 1, the
   *       original's formula.
   *   <li>{@link PrefixRule#CORRECTED}: with j = c·lseg + i + 1 (copy c, segment index i), k =
   *       n·lseg + i + 2 for n = 0 … c − 1: the position after each earlier occurrence.
   * </ul>
   *
   * The two differ only in rows j = 2·lseg, 3·lseg, 4·lseg (the last token of copies 1–3), where
   * PARITY also credits k = 1.
   */
  public static float[] targetValues(int lseg, PrefixRule rule) {
    if (lseg < 1) {
      throw new IllegalArgumentException("segment length must be >= 1, got " + lseg);
    }
    int t = 4 * lseg + 1;
    float[] mask = new float[t * t];
    for (int j = lseg + 1; j <= 4 * lseg; j++) {
      if (rule == PrefixRule.PARITY) {
        for (int n = 0; n < j / lseg; n++) {
          mask[j * t + n * lseg + (j % lseg) + 1] = 1f;
        }
      } else {
        int c = (j - 1) / lseg;
        int i = (j - 1) % lseg;
        for (int n = 0; n < c; n++) {
          mask[j * t + n * lseg + i + 2] = 1f;
        }
      }
    }
    return mask;
  }

  /** {@link #targetValues} as a (T,T) float32 array in {@code manager}. */
  public static NDArray targets(NDManager manager, int lseg, PrefixRule rule) {
    int t = 4 * lseg + 1;
    return manager.create(targetValues(lseg, rule), new Shape(t, t));
  }

  /**
   * Scores (…,H) in float32 of attention probabilities (…,H,T,T): the attention mass on the
   * targets, summed over each query's targets and averaged over the 3·lseg queries of copies 1–3.
   * The result lives in {@code probs}' manager; {@code targets} should be on probs' device.
   */
  public static NDArray score(NDArray probs, NDArray targets, int lseg) {
    Shape shape = probs.getShape();
    int nd = shape.dimension();
    long t = 4L * lseg + 1;
    if (nd < 3 || shape.get(nd - 1) != t || shape.get(nd - 2) != t) {
      throw new IllegalArgumentException(
          "attention probabilities " + shape + " do not end in (T,T) with T = 4·" + lseg + "+1");
    }
    // One matrix-vector product (…·H, T·T)·(T·T, 1): no (…,H,T,T) temporary, one engine call.
    long[] lead = Arrays.copyOf(shape.getShape(), nd - 2);
    NDArray column = targets.toDevice(probs.getDevice(), false).reshape(t * t, 1);
    column.attach(probs.getManager());
    return probs
        .toType(DataType.FLOAT32, false)
        .reshape(-1, t * t)
        .matMul(column)
        .reshape(new Shape(lead))
        .div(3f * lseg);
  }

  /**
   * Runs {@code sequence} (BOS then four copies of an lseg-token segment) through the model and
   * returns every head's score [L][H].
   */
  public static double[][] score(OptModel model, int[] sequence, int lseg, PrefixRule rule) {
    return score(model, sequence, lseg, rule, new StageClock());
  }

  static double[][] score(
      OptModel model, int[] sequence, int lseg, PrefixRule rule, StageClock clock) {
    OptConfig c = model.config();
    if (sequence.length != 4 * lseg + 1) {
      throw new IllegalArgumentException(
          "a prefix-matching sequence with segment length "
              + lseg
              + " has "
              + (4 * lseg + 1)
              + " tokens, got "
              + sequence.length);
    }
    double[][] out = new double[c.numLayers()][];
    long[] inObserver = {0};
    try (NDManager own = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
      NDArray cpuTargets = targets(own, lseg, rule);
      Map<Device, NDArray> byDevice = new HashMap<>();
      Interventions iv =
          Interventions.NONE.observingAttention(
              (layer, probs) -> {
                long start = System.nanoTime();
                NDArray mask =
                    byDevice.computeIfAbsent(probs.getDevice(), d -> cpuTargets.toDevice(d, false));
                // Intermediates go to a scope closed right here, not to the pass's scope, which
                // would keep every layer's (B,H,T,T) product alive until the pass ends.
                try (NDManager sub = NDManager.subManagerOf(probs)) {
                  probs.tempAttach(sub);
                  float[] h = score(probs, mask, lseg).toFloatArray(); // (1,H)
                  double[] row = new double[h.length];
                  for (int i = 0; i < h.length; i++) {
                    row[i] = h[i];
                  }
                  out[layer] = row;
                }
                inObserver[0] += System.nanoTime() - start;
              });
      long start = System.nanoTime();
      // lastLogits runs the LM head on one position only: the full (T,V) logits would add a
      // third to a small model's pass for nothing.
      model.lastLogits(Batch.of(sequence), iv);
      long total = System.nanoTime() - start;
      clock.add(StageClock.Stage.PREFIX_REDUCTION, inObserver[0]);
      clock.add(StageClock.Stage.FORWARD, total - inObserver[0]);
    }
    return out;
  }
}
