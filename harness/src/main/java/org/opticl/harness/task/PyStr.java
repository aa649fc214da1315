package org.opticl.harness.task;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The few Python {@code str} operations the original prompts are built with, with Python's
 * semantics rather than Java's: indices count code points (data offsets such as WiC's {@code
 * start1} are Python indices), whitespace is {@code str.isspace} (which includes U+00A0, unlike
 * {@link String#strip()}), and sorting compares code points, as {@code sorted()} does.
 */
public final class PyStr {
  private PyStr() {}

  /** Python's {@code sorted()} order for strings: by code point, not by UTF-16 unit. */
  public static final Comparator<String> CODE_POINT_ORDER =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          int ca = a.codePointAt(i);
          int cb = b.codePointAt(j);
          if (ca != cb) {
            return Integer.compare(ca, cb);
          }
          i += Character.charCount(ca);
          j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
      };

  /** {@code str.isspace()} for one code point. */
  public static boolean isSpace(int cp) {
    return (cp >= 0x09 && cp <= 0x0d)
        || (cp >= 0x1c && cp <= 0x20)
        || cp == 0x85
        || cp == 0xa0
        || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200a)
        || cp == 0x2028
        || cp == 0x2029
        || cp == 0x202f
        || cp == 0x205f
        || cp == 0x3000;
  }

  /** {@code s.strip()}. */
  public static String strip(String s) {
    return rstrip(lstrip(s));
  }

  /** {@code s.lstrip()}. */
  public static String lstrip(String s) {
    int i = 0;
    while (i < s.length() && isSpace(s.codePointAt(i))) {
      i += Character.charCount(s.codePointAt(i));
    }
    return s.substring(i);
  }

  /** {@code s.rstrip()}. */
  public static String rstrip(String s) {
    int end = s.length();
    while (end > 0 && isSpace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(0, end);
  }

  /** {@code s.rstrip(chars)}. */
  public static String rstrip(String s, String chars) {
    int end = s.length();
    while (end > 0 && chars.indexOf(s.codePointBefore(end)) >= 0) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(0, end);
  }

  /** {@code s.split()}: runs of whitespace separate, leading and trailing runs are dropped. */
  public static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && isSpace(s.codePointAt(i))) {
        i += Character.charCount(s.codePointAt(i));
      }
      int start = i;
      while (i < s.length() && !isSpace(s.codePointAt(i))) {
        i += Character.charCount(s.codePointAt(i));
      }
      if (i > start) {
        out.add(s.substring(start, i));
      }
    }
    return out;
  }

  /** {@code len(s)}: the number of code points. */
  public static int len(String s) {
    return s.codePointCount(0, s.length());
  }

  /** {@code s[start:]} with Python's clamping and negative indices, counting code points. */
  public static String slice(String s, int start) {
    return slice(s, start, Integer.MAX_VALUE);
  }

  /** {@code s[start:end]} with Python's clamping and negative indices, counting code points. */
  public static String slice(String s, int start, int end) {
    int n = len(s);
    int from = clamp(start, n);
    int to = clamp(end, n);
    if (to <= from) {
      return "";
    }
    int begin = s.offsetByCodePoints(0, from);
    return s.substring(begin, s.offsetByCodePoints(begin, to - from));
  }

  private static int clamp(int index, int n) {
    if (index < 0) {
      index += n;
      return Math.max(index, 0);
    }
    return Math.min(index, n);
  }

  /** {@code s.capitalize()} (Python 3.8+): first character title-cased, the rest lower-cased. */
  public static String capitalize(String s) {
    if (s.isEmpty()) {
      return s;
    }
    int first = s.codePointAt(0);
    return new String(Character.toChars(Character.toTitleCase(first)))
        + s.substring(Character.charCount(first)).toLowerCase(Locale.ROOT);
  }

  /** {@code s[0].lower() + s[1:]}: only the first character is lower-cased. */
  public static String lowerFirst(String s) {
    if (s.isEmpty()) {
      throw new IllegalArgumentException("cannot lower-case the first character of \"\"");
    }
    int first = s.codePointAt(0);
    return new String(Character.toChars(first)).toLowerCase(Locale.ROOT)
        + s.substring(Character.charCount(first));
  }

  /**
   * {@code s.split(sep)} with a literal separator: keeps empty parts, unlike {@link String#split}.
   */
  public static List<String> split(String s, String sep) {
    if (sep.isEmpty()) {
      throw new IllegalArgumentException("empty separator");
    }
    List<String> out = new ArrayList<>();
    int from = 0;
    for (int at = s.indexOf(sep); at >= 0; at = s.indexOf(sep, from)) {
      out.add(s.substring(from, at));
      from = at + sep.length();
    }
    out.add(s.substring(from));
    return out;
  }

  /** The lm-eval {@code general_detokenize}: undoes PTB-style spaces around punctuation. */
  public static String generalDetokenize(String s) {
    s = s.replace(" n't", "n't");
    s = s.replace(" )", ")");
    s = s.replace("( ", "(");
    s = s.replace("\" ", "\"");
    s = s.replace(" \"", "\"");
    return s.replaceAll(" (['.,])", "$1");
  }
}
