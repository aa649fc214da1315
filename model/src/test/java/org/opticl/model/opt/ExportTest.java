package org.opticl.model.opt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opticl.model.config.OptConfig;
import org.opticl.model.random.RandomOpt;
import org.opticl.model.testing.TinyModels;

/** Weights leave the model under their Hugging Face names and values, and can be trained. */
class ExportTest {
  private static final OptConfig CONFIG = TinyModels.postLnProjected();
  private static final RandomOpt WEIGHTS = new RandomOpt(CONFIG, 8, 0.3f);

  @Test
  void exportGivesBackTheLoadedValues() {
    try (OptModel m = OptModel.load(WEIGHTS, CONFIG, ModelPlacement.cpu(CONFIG.numLayers()))) {
      Map<String, float[]> out = m.export();
      assertEquals(WEIGHTS.shapes().keySet(), out.keySet());
      for (String name : out.keySet()) {
        // D = 4: the q scaling by 1/2 and back is exact.
        assertArrayEquals(WEIGHTS.values(name), out.get(name), 0f, name);
      }
    }
  }

  @Test
  void savedModelLoadsAsTheOriginal(@TempDir Path dir) throws Exception {
    Batch batch = Batch.of(new int[] {2, 40, 41, 42, 43});
    try (OptModel m = OptModel.load(WEIGHTS, CONFIG, ModelPlacement.cpu(CONFIG.numLayers()))) {
      m.save(dir);
      try (OptModel back = OptModel.load(dir)) {
        assertArrayEquals(
            m.lastLogits(batch, Interventions.NONE)[0],
            back.lastLogits(batch, Interventions.NONE)[0],
            0f);
      }
    }
  }

  @Test
  void aGradientStepOnTrainableWeightsLowersTheLoss() {
    Batch batch = Batch.of(new int[] {2, 40, 41, 42, 43, 40, 41, 42, 43});
    int[][] labels = {batch.ids()[0].clone()};
    labels[0][0] = -100;
    try (OptModel m = OptModel.trainable(WEIGHTS, CONFIG);
        NDManager sm = Engine.getEngine("PyTorch").newBaseManager()) {
      double before;
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray loss = m.trainingLoss(sm, batch, labels);
        before = loss.getFloat();
        gc.backward(loss);
      }
      for (NDArray p : m.parameters()) {
        p.subi(p.getGradient().mul(0.05f));
        p.getGradient().subi(p.getGradient());
      }
      double after = m.trainingLoss(sm, batch, labels).getFloat();
      assertTrue(after < before, after + " !< " + before);
    }
  }
}
