package org.opticl.report;

import java.util.Arrays;

/**
 * A rectangular matrix of doubles: {@code [layers][heads]} for head scores, {@code [n][n]} for
 * correlations. Copied on the way in and out, so a report cannot change under its caller.
 */
public record Matrix(double[][] values) {
  public Matrix {
    if (values.length == 0 || values[0].length == 0) {
      throw new IllegalArgumentException("matrix is empty");
    }
    int cols = values[0].length;
    double[][] copy = new double[values.length][];
    for (int r = 0; r < values.length; r++) {
      if (values[r].length != cols) {
        throw new IllegalArgumentException(
            "matrix is ragged: row "
                + r
                + " has "
                + values[r].length
                + " columns, row 0 has "
                + cols);
      }
      copy[r] = values[r].clone();
    }
    values = copy;
  }

  public static Matrix of(double[][] values) {
    return new Matrix(values);
  }

  @Override
  public double[][] values() {
    double[][] copy = new double[values.length][];
    for (int r = 0; r < values.length; r++) {
      copy[r] = values[r].clone();
    }
    return copy;
  }

  public int rows() {
    return values.length;
  }

  public int columns() {
    return values[0].length;
  }

  public double get(int row, int column) {
    return values[row][column];
  }

  String shape() {
    return "[" + rows() + "][" + columns() + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Matrix m && Arrays.deepEquals(values, m.values);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    return "Matrix" + shape();
  }
}
