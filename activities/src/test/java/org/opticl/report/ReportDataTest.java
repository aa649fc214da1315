package org.opticl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opticl.report.ReportData.Cell;
import org.opticl.report.ReportData.Expected;
import org.opticl.report.ReportData.Model;

class ReportDataTest {
  private static final Model TINY = new Model("tiny", Optional.empty(), Optional.empty(), 2, 3);

  @Test
  void matricesMustMatchTheModelShape() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ReportData.builder("r")
                    .model(TINY)
                    .cell(
                        Cell.builder("piqa", 1)
                            .headImportance(Matrix.of(new double[][] {{1, 2}, {3, 4}}))
                            .build())
                    .build());
    assertEquals(
        "head importance of piqa 1-shot is [2][2] but model tiny has 2 layers × 3 heads",
        e.getMessage());
  }

  @Test
  void ffnImportanceNeedsOneValuePerLayer() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ReportData.builder("r")
                    .model(TINY)
                    .cell(Cell.builder("copa", 0).ffnImportance(List.of(1.0, 2.0, 3.0)).build())
                    .build());
    assertEquals("FFN importance of copa 0-shot has 3 layers, model tiny has 2", e.getMessage());
  }

  @Test
  void aCellAppearsOnce() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ReportData.builder("r")
                    .cell(Cell.builder("copa", 0).build())
                    .cell(Cell.builder("copa", 0).build())
                    .build());
    assertEquals("cell 'copa 0-shot' appears twice", e.getMessage());
  }

  @Test
  void artifactPathsStayInsideTheReportFolder() {
    for (String bad : List.of("../secrets.json", "/etc/passwd", "s3://bucket/x", "a\\b", " ")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> ReportData.builder("r").artifact("x", bad));
      assertEquals(
          "artifact 'x' path must be relative inside the report folder (e.g. data/x.npy), got '"
              + bad
              + "'",
          e.getMessage());
    }
    ReportData.builder("r").artifact("ok", "data/sub/x y.npy").build();
  }

  @Test
  void expectedPercentagesAreSortedAndDeduplicated() {
    Expected e =
        new Expected(
            List.of(),
            List.of(),
            List.of(50, 10, 10, 0),
            List.of(),
            List.of(),
            List.of(),
            List.of());
    assertEquals(List.of(0, 10, 50), e.headPercents());
    assertEquals(List.of(10, 30, 50, 70, 90), Expected.paper().crossTaskPercents());
    assertEquals(8, Expected.paper().gridHeadPercents().size());
    assertEquals(6, Expected.paper().gridFfnPercents().size());
  }

  @Test
  void matricesAreCopiedAndMustBeRectangular() {
    double[][] v = {{1, 2}, {3, 4}};
    Matrix m = Matrix.of(v);
    v[0][0] = 99;
    assertEquals(1, m.get(0, 0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Matrix.of(new double[][] {{1, 2}, {3}}));
    assertEquals("matrix is ragged: row 1 has 1 columns, row 0 has 2", e.getMessage());
  }
}
