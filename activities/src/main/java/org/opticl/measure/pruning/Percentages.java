package org.opticl.measure.pruning;

/**
 * Pruning percentages and the unit counts they mean. The original builds masks from integer
 * percentages with Python's floor division ({@code p * 4608 // 100}, paper-spec §3.1), so 30% of
 * 4608 heads is 1382, not 1382.4 rounded; a fractional percentage has no defined count and is
 * rejected rather than rounded.
 */
public final class Percentages {
  private Percentages() {}

  /** Checks that a percentage lies in [0, 100]. */
  public static int check(int percent, String what) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException(
          what + " percentage " + percent + " is outside [0, 100]; use a whole number 0..100");
    }
    return percent;
  }

  /** ⌊percent·total / 100⌋, the number of units p% of {@code total} removes. */
  public static int count(int percent, int total) {
    check(percent, "pruning");
    if (total < 0) {
      throw new IllegalArgumentException("unit count " + total + " must be >= 0");
    }
    return (int) ((long) percent * total / 100);
  }

  /** A percentage given as a number, which must be a whole number in [0, 100]. */
  public static int of(double value) {
    if (Double.isNaN(value) || value != Math.rint(value)) {
      throw new IllegalArgumentException(
          "pruning percentage "
              + value
              + " is not a whole number; masks are defined for integer percentages 0..100");
    }
    if (value < 0 || value > 100) {
      throw new IllegalArgumentException(
          "pruning percentage " + value + " is outside [0, 100]; use a whole number 0..100");
    }
    return (int) value;
  }

  /** A percentage given as text ({@code "30"}, {@code "30%"}). */
  public static int parse(String text) {
    String t = text.strip();
    if (t.endsWith("%")) {
      t = t.substring(0, t.length() - 1).strip();
    }
    try {
      return check(Integer.parseInt(t), "pruning");
    } catch (NumberFormatException e) {
      double d;
      try {
        d = Double.parseDouble(t);
      } catch (NumberFormatException notNumber) {
        throw new IllegalArgumentException(
            "pruning percentage '" + text + "' is not a number; use a whole number 0..100");
      }
      return of(d);
    }
  }
}
