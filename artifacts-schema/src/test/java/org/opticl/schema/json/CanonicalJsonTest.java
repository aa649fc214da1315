package org.opticl.schema.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  @Test
  void sortsKeysRecursivelyAndWritesNoWhitespace() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", 1);
    inner.put("a", List.of(true, false));
    Map<String, Object> outer = new LinkedHashMap<>();
    outer.put("b", inner);
    outer.put("a", "x y");
    outer.put("n", null); // nulls are omitted, like absent Optionals
    assertEquals("{\"a\":\"x y\",\"b\":{\"a\":[true,false],\"z\":1}}", CanonicalJson.string(outer));
  }

  @Test
  void sortsKeysByUtf16CodeUnitsAsRfc8785Does() {
    // The property-sorting example of RFC 8785 §3.2.3.
    Map<String, Object> m = new LinkedHashMap<>();
    for (String k : List.of("\u20ac", "\r", "\ufb33", "1", "\ud83d\ude00", "\u0080", "\u00f6")) {
      m.put(k, k.length());
    }
    String expected =
        "{\"\\r\":1,\"1\":1,\"\u0080\":1,\"\u00f6\":1,\"\u20ac\":1,\"\ud83d\ude00\":2,\"\ufb33\":1}";
    assertEquals(expected, CanonicalJson.string(m));
  }

  @Test
  void escapesOnlyQuotesBackslashesAndControlCharacters() {
    assertEquals(
        "\"q\\\"b\\\\t\\tn\\nu\\u001f\\u0000 é/€😀\"",
        CanonicalJson.string("q\"b\\t\tn\nu\u001f\u0000 é/€😀"));
  }

  @Test
  void rejectsLoneSurrogatesNamingThePath() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CanonicalJson.string(Map.of("k", List.of("\ud800"))));
    assertTrue(e.getMessage().contains("$.k[0]"), e.getMessage());
  }

  @Test
  void rejectsNanAndInfinityNamingThePath() {
    IllegalArgumentException nan =
        assertThrows(
            IllegalArgumentException.class,
            () -> CanonicalJson.string(Map.of("values", List.of(1.0, Double.NaN))));
    assertTrue(
        nan.getMessage().contains("NaN") && nan.getMessage().contains("$.values[1]"),
        nan.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> CanonicalJson.string(Map.of("x", Double.POSITIVE_INFINITY)));
  }

  @Test
  void writesDoublesInEcmaScriptShortestForm() {
    Map<Double, String> cases = new LinkedHashMap<>();
    cases.put(0.0, "0");
    cases.put(-0.0, "0");
    cases.put(1.0, "1");
    cases.put(-3.0, "-3");
    cases.put(0.1, "0.1");
    cases.put(0.1 + 0.2, "0.30000000000000004");
    cases.put(4.35, "4.35");
    cases.put(1e21, "1e+21");
    cases.put(1e20, "100000000000000000000");
    cases.put(123e-20, "1.23e-18");
    cases.put(0.000001, "0.000001");
    cases.put(1e-7, "1e-7");
    cases.put(9007199254740992.0, "9007199254740992");
    cases.put(Double.MAX_VALUE, "1.7976931348623157e+308");
    cases.put(Double.MIN_VALUE, "5e-324");
    // Java 17's Double.toString gives "2.82879384806159008E17" here (JDK-4511638): too many digits.
    cases.put(2.82879384806159e17, "282879384806159000");
    // A power of two, where the nearest short decimal lies outside the narrower lower
    // half-interval.
    cases.put(Math.scalb(1.0, -1074 + 60), JsonNumbers.canonical(Math.scalb(1.0, -1074 + 60)));
    cases.forEach(
        (value, expected) -> assertEquals(expected, JsonNumbers.canonical(value), "" + value));
  }

  @Test
  void doublesRoundTripAndAreNeverLongerThanJavasOwnSpelling() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 5_000; i++) {
      double d = Double.longBitsToDouble(random.nextLong());
      if (!Double.isFinite(d)) {
        continue;
      }
      String s = JsonNumbers.canonical(d);
      assertEquals(d, Double.parseDouble(s), s);
      assertTrue(significantDigits(s) <= significantDigits(Double.toString(d)), s + " vs " + d);
    }
  }

  @Test
  void integersAreWrittenExactlyEvenBeyondTwoToThe53() {
    assertEquals("[9007199254740993,-1]", CanonicalJson.string(List.of(9007199254740993L, -1)));
  }

  @Test
  void canonicalFormIsAFixedPointOfParsing() {
    String once = CanonicalJson.string(Map.of("a", List.of(1.5, 3.0, 1e21, 1e-7, 12345678901L)));
    assertEquals(once, CanonicalJson.string(CanonicalJson.tree(once.getBytes())));
  }

  private static int significantDigits(String s) {
    String mantissa = s.toLowerCase().split("e")[0].replace("-", "").replace(".", "");
    mantissa = mantissa.replaceFirst("^0+", "").replaceFirst("0+$", "");
    return mantissa.length();
  }
}
