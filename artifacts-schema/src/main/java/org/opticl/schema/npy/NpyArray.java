package org.opticl.schema.npy;

import java.util.Arrays;

/**
 * A dense C-order array of doubles with its shape and the element type it is (or was) stored as on
 * disk; the in-memory values are always doubles, so a {@code <f4} file reads back widened.
 *
 * @param shape dimensions, outermost first; {@code []} for a scalar
 * @param dtype {@link #F8} or {@link #F4}
 * @param data values in C (row-major) order; length = product of {@code shape}
 */
public record NpyArray(int[] shape, String dtype, double[] data) {

  /** Little-endian IEEE double. */
  public static final String F8 = "<f8";

  /** Little-endian IEEE single. */
  public static final String F4 = "<f4";

  public NpyArray {
    if (!F8.equals(dtype) && !F4.equals(dtype)) {
      throw new IllegalArgumentException(
          "npy dtype must be '" + F8 + "' or '" + F4 + "', got '" + dtype + "'");
    }
    long count = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative npy dimension in " + Arrays.toString(shape));
      }
      count *= d;
    }
    if (count != data.length) {
      throw new IllegalArgumentException(
          "npy shape "
              + Arrays.toString(shape)
              + " holds "
              + count
              + " values, data has "
              + data.length);
    }
  }

  /** A 1-D array stored as {@code <f8}. */
  public static NpyArray vector(double[] values) {
    return new NpyArray(new int[] {values.length}, F8, values.clone());
  }

  /** A 2-D array stored as {@code <f8}; {@code rows} must be rectangular. */
  public static NpyArray matrix(double[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    double[] flat = new double[rows.length * cols];
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != cols) {
        throw new IllegalArgumentException(
            "ragged matrix: row 0 has " + cols + " columns, row " + r + " has " + rows[r].length);
      }
      System.arraycopy(rows[r], 0, flat, r * cols, cols);
    }
    return new NpyArray(new int[] {rows.length, cols}, F8, flat);
  }

  /** The same values, to be stored as {@code dtype}. */
  public NpyArray as(String newDtype) {
    return new NpyArray(shape, newDtype, data);
  }

  /** The value at a 2-D index; for tests and small reads. */
  public double get(int row, int col) {
    if (shape.length != 2) {
      throw new IllegalStateException("get(row, col) on a " + shape.length + "-D array");
    }
    return data[row * shape[1] + col];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NpyArray other
        && Arrays.equals(shape, other.shape)
        && dtype.equals(other.dtype)
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(shape) + dtype.hashCode()) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "NpyArray" + Arrays.toString(shape) + " " + dtype;
  }
}
