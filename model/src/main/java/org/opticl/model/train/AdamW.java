package org.opticl.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", 2019) over plain engine
 * arrays, as PyTorch's {@code torch.optim.AdamW} computes it. opticl's OPT keeps its weights as
 * bare arrays rather than DJL blocks, so DJL's own optimizers, which update a block's parameter
 * store, do not apply. For each parameter p with gradient g, at step t (from 1):
 *
 * <pre>
 *   p ← p − lr·λ·p                      (decoupled weight decay, decayed parameters only)
 *   m ← β1·m + (1−β1)·g
 *   v ← β2·v + (1−β2)·g²
 *   p ← p − lr · (m / (1−β1^t)) / (√(v / (1−β2^t)) + ε)
 * </pre>
 *
 * <p>Weight decay applies to parameters of two or more dimensions (weight matrices and the
 * embedding tables) and not to one-dimensional ones (biases, LayerNorm gains and shifts), as GPT-2
 * style training code does: decaying a LayerNorm gain towards 0 rather than 1 only fights the
 * model. After each step the gradients are set to zero, because PyTorch accumulates them across
 * backward passes. Every update is element-wise, so a step is deterministic on any thread count.
 */
public final class AdamW implements AutoCloseable {

  /**
   * Hyper-parameters, with PyTorch's names in brackets.
   *
   * @param learningRate peak step size [lr]; a schedule may pass a smaller one to {@link
   *     #step(double)}
   * @param beta1 decay of the first-moment (mean) estimate [betas[0]]
   * @param beta2 decay of the second-moment (uncentred variance) estimate [betas[1]]
   * @param epsilon added to √v̂ so that parameters with tiny gradients do not take huge steps [eps]
   * @param weightDecay λ, the fraction of a decayed parameter removed per unit of learning rate
   *     [weight_decay]
   */
  public record Settings(
      double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {

    public Settings {
      if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
        throw new IllegalArgumentException(
            "learningRate=" + learningRate + " must be a positive finite number");
      }
      unitInterval("beta1", beta1);
      unitInterval("beta2", beta2);
      if (!(epsilon > 0)) {
        throw new IllegalArgumentException("epsilon=" + epsilon + " must be positive");
      }
      if (!(weightDecay >= 0) || weightDecay * learningRate >= 1) {
        throw new IllegalArgumentException(
            "weightDecay="
                + weightDecay
                + " must be >= 0 with weightDecay*learningRate < 1 (learningRate="
                + learningRate
                + ")");
      }
    }

    /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public static Settings pytorchDefaults() {
      return new Settings(1e-3, 0.9, 0.999, 1e-8, 0.01);
    }

    private static void unitInterval(String name, double value) {
      if (!(value >= 0 && value < 1)) {
        throw new IllegalArgumentException(name + "=" + value + " must be in [0, 1)");
      }
    }
  }

  private final Settings settings;
  private final List<NDArray> parameters;
  private final List<NDArray> firstMoments = new ArrayList<>();
  private final List<NDArray> secondMoments = new ArrayList<>();
  private final boolean[] decayed;
  private final NDManager manager;
  private int steps;

  /**
   * An optimizer for {@code parameters}, arrays that require gradients (see {@code
   * OptModel.trainable}); its moment estimates live in its own manager until {@link #close}.
   */
  public AdamW(List<NDArray> parameters, Settings settings) {
    if (parameters.isEmpty()) {
      throw new IllegalArgumentException("AdamW needs at least one parameter");
    }
    this.settings = settings;
    this.parameters = List.copyOf(parameters);
    this.decayed = new boolean[parameters.size()];
    this.manager = parameters.get(0).getManager().getEngine().newBaseManager();
    for (int i = 0; i < parameters.size(); i++) {
      NDArray p = parameters.get(i);
      if (!p.hasGradient()) {
        throw new IllegalArgumentException(
            "parameter " + i + " " + p.getShape() + " does not require a gradient");
      }
      decayed[i] = p.getShape().dimension() >= 2;
      firstMoments.add(manager.zeros(p.getShape(), p.getDataType(), p.getDevice()));
      secondMoments.add(manager.zeros(p.getShape(), p.getDataType(), p.getDevice()));
    }
  }

  public Settings settings() {
    return settings;
  }

  /** Steps taken so far. */
  public int steps() {
    return steps;
  }

  /** One update at the settings' learning rate. */
  public void step() {
    step(settings.learningRate());
  }

  /**
   * One update from the gradients accumulated since the last step, at {@code learningRate} (a
   * schedule's value for this step); the gradients are zero afterwards.
   */
  public void step(double learningRate) {
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "learningRate=" + learningRate + " must be a non-negative finite number");
    }
    steps++;
    double b1 = settings.beta1();
    double b2 = settings.beta2();
    float lr = (float) learningRate;
    float correction1 = (float) (1 - Math.pow(b1, steps));
    float correction2 = (float) (1 - Math.pow(b2, steps));
    float shrink = (float) (1 - learningRate * settings.weightDecay());
    for (int i = 0; i < parameters.size(); i++) {
      NDArray p = parameters.get(i);
      NDArray m = firstMoments.get(i);
      NDArray v = secondMoments.get(i);
      try (NDManager tmp = manager.newSubManager()) {
        // Results of an operation join their first operand's manager: bring everything into tmp so
        // that no temporary outlives the step; m and v go back to this optimizer afterwards.
        NDArray g = p.getGradient();
        g.attach(tmp);
        m.tempAttach(tmp);
        v.tempAttach(tmp);
        m.muli((float) b1).addi(g.mul((float) (1 - b1)));
        v.muli((float) b2).addi(g.square().muli((float) (1 - b2)));
        NDArray update = m.div(correction1).divi(v.div(correction2).sqrt().addi(epsilon()));
        if (decayed[i]) {
          p.muli(shrink);
        }
        p.subi(update.muli(lr));
        JniUtils.zeroGrad((PtNDArray) p);
      }
    }
  }

  private float epsilon() {
    return (float) settings.epsilon();
  }

  /**
   * Scales all gradients together so that their global L2 norm is at most {@code maxNorm}
   * (PyTorch's {@code clip_grad_norm_}), and returns the norm before clipping. The norm is summed
   * in a fixed order in double precision, so it is deterministic.
   */
  public static double clipGradientNorm(List<NDArray> parameters, double maxNorm) {
    if (!(maxNorm > 0)) {
      throw new IllegalArgumentException("maxNorm=" + maxNorm + " must be positive");
    }
    List<NDArray> grads = new ArrayList<>();
    NDManager base = parameters.get(0).getManager().getEngine().newBaseManager();
    try (base) {
      double sumSquares = 0;
      for (NDArray p : parameters) {
        NDArray g = p.getGradient();
        g.attach(base);
        grads.add(g);
        sumSquares += g.square().sum().getFloat();
      }
      double norm = Math.sqrt(sumSquares);
      if (norm > maxNorm) {
        float scale = (float) (maxNorm / (norm + 1e-6));
        for (NDArray g : grads) {
          g.muli(scale); // g shares storage with the parameter's gradient
        }
      }
      return norm;
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
