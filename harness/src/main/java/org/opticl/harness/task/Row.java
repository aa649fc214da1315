package org.opticl.harness.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One record of a data file with its location ({@code file}, 1-based {@code line}, and the path of
 * this node inside the record), so that every field access can fail with a message that points at
 * the offending value: {@code val.jsonl:12: field 'label': expected a boolean, found "maybe"}.
 */
public record Row(JsonNode node, Path file, int line, String path) {

  /** The top-level record read from {@code file} at {@code line}. */
  public static Row of(JsonNode node, Path file, int line) {
    return new Row(node, file, line, "");
  }

  /** An error about this record as a whole. */
  public TaskDataException error(String problem) {
    return new TaskDataException(file + ":" + line + ": " + problem);
  }

  /** An error about one field of this record. */
  public TaskDataException error(String field, String problem) {
    return new TaskDataException(
        file + ":" + line + ": field '" + qualified(field) + "': " + problem);
  }

  private String qualified(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  /** Whether the record has the field (with any value, including null). */
  public boolean has(String field) {
    return node.has(field);
  }

  private JsonNode require(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw error(field, "missing (the record has fields " + fieldNames() + ")");
    }
    return value;
  }

  private List<String> fieldNames() {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** A string field. */
  public String str(String field) {
    JsonNode v = require(field);
    if (!v.isTextual()) {
      throw error(field, "expected a string, found " + v);
    }
    return v.textValue();
  }

  /** An integer field (a JSON integer, or a string of digits as some exports write labels). */
  public int integer(String field) {
    JsonNode v = require(field);
    if (v.isIntegralNumber() && v.canConvertToInt()) {
      return v.intValue();
    }
    if (v.isTextual() && v.textValue().strip().matches("-?\\d{1,9}")) {
      return Integer.parseInt(v.textValue().strip());
    }
    throw error(field, "expected an integer, found " + v);
  }

  /** A boolean field: JSON true/false, 0/1, or the strings "true"/"false"/"True"/"False". */
  public boolean bool(String field) {
    JsonNode v = require(field);
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber() && (v.intValue() == 0 || v.intValue() == 1)) {
      return v.intValue() == 1;
    }
    if (v.isTextual()) {
      switch (v.textValue()) {
        case "true", "True" -> {
          return true;
        }
        case "false", "False" -> {
          return false;
        }
        default -> {}
      }
    }
    throw error(field, "expected a boolean (true/false or 1/0), found " + v);
  }

  /** One of the allowed string values, returned as its index in {@code allowed}. */
  public int oneOf(String field, List<String> allowed) {
    String value = str(field);
    int index = allowed.indexOf(value);
    if (index < 0) {
      throw error(field, "expected one of " + allowed + ", found \"" + value + "\"");
    }
    return index;
  }

  /** A nested object. */
  public Row object(String field) {
    JsonNode v = require(field);
    if (!v.isObject()) {
      throw error(field, "expected an object, found " + abbreviate(v));
    }
    return new Row(v, file, line, qualified(field));
  }

  /** A nested array of objects. */
  public List<Row> objects(String field) {
    JsonNode v = require(field);
    if (!v.isArray()) {
      throw error(field, "expected an array, found " + abbreviate(v));
    }
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode element = v.get(i);
      String elementPath = qualified(field) + "[" + i + "]";
      if (!element.isObject()) {
        throw new TaskDataException(
            file
                + ":"
                + line
                + ": field '"
                + elementPath
                + "': expected an object, found "
                + abbreviate(element));
      }
      out.add(new Row(element, file, line, elementPath));
    }
    return out;
  }

  /** A nested array of strings. */
  public List<String> strings(String field) {
    JsonNode v = require(field);
    if (!v.isArray()) {
      throw error(field, "expected an array of strings, found " + abbreviate(v));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        throw error(field + "[" + i + "]", "expected a string, found " + v.get(i));
      }
      out.add(v.get(i).textValue());
    }
    return out;
  }

  private static String abbreviate(JsonNode v) {
    String s = v.toString();
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
