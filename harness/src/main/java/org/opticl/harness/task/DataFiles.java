package org.opticl.harness.task;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Readers for the file formats the datasets are distributed in (JSON Lines, a JSON array, TSV with
 * a header, one-label-per-line lists), all UTF-8 and all reporting errors with file and line. Blank
 * lines are skipped; line ends are {@code \n}, {@code \r\n} or {@code \r}, as Python's text mode
 * reads them.
 */
public final class DataFiles {
  private DataFiles() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The lines of a UTF-8 text file, with decoding errors reported against the file. */
  public static List<String> lines(Path file) {
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
      }
    } catch (CharacterCodingException e) {
      throw new TaskDataException(file + ": not valid UTF-8 text (" + e + ")", e);
    } catch (IOException e) {
      throw new TaskDataException(file + ": cannot read (" + e + ")", e);
    }
    return lines;
  }

  /** One JSON object per non-blank line. */
  public static List<Row> jsonl(Path file) {
    List<Row> rows = new ArrayList<>();
    List<String> lines = lines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        throw new TaskDataException(
            file + ":" + (i + 1) + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
      }
      if (node == null || !node.isObject()) {
        throw new TaskDataException(
            file + ":" + (i + 1) + ": expected a JSON object per line, found " + node);
      }
      rows.add(Row.of(node, file, i + 1));
    }
    return rows;
  }

  /** A file holding one JSON array of objects (MathQA's {@code test.json}). */
  public static List<Row> jsonArray(Path file) {
    List<Row> rows = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(file.toFile())) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new TaskDataException(
            file
                + ":"
                + parser.currentLocation().getLineNr()
                + ": expected a JSON array of objects");
      }
      for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
        int line = parser.currentTokenLocation().getLineNr();
        if (t != JsonToken.START_OBJECT) {
          throw new TaskDataException(
              file + ":" + line + ": expected a JSON object as array element, found " + t);
        }
        rows.add(Row.of(parser.readValueAsTree(), file, line));
      }
    } catch (JsonProcessingException e) {
      throw new TaskDataException(
          file
              + ":"
              + e.getLocation().getLineNr()
              + ": not valid JSON ("
              + e.getOriginalMessage()
              + ")",
          e);
    } catch (IOException e) {
      throw new TaskDataException(file + ": cannot read (" + e + ")", e);
    }
    return rows;
  }

  /**
   * A tab-separated file whose first line names the columns; fields are taken verbatim (no quote
   * processing, as the GLUE loader reads with {@code csv.QUOTE_NONE}). Every row must have the
   * header's column count; each becomes an object of string fields named by the header.
   */
  public static List<Row> tsv(Path file, List<String> requiredColumns) {
    List<String> lines = lines(file);
    if (lines.isEmpty()) {
      throw new TaskDataException(file + ": empty, expected a header line " + requiredColumns);
    }
    List<String> header = List.of(lines.get(0).split("\t", -1));
    for (String column : requiredColumns) {
      if (!header.contains(column)) {
        throw new TaskDataException(
            file + ":1: header " + header + " lacks column '" + column + "'");
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String[] cells = lines.get(i).split("\t", -1);
      if (cells.length != header.size()) {
        throw new TaskDataException(
            file
                + ":"
                + (i + 1)
                + ": expected "
                + header.size()
                + " tab-separated fields "
                + header
                + ", found "
                + cells.length);
      }
      ObjectNode node = JSON.createObjectNode();
      for (int c = 0; c < cells.length; c++) {
        node.put(header.get(c), cells[c]);
      }
      rows.add(Row.of(node, file, i + 1));
    }
    return rows;
  }

  /** A labels list (one label per non-blank line), which must align with {@code records} rows. */
  public static List<String> labels(Path file, int records, Path recordsFile) {
    List<String> labels = new ArrayList<>();
    for (String line : lines(file)) {
      if (!line.isBlank()) {
        labels.add(line.strip());
      }
    }
    if (labels.size() != records) {
      throw new TaskDataException(
          file
              + ": has "
              + labels.size()
              + " labels but "
              + recordsFile.getFileName()
              + " has "
              + records
              + " records; the two files must align line by line");
    }
    return labels;
  }
}
