package org.opticl.model.tokenizer;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * GPT-2's byte-level conventions, shared by the tokenizer and the trainer so that both split text
 * and name byte symbols identically: the byte-to-printable-character table of {@code
 * bytes_to_unicode()} and the pre-tokenisation regex {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+|
 * ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}, written out as a scanner because it is several times
 * faster than {@link java.util.regex.Pattern} and states the character classes explicitly.
 */
final class ByteLevel {
  private ByteLevel() {}

  /** Byte value to the character GPT-2 uses for it in vocab.json and merges.txt. */
  private static final char[] BYTE_TO_CHAR = new char[256];

  /** Inverse of {@link #BYTE_TO_CHAR}, indexed by character, -1 where no byte maps there. */
  private static final int[] CHAR_TO_BYTE;

  static {
    // Printable Latin-1 bytes keep their own character; the other 68 bytes (controls, space, DEL,
    // NBSP, soft hyphen) are moved to U+0100.. in byte order, so no token contains whitespace or
    // control characters and merges.txt can use a plain space as its separator.
    int shifted = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
      BYTE_TO_CHAR[b] = (char) (printable ? b : 256 + shifted++);
    }
    CHAR_TO_BYTE = new int[256 + shifted];
    Arrays.fill(CHAR_TO_BYTE, -1);
    for (int b = 0; b < 256; b++) {
      CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
    }
  }

  /** The character that stands for byte {@code b} (0..255). */
  static char byteChar(int b) {
    return BYTE_TO_CHAR[b];
  }

  /** The byte that character {@code c} stands for, or -1 if it is not a byte character. */
  static int charByte(char c) {
    return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
  }

  private static final int SPACE = 0;
  private static final int LETTER = 1;
  private static final int NUMBER = 2;
  private static final int OTHER = 3;

  private static final byte[] ASCII_CLASS = new byte[128];

  static {
    for (int c = 0; c < 128; c++) {
      ASCII_CLASS[c] = (byte) classifyNonAscii(c);
    }
  }

  private static int classOf(int cp) {
    return cp < 128 ? ASCII_CLASS[cp] : classifyNonAscii(cp);
  }

  private static int classifyNonAscii(int cp) {
    if (isWhiteSpace(cp)) {
      return SPACE;
    }
    if (Character.isLetter(cp)) { // Lu, Ll, Lt, Lm, Lo = \p{L}
      return LETTER;
    }
    switch (Character.getType(cp)) {
      case Character.DECIMAL_DIGIT_NUMBER:
      case Character.LETTER_NUMBER:
      case Character.OTHER_NUMBER:
        return NUMBER;
      default:
        return OTHER;
    }
  }

  /**
   * Unicode's White_Space property, which is what {@code \s} means in Python's {@code regex} module
   * for str patterns. Neither {@link Character#isWhitespace} (it drops NBSP and adds U+001C..1F)
   * nor Java's default {@code \s} (ASCII only) agree with it.
   */
  private static boolean isWhiteSpace(int cp) {
    switch (cp) {
      case 0x09,
      0x0A,
      0x0B,
      0x0C,
      0x0D,
      0x20,
      0x85,
      0xA0,
      0x1680,
      0x2028,
      0x2029,
      0x202F,
      0x205F,
      0x3000:
        return true;
      default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
  }

  private static final String[] CONTRACTIONS = {"'s", "'t", "'re", "'ve", "'m", "'ll", "'d"};

  /**
   * Splits {@code text} into GPT-2's pre-tokens, in order, with the same leftmost-first alternation
   * semantics as the regex; the pieces concatenate back to {@code text}.
   */
  static void preTokenize(String text, Consumer<String> sink) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      int end = contractionEnd(text, i);
      if (end < 0) {
        int cp = text.codePointAt(i);
        int cls = classOf(cp);
        int runStart = i;
        if (cp == ' ' && i + 1 < n) {
          // " ?X+": a single ASCII space joins the following letter/number/other run.
          int next = text.codePointAt(i + 1);
          int nextCls = classOf(next);
          if (nextCls != SPACE) {
            cls = nextCls;
            runStart = i + 1;
          }
        }
        end = cls == SPACE ? whitespaceEnd(text, i) : runEnd(text, runStart, cls);
      }
      sink.accept(text.substring(i, end));
      i = end;
    }
  }

  private static int contractionEnd(String text, int i) {
    if (text.charAt(i) != '\'') {
      return -1;
    }
    for (String c : CONTRACTIONS) {
      if (text.startsWith(c, i)) {
        return i + c.length();
      }
    }
    return -1;
  }

  private static int runEnd(String text, int i, int cls) {
    int n = text.length();
    while (i < n) {
      int cp = text.codePointAt(i);
      if (classOf(cp) != cls) {
        break;
      }
      i += Character.charCount(cp);
    }
    return i;
  }

  /**
   * {@code \s+(?!\S)|\s+}: a whitespace run that reaches the end of text is taken whole; one that
   * is followed by a non-space gives up its last character (which then starts the next piece, e.g.
   * as the space of " word"), unless it is that single character.
   */
  private static int whitespaceEnd(String text, int i) {
    int n = text.length();
    int last = i;
    int j = i;
    while (j < n) {
      int cp = text.codePointAt(j);
      if (classOf(cp) != SPACE) {
        break;
      }
      last = j;
      j += Character.charCount(cp);
    }
    if (j == n || last == i) {
      return j;
    }
    return last;
  }
}
