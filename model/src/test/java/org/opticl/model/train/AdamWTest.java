package org.opticl.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AdamW's update matches the formula computed by hand, and gradients are consumed by a step. */
class AdamWTest {
  private static final AdamW.Settings SETTINGS = new AdamW.Settings(0.1, 0.9, 0.99, 1e-3, 0.5);

  /** Sets the gradient of {@code p} to {@code grad} (backward of Σ p·grad). */
  private static void setGradient(NDArray p, float[] grad) {
    try (NDManager sm = p.getManager().newSubManager();
        GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray loss = p.mul(sm.create(grad).reshape(p.getShape())).sum();
      gc.backward(loss);
    }
  }

  /** The reference: PyTorch's AdamW in double precision, for one element. */
  private static final class Reference {
    double p;
    double m;
    double v;
    final boolean decay;

    Reference(double p, boolean decay) {
      this.p = p;
      this.decay = decay;
    }

    void step(int t, double g, AdamW.Settings s) {
      if (decay) {
        p -= s.learningRate() * s.weightDecay() * p;
      }
      m = s.beta1() * m + (1 - s.beta1()) * g;
      v = s.beta2() * v + (1 - s.beta2()) * g * g;
      double mHat = m / (1 - Math.pow(s.beta1(), t));
      double vHat = v / (1 - Math.pow(s.beta2(), t));
      p -= s.learningRate() * mHat / (Math.sqrt(vHat) + s.epsilon());
    }
  }

  @Test
  void threeStepsMatchTheHandComputedUpdate() {
    float[] matrixStart = {1f, -2f, 0.5f, 3f};
    float[] vectorStart = {0.25f, -0.75f};
    float[][] matrixGrads = {
      {0.5f, 0.1f, -1f, 0f}, {0.2f, -0.4f, -1f, 2f}, {-0.3f, 0.1f, 0.5f, 2f}
    };
    float[][] vectorGrads = {{1f, -0.01f}, {0.5f, 0.02f}, {-2f, 0.03f}};
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray matrix = m.create(matrixStart).reshape(2, 2); // decayed: 2-D
      NDArray vector = m.create(vectorStart); // not decayed: 1-D
      matrix.setRequiresGradient(true);
      vector.setRequiresGradient(true);
      Reference[] refM = new Reference[4];
      Reference[] refV = new Reference[2];
      for (int i = 0; i < 4; i++) {
        refM[i] = new Reference(matrixStart[i], true);
      }
      for (int i = 0; i < 2; i++) {
        refV[i] = new Reference(vectorStart[i], false);
      }
      try (AdamW adam = new AdamW(List.of(matrix, vector), SETTINGS)) {
        for (int t = 1; t <= 3; t++) {
          setGradient(matrix, matrixGrads[t - 1]);
          setGradient(vector, vectorGrads[t - 1]);
          adam.step();
          for (int i = 0; i < 4; i++) {
            refM[i].step(t, matrixGrads[t - 1][i], SETTINGS);
          }
          for (int i = 0; i < 2; i++) {
            refV[i].step(t, vectorGrads[t - 1][i], SETTINGS);
          }
          float[] gotM = matrix.toFloatArray();
          float[] gotV = vector.toFloatArray();
          for (int i = 0; i < 4; i++) {
            assertEquals(refM[i].p, gotM[i], 1e-6, "matrix[" + i + "] after step " + t);
          }
          for (int i = 0; i < 2; i++) {
            assertEquals(refV[i].p, gotV[i], 1e-6, "vector[" + i + "] after step " + t);
          }
        }
        assertEquals(3, adam.steps());
      }
    }
  }

  @Test
  void firstStepMovesEachWeightByTheLearningRateAgainstItsGradientSign() {
    // At t = 1, m̂ = g and v̂ = g², so the step is lr·g/(|g|+ε) ≈ lr·sign(g), before decay.
    AdamW.Settings s = new AdamW.Settings(0.01, 0.9, 0.999, 1e-12, 0.0);
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray p = m.create(new float[] {1f, 1f, 1f});
      p.setRequiresGradient(true);
      try (AdamW adam = new AdamW(List.of(p), s)) {
        setGradient(p, new float[] {3f, -0.002f, 100f});
        adam.step();
      }
      assertArrayEquals(new float[] {0.99f, 1.01f, 0.99f}, p.toFloatArray(), 1e-6f);
    }
  }

  @Test
  void aStepLeavesZeroGradientsSoTheNextBackwardDoesNotAccumulate() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray p = m.create(new float[] {1f, 2f});
      p.setRequiresGradient(true);
      try (AdamW adam = new AdamW(List.of(p), AdamW.Settings.pytorchDefaults())) {
        setGradient(p, new float[] {5f, 7f});
        adam.step();
        try (NDArray g = p.getGradient()) {
          assertArrayEquals(new float[] {0f, 0f}, g.toFloatArray());
        }
        setGradient(p, new float[] {1f, 1f});
        try (NDArray g = p.getGradient()) {
          assertArrayEquals(new float[] {1f, 1f}, g.toFloatArray());
        }
      }
    }
  }

  @Test
  void clippingScalesAllGradientsToTheGlobalNorm() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray a = m.create(new float[] {0f, 0f});
      NDArray b = m.create(new float[] {0f});
      a.setRequiresGradient(true);
      b.setRequiresGradient(true);
      setGradient(a, new float[] {3f, 0f});
      setGradient(b, new float[] {4f}); // global norm 5
      assertEquals(5.0, AdamW.clipGradientNorm(List.of(a, b), 1.0), 1e-6);
      try (NDArray ga = a.getGradient();
          NDArray gb = b.getGradient()) {
        assertArrayEquals(new float[] {0.6f, 0f}, ga.toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {0.8f}, gb.toFloatArray(), 1e-5f);
      }
      // Under the limit nothing changes.
      assertEquals(1.0, AdamW.clipGradientNorm(List.of(a, b), 2.0), 1e-5);
      try (NDArray gb = b.getGradient()) {
        assertArrayEquals(new float[] {0.8f}, gb.toFloatArray(), 1e-5f);
      }
    }
  }

  @Test
  void settingsNameTheOffendingValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new AdamW.Settings(1e-3, 1.0, 0.999, 1e-8, 0));
    assertEquals("beta1=1.0 must be in [0, 1)", e.getMessage());
  }
}
