package org.opticl.measure;

import org.opticl.model.config.OptConfig;

/**
 * The unit counts of a model that masks and rankings are defined over: L layers (one FFN each) and
 * H heads per layer. Kept apart from {@link OptConfig} so that masks for OPT-66B (64 × 72) can be
 * built and checked without the model.
 */
public record ModelShape(int layers, int heads) {

  public ModelShape {
    if (layers <= 0 || heads <= 0) {
      throw new IllegalArgumentException(
          "a model needs at least one layer and one head, got layers="
              + layers
              + " heads="
              + heads);
    }
  }

  public static ModelShape of(OptConfig config) {
    return new ModelShape(config.numLayers(), config.numHeads());
  }

  /** N = L·H, all heads. */
  public int totalHeads() {
    return layers * heads;
  }

  /**
   * Checks that {@code matrix} is [L][H] for this shape.
   *
   * @param what names the matrix in the error, e.g. {@code "head importance of piqa"}
   */
  public void check(double[][] matrix, String what) {
    if (matrix == null || matrix.length != layers) {
      throw new IllegalArgumentException(
          what
              + " has "
              + (matrix == null ? "no" : String.valueOf(matrix.length))
              + " layers; expected shape ["
              + layers
              + "]["
              + heads
              + "]");
    }
    for (int l = 0; l < layers; l++) {
      if (matrix[l] == null || matrix[l].length != heads) {
        throw new IllegalArgumentException(
            what
                + ": layer "
                + l
                + " has "
                + (matrix[l] == null ? "no" : String.valueOf(matrix[l].length))
                + " heads; expected shape ["
                + layers
                + "]["
                + heads
                + "]");
      }
      for (int h = 0; h < heads; h++) {
        if (!Double.isFinite(matrix[l][h])) {
          throw new IllegalArgumentException(
              what + ": value at [" + l + "][" + h + "] is " + matrix[l][h] + ", not finite");
        }
      }
    }
  }

  /** The shape of a rectangular, finite [L][H] matrix, with a clear error when it is not one. */
  public static ModelShape ofMatrix(double[][] matrix, String what) {
    if (matrix == null || matrix.length == 0 || matrix[0] == null || matrix[0].length == 0) {
      throw new IllegalArgumentException(
          what + " is empty; expected an [L][H] matrix with L, H >= 1");
    }
    ModelShape shape = new ModelShape(matrix.length, matrix[0].length);
    shape.check(matrix, what);
    return shape;
  }

  /** Row-major flattening (flat index = layer·H + head, the original pickles' order). */
  public static double[] flatten(double[][] matrix) {
    int h = matrix[0].length;
    double[] flat = new double[matrix.length * h];
    for (int l = 0; l < matrix.length; l++) {
      System.arraycopy(matrix[l], 0, flat, l * h, h);
    }
    return flat;
  }
}
