package org.opticl.model.opt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opticl.model.config.OptConfig;
import org.opticl.model.io.TensorSource;
import org.opticl.model.random.RandomOpt;
import org.opticl.model.testing.TinyModels;

/** Shifted positions (for training on short sequences) mean a position table read further down. */
class PositionShiftTest {
  private static final OptConfig CONFIG = TinyModels.preLn();
  private static final int SHIFT = 5;

  /** {@code weights} with the position table moved up by {@link #SHIFT} rows. */
  private static TensorSource movedUp(RandomOpt weights) {
    return new TensorSource() {
      @Override
      public String describe() {
        return weights.describe() + ", positions moved up";
      }

      @Override
      public Map<String, long[]> shapes() {
        return weights.shapes();
      }

      @Override
      public NDArray load(NDManager m, String name, long[] shape, DataType type) {
        NDArray a = weights.load(m, name, shape, type);
        if (!name.equals("embed_positions.weight")) {
          return a;
        }
        // Row r of the new table is row r + SHIFT of the old; the last rows are left as they were.
        NDArray head = a.get(SHIFT + ":");
        NDArray tail = a.get((shape[0] - SHIFT) + ":");
        return head.concat(tail, 0);
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void aShiftedRowReadsThePositionTableFromTheShift() {
    RandomOpt weights = new RandomOpt(CONFIG, 21, 0.3f);
    int[] row = {2, 17, 5, 88, 40, 3, 9, 61};
    try (OptModel model = OptModel.load(weights, CONFIG, ModelPlacement.cpu(CONFIG.numLayers()));
        OptModel moved =
            OptModel.load(movedUp(weights), CONFIG, ModelPlacement.cpu(CONFIG.numLayers()))) {
      Batch two = Batch.of(row, row);
      int[][] shifted = model.greedy(two, new int[] {0, SHIFT});
      int[][] plain = moved.greedy(Batch.of(row), new int[] {0});
      assertArrayEquals(plain[0], shifted[1]);
      // Unshifted greedy decoding is the argmax of the logits.
      float[][][] logits = model.logits(Batch.of(row), Interventions.NONE);
      for (int t = 0; t < row.length; t++) {
        int best = 0;
        for (int v = 1; v < logits[0][t].length; v++) {
          best = logits[0][t][v] > logits[0][t][best] ? v : best;
        }
        assertEquals(best, shifted[0][t], "position " + t);
      }
      try (NDManager sm = Engine.getEngine("PyTorch").newBaseManager()) {
        int[][] labels = {row.clone()};
        labels[0][0] = -100;
        float lossShifted =
            model.trainingLoss(sm, Batch.of(row), labels, new int[] {SHIFT}).getFloat();
        float lossMoved = moved.trainingLoss(sm, Batch.of(row), labels).getFloat();
        assertEquals(lossMoved, lossShifted, 1e-6f);
      }
    }
  }

  @Test
  void shiftsPastTheTableOrOfTheWrongCountAreRefused() {
    try (OptModel model =
        OptModel.load(
            new RandomOpt(CONFIG, 21, 0.3f), CONFIG, ModelPlacement.cpu(CONFIG.numLayers()))) {
      int[] row = {2, 17, 5};
      int tooFar = CONFIG.maxPositions() - 2;
      var e =
          assertThrows(
              IllegalArgumentException.class,
              () -> model.greedy(Batch.of(row), new int[] {tooFar}));
      assertEquals(
          "position shift "
              + tooFar
              + " puts a row of 3 tokens outside max_position_embeddings="
              + CONFIG.maxPositions(),
          e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> model.greedy(Batch.of(row), new int[2]));
      assertThrows(
          IllegalArgumentException.class, () -> model.greedy(Batch.of(row), new int[] {-1}));
    }
  }
}
