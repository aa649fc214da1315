package org.opticl.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import org.junit.jupiter.api.Test;

class ColourScaleTest {
  private final ColourScale scale = new ColourScale(new ColourRange(0, 10, "test"));

  @Test
  void valuesBeyondTheRangeTakeTheNearestEndColour() {
    assertEquals(scale.colour(0), scale.colour(-5));
    assertEquals(scale.colour(10), scale.colour(1e9));
  }

  @Test
  void brightnessGrowsWithTheValue() {
    double last = -1;
    for (int v = 0; v <= 10; v++) {
      Color c = scale.colour(v);
      double luminance = 0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue();
      assertTrue(luminance > last, "luminance must increase at " + v);
      last = luminance;
    }
  }

  @Test
  void nanIsDrawnAsAMissingCellNotALowOne() {
    assertEquals(FigureStyle.MISSING_CELL, scale.colour(Double.NaN));
  }

  @Test
  void minMaxWidensAConstantMatrixInsteadOfFailing() {
    ColourRange r = ColourRange.minMax(new double[][] {{2, 2}, {2, 2}});
    assertTrue(r.lower() < 2 && r.upper() > 2);
    assertEquals("min–max (constant)", r.description());
  }

  @Test
  void minMaxIgnoresNonFiniteValues() {
    ColourRange r =
        ColourRange.minMax(new double[][] {{1, Double.NaN}, {Double.POSITIVE_INFINITY, 3}});
    assertEquals(1, r.lower());
    assertEquals(3, r.upper());
  }

  @Test
  void anEmptyRangeIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new ColourRange(1, 1, "x"));
  }
}
