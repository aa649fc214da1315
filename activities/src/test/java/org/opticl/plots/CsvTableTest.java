package org.opticl.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
  @TempDir Path dir;

  @Test
  void cellsWithCommasAndQuotesRoundTrip() throws Exception {
    CsvTable t =
        new CsvTable(
            List.of("series", "x"), List.of(List.of("a, \"b\"", "1"), List.of("plain", "2.5")));
    Path f = dir.resolve("t.csv");
    t.write(f);
    assertEquals("series,x\r\n\"a, \"\"b\"\"\",1\r\nplain,2.5\r\n", Files.readString(f));
    assertEquals(
        List.of(List.of("series", "x"), List.of("a, \"b\"", "1"), List.of("plain", "2.5")),
        CsvFiles.read(f));
  }

  @Test
  void numbersParseBackToTheSameDouble() {
    for (double v : new double[] {0.1, 1e-7, 72.30000000000001, -3, 0, 1.0 / 3, 4608}) {
      assertEquals(v, Double.parseDouble(CsvTable.number(v)));
    }
    assertEquals("50", CsvTable.number(50.0));
  }

  @Test
  void rowsMustMatchTheHeader() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CsvTable(List.of("a", "b"), List.of(List.of("1"))));
    assertEquals("CSV row has 1 cells but the header [a, b] has 2", e.getMessage());
  }
}
