package org.opticl.schema;

import java.util.Objects;
import java.util.regex.Pattern;

/** Argument checks shared by the records, with messages that name the offending value. */
final class Checks {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");

  private Checks() {}

  static void schemaVersion(int version, Class<?> type) {
    if (version < 1) {
      throw new IllegalArgumentException(
          type.getSimpleName() + ".schemaVersion must be >= 1, got " + version);
    }
  }

  static <T> T present(T value, String what) {
    return Objects.requireNonNull(value, what + " is required");
  }

  static String nonBlank(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must be non-blank, got '" + value + "'");
    }
    return value;
  }

  static int nonNegative(int value, String what) {
    if (value < 0) {
      throw new IllegalArgumentException(what + " must be >= 0, got " + value);
    }
    return value;
  }

  static int percent(int value, String what) {
    if (value < 0 || value > 100) {
      throw new IllegalArgumentException(what + " must be a percentage in [0, 100], got " + value);
    }
    return value;
  }

  /** Lowercase names that are safe as path segments (stage names, task names, output names). */
  static String name(String value, String what) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what
              + " must match "
              + NAME.pattern()
              + " (a path-safe lowercase name), got '"
              + value
              + "'");
    }
    return value;
  }

  static void finite(double value, String what) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(what + " must be finite, got " + value);
    }
  }

  static void finite(double[] values, String what) {
    for (int i = 0; i < values.length; i++) {
      finite(values[i], what + "[" + i + "]");
    }
  }

  /** A non-empty rectangular matrix of finite values; returns its column count. */
  static int matrix(double[][] m, String what) {
    present(m, what);
    if (m.length == 0 || m[0] == null || m[0].length == 0) {
      throw new IllegalArgumentException(what + " must be a non-empty [rows][cols] matrix");
    }
    int cols = m[0].length;
    for (int r = 0; r < m.length; r++) {
      if (m[r] == null || m[r].length != cols) {
        throw new IllegalArgumentException(
            what
                + " is ragged: row 0 has "
                + cols
                + " columns, row "
                + r
                + " has "
                + (m[r] == null ? "none" : m[r].length));
      }
      finite(m[r], what + "[" + r + "]");
    }
    return cols;
  }

  static void sameShape(double[][] a, double[][] b, String what) {
    if (a.length != b.length || a[0].length != b[0].length) {
      throw new IllegalArgumentException(
          what
              + ": shapes differ, ["
              + a.length
              + "]["
              + a[0].length
              + "] vs ["
              + b.length
              + "]["
              + b[0].length
              + "]");
    }
  }
}
