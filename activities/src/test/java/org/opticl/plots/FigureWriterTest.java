package org.opticl.plots;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FigureWriterTest {
  @TempDir Path dir;

  @Test
  void idsThatAreNotSafeFileNamesAreRejected() {
    Heatmap h = HeatmapTest.heads(HeatmapTest.ramp(2, 2));
    for (String bad : new String[] {"../up", "Upper", "with space", ""}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> FigureWriter.write(h, bad, dir));
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
  }
}
