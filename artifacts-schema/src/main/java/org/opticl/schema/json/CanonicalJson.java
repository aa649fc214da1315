package org.opticl.schema.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One byte sequence per JSON value, so that equal content has equal digests and stage keys are
 * stable across machines, JVMs and Jackson versions.
 *
 * <p>The form is that of RFC 8785 (JSON Canonicalization Scheme): object members sorted by the
 * UTF-16 code units of their names, no whitespace, strings in UTF-8 with only {@code "}, {@code \},
 * and control characters escaped ({@code \b \f \n \r \t}, others as lowercase <code>&#92;u00xx
 * </code>). Numbers: integers (Java {@code int}, {@code long}, {@code BigInteger}) are written
 * exactly in decimal; doubles as the shortest decimal that reads back to the same double, in
 * ECMAScript notation (see {@link JsonNumbers#canonical}), so {@code 3.0} is {@code 3}, {@code 0.1}
 * is {@code 0.1} and {@code 1e21} is {@code 1e+21}. For every number a double represents exactly
 * this matches RFC 8785; it differs only in writing integers beyond 2^53 exactly instead of
 * rounding them. NaN and the infinities are rejected with the path of the offending value. Absent
 * {@code Optional}s and null values (of record components and map entries) are omitted, so "absent"
 * has one spelling.
 */
public final class CanonicalJson {

  private static final ObjectMapper MAPPER = newMapper();

  private CanonicalJson() {}

  /**
   * The mapper every artifact is read and written with: records, {@code Optional}s (absent ones
   * omitted), ISO-8601 instants, strict about unknown properties so schema drift fails loudly.
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A fresh mapper configured like {@link #mapper()}, for callers that must customise it. */
  public static JsonMapper newMapper() {
    return JsonMapper.builder()
        .addModule(new Jdk8Module())
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .serializationInclusion(JsonInclude.Include.NON_ABSENT)
        .build();
  }

  /** Canonical UTF-8 bytes of {@code value} (a record, map, list or {@link JsonNode}). */
  public static byte[] bytes(Object value) {
    return string(value).getBytes(StandardCharsets.UTF_8);
  }

  /** Canonical text of {@code value}. */
  public static String string(Object value) {
    JsonNode tree = value instanceof JsonNode node ? node : MAPPER.valueToTree(value);
    StringBuilder out = new StringBuilder(256);
    write(tree, out, new ArrayList<>(List.of("$")));
    return out.toString();
  }

  /** Reads a JSON document (canonical or not) into {@code type}. */
  public static <T> T read(byte[] json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "not a valid " + type.getSimpleName() + " document: " + e.getMessage(), e);
    }
  }

  /** Reads a JSON document into a tree. */
  public static JsonNode tree(byte[] json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not a JSON document: " + e.getMessage(), e);
    }
  }

  /** Human-readable (indented, not canonical) text, for CLI output only. */
  public static String pretty(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(JsonNode node, StringBuilder out, List<String> path) {
    JsonNodeType type = node.getNodeType();
    switch (type) {
      case OBJECT -> {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        names.sort(null); // String order is UTF-16 code unit order, as RFC 8785 requires
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          String name = names.get(i);
          writeString(name, out, path);
          out.append(':');
          path.add("." + name);
          write(node.get(name), out, path);
          path.remove(path.size() - 1);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        Iterator<JsonNode> items = node.elements();
        for (int i = 0; items.hasNext(); i++) {
          if (i > 0) {
            out.append(',');
          }
          path.add("[" + i + "]");
          write(items.next(), out, path);
          path.remove(path.size() - 1);
        }
        out.append(']');
      }
      case STRING -> writeString(node.textValue(), out, path);
      case BINARY -> writeString(node.asText(), out, path); // base64, as Jackson writes byte[]
      case BOOLEAN -> out.append(node.booleanValue());
      case NULL -> out.append("null");
      case NUMBER -> writeNumber(node, out, path);
      default ->
          throw new IllegalArgumentException(
              "canonical JSON cannot hold a " + type + " node at " + String.join("", path));
    }
  }

  private static void writeNumber(JsonNode node, StringBuilder out, List<String> path) {
    try {
      if (node.isIntegralNumber()) {
        out.append(node.bigIntegerValue());
      } else if (node.isBigDecimal()) {
        BigDecimal decimal = node.decimalValue().stripTrailingZeros();
        out.append(
            decimal.scale() <= 0
                ? decimal.toBigIntegerExact().toString()
                : JsonNumbers.canonical(decimal.doubleValue()));
      } else {
        out.append(JsonNumbers.canonical(node.doubleValue()));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (at " + String.join("", path) + ")", e);
    }
  }

  private static void writeString(String s, StringBuilder out, List<String> path) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else if (Character.isSurrogate(c)) {
            // A lone surrogate has no UTF-8 encoding: writing it would silently become '?'.
            boolean paired =
                Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (!paired) {
              throw new IllegalArgumentException(
                  String.format(
                      "unpaired UTF-16 surrogate \\u%04x at index %d of a string at %s",
                      (int) c, i, String.join("", path)));
            }
            out.append(c).append(s.charAt(++i));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
