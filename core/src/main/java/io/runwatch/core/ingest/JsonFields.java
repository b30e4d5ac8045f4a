package io.runwatch.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;

/** Null-tolerant field access for the parsers: absent and JSON null both read as {@code null}. */
public final class JsonFields {
  // Panther's data lake and some SIEM exports rewrite ISO times as "2025-02-19 16:32:39.000000000".
  private static final DateTimeFormatter SPACE_SEPARATED =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter();

  private JsonFields() {}

  /** The text at {@code path}, or {@code null} when absent, null, empty or not a scalar. */
  public static String text(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    if (n == null || !n.isValueNode() || n.isNull()) {
      return null;
    }
    String s = n.asText();
    return s.isEmpty() ? null : s;
  }

  /** The node at {@code path}, or {@code null} when absent or JSON null. */
  public static JsonNode at(JsonNode node, String... path) {
    JsonNode n = node;
    for (String p : path) {
      if (n == null || !n.isObject()) {
        return null;
      }
      n = n.get(p);
    }
    return n == null || n.isNull() || n.isMissingNode() ? null : n;
  }

  /** The text of the first field that has one, matching names case-insensitively. */
  public static String textIgnoreCase(JsonNode node, String name) {
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode exact = node.get(name);
    if (exact != null) {
      return exact.isValueNode() && !exact.isNull() && !exact.asText().isEmpty()
          ? exact.asText()
          : null;
    }
    for (var it = node.properties().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (e.getKey().equalsIgnoreCase(name) && e.getValue().isValueNode()) {
        String s = e.getValue().asText();
        return s.isEmpty() || e.getValue().isNull() ? null : s;
      }
    }
    return null;
  }

  /** The strings of an array node (non-string elements rendered as text); empty when absent. */
  public static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      for (JsonNode e : array) {
        if (e.isValueNode() && !e.isNull()) {
          out.add(e.asText());
        }
      }
    }
    return out;
  }

  /** The integer at {@code path}, or {@code null}; numeric strings are accepted. */
  public static Integer integer(JsonNode node, String... path) {
    JsonNode n = at(node, path);
    if (n == null) {
      return null;
    }
    if (n.canConvertToInt()) {
      return n.intValue();
    }
    if (n.isTextual()) {
      try {
        return Integer.parseInt(n.asText().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /**
   * Parses a required timestamp: ISO-8601 with {@code Z} or an offset, or without a zone (read as
   * UTC, as the clouds' exports mean it), or space-separated as SIEM exports write it.
   */
  public static Instant requiredTime(JsonNode node, String field) throws InvalidRecordException {
    String value = text(node, field);
    if (value == null) {
      throw InvalidRecordException.missing(field);
    }
    Instant t = parseTime(value);
    if (t == null) {
      throw InvalidRecordException.invalid(field, "not a timestamp: " + abbreviate(value, 60));
    }
    return t;
  }

  /** Parses a timestamp as {@link #requiredTime} does; {@code null} when it is not one. */
  public static Instant parseTime(String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException ignored) {
      // try the other shapes below
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException ignored) {
      // try the other shapes below
    }
    try {
      return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      // try the other shapes below
    }
    try {
      return LocalDateTime.parse(v, SPACE_SEPARATED).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      return null;
    }
  }

  public static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
