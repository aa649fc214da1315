package org.opticl.schema.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Writes a double as the shortest decimal that reads back to the same double, in the notation of
 * ECMAScript's {@code Number.prototype.toString} (the number format of RFC 8785, JSON
 * Canonicalization Scheme). Canonical JSON needs one spelling per value on every JVM; Java 17's
 * {@link Double#toString} is not always the shortest round-trip form (JDK-4511638, fixed only in
 * Java 19), so the digits are found here from the exact binary value.
 */
public final class JsonNumbers {

  private static final RoundingMode[] CANDIDATE_ROUNDINGS = {
    // HALF_EVEN first: it is the nearest p-digit decimal (ties to even), so it wins whenever it
    // round-trips. FLOOR and CEILING cover doubles at a power of two, whose round-trip interval is
    // narrower below than above: there the nearest p-digit decimal can fall outside the interval
    // while its neighbour on the other side is inside.
    RoundingMode.HALF_EVEN, RoundingMode.FLOOR, RoundingMode.CEILING
  };

  private JsonNumbers() {}

  /**
   * The canonical spelling of {@code value}: {@code 0} for both zeros, plain decimal notation for
   * magnitudes in [1e-6, 1e21), otherwise exponent notation such as {@code 1.5e-7} or {@code
   * 1e+21}; integral values have no fraction ({@code 3}, not {@code 3.0}).
   *
   * @throws IllegalArgumentException for NaN and the infinities, which JSON cannot represent
   */
  public static String canonical(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          "canonical JSON has no representation for "
              + value
              + "; only finite numbers are allowed");
    }
    if (value == 0.0) {
      return "0"; // -0 too, as in ECMAScript
    }
    StringBuilder out = new StringBuilder(24);
    if (value < 0) {
      out.append('-');
    }
    BigDecimal shortest = shortestRoundTrip(Math.abs(value));
    String digits = shortest.unscaledValue().toString();
    int k = digits.length();
    int n = k - shortest.scale(); // value = 0.digits x 10^n
    if (k <= n && n <= 21) {
      out.append(digits).append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      int exponent = n - 1;
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      out.append('e').append(exponent >= 0 ? '+' : '-').append(Math.abs(exponent));
    }
    return out.toString();
  }

  /** The fewest significant digits (trailing zeros stripped) that parse back to {@code value}. */
  static BigDecimal shortestRoundTrip(double value) {
    BigDecimal exact = new BigDecimal(value);
    // Round-tripping is monotone in the digit count (a p-digit decimal is also a (p+1)-digit one),
    // and 17 digits always suffice, so binary-search the smallest count that works.
    int lo = 1;
    int hi = 17;
    BigDecimal best = closestRoundTrip(exact, value, hi);
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      BigDecimal candidate = closestRoundTrip(exact, value, mid);
      if (candidate != null) {
        hi = mid;
        best = candidate;
      } else {
        lo = mid + 1;
      }
    }
    return best.stripTrailingZeros();
  }

  private static BigDecimal closestRoundTrip(BigDecimal exact, double value, int precision) {
    BigDecimal best = null;
    BigDecimal bestDistance = null;
    for (RoundingMode mode : CANDIDATE_ROUNDINGS) {
      BigDecimal candidate = exact.round(new MathContext(precision, mode));
      if (candidate.doubleValue() != value) {
        continue;
      }
      BigDecimal distance = candidate.subtract(exact).abs();
      if (best == null || distance.compareTo(bestDistance) < 0) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }
}
