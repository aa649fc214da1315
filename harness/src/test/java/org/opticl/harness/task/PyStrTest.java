package org.opticl.harness.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Python semantics of the string operations prompts are built with (values from CPython 3.11). */
class PyStrTest {
  @Test
  void stripRemovesPythonWhitespaceIncludingNoBreakSpace() {
    assertEquals("a b", PyStr.strip("\u00a0\t a b \u3000\n"));
    assertEquals(List.of("a", "b"), PyStr.split("\u00a0a\u2009 b "));
  }

  @Test
  void slicesCountCodePoints() {
    String s = "\ud83c\udf89ab";
    assertEquals(3, PyStr.len(s));
    assertEquals("a", PyStr.slice(s, 1, 2));
    assertEquals("\ud83c\udf89a", PyStr.slice(s, 0, -1));
    assertEquals("", PyStr.slice(s, 5));
  }

  @Test
  void capitalizeLowersTheRestAsPythonDoes() {
    assertEquals("He meets john", PyStr.capitalize("he meets John"));
    assertEquals("", PyStr.capitalize(""));
    assertEquals("the Cat", PyStr.lowerFirst("The Cat"));
  }

  @Test
  void sortingComparesCodePointsNotUtf16Units() {
    // U+FF21 sorts before U+1F389 by code point, after it by UTF-16 unit.
    List<String> values = new ArrayList<>(List.of("\ud83c\udf89", "\uff21"));
    values.sort(PyStr.CODE_POINT_ORDER);
    assertEquals(List.of("\uff21", "\ud83c\udf89"), values);
    assertTrue("\ud83c\udf89".compareTo("\uff21") < 0, "Java's own order differs");
  }

  @Test
  void literalSplitKeepsEmptyParts() {
    assertEquals(List.of("", "a", "", ""), PyStr.split("\n\na\n\n\n\n", "\n\n"));
  }

  @Test
  void generalDetokenizeUndoesPtbSpacing() {
    // CPython: general_detokenize('do n\'t ( see ) " it " , now .') == 'don\'t (see)"it", now.'
    // (the quote rules remove the spaces on both sides of every quote)
    assertEquals(
        "don't (see)\"it\", now.", PyStr.generalDetokenize("do n't ( see ) \" it \" , now ."));
  }
}
