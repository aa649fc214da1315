package org.opticl.plots;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbers a figure draws, as an RFC 4180 table (long format: one row per point or cell), so a
 * reader can check or re-plot any figure without re-running anything. Numbers are written with
 * {@link Double#toString}, the shortest text that parses back to the same double.
 *
 * @param header column names, with units where they have one (e.g. {@code accuracy_percent})
 * @param rows cells as text, each row as long as the header
 */
public record CsvTable(List<String> header, List<List<String>> rows) {
  public CsvTable {
    header = List.copyOf(header);
    List<List<String>> copy = new ArrayList<>(rows.size());
    for (List<String> r : rows) {
      if (r.size() != header.size()) {
        throw new IllegalArgumentException(
            "CSV row has "
                + r.size()
                + " cells but the header "
                + header
                + " has "
                + header.size());
      }
      copy.add(List.copyOf(r));
    }
    rows = List.copyOf(copy);
  }

  /** A number as written to every CSV: integers without a fraction, others round-trip exact. */
  public static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  public void write(Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writeRow(w, header);
      for (List<String> r : rows) {
        writeRow(w, r);
      }
    }
  }

  private static void writeRow(Writer w, List<String> cells) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        w.write(',');
      }
      w.write(quote(cells.get(i)));
    }
    w.write("\r\n");
  }

  private static String quote(String cell) {
    if (cell.indexOf(',') < 0
        && cell.indexOf('"') < 0
        && cell.indexOf('\n') < 0
        && cell.indexOf('\r') < 0) {
      return cell;
    }
    return '"' + cell.replace("\"", "\"\"") + '"';
  }
}
