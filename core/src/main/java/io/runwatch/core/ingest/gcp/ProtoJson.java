package io.runwatch.core.ingest.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.ingest.JsonFields;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads request and response bodies that audit logs copy from proto messages. Proto3 JSON names
 * fields in lowerCamelCase, but some services log the proto field names (snake_case) instead, and
 * which one OS Config uses in its audit entries is not documented: accept both.
 */
final class ProtoJson {
  private ProtoJson() {}

  /** The child named {@code camelName} (or its snake_case twin), or {@code null}. */
  static JsonNode child(JsonNode node, String camelName) {
    JsonNode n = JsonFields.at(node, camelName);
    return n != null ? n : JsonFields.at(node, snake(camelName));
  }

  /** The scalar text of the child, or {@code null} when absent, empty or not a scalar. */
  static String text(JsonNode node, String camelName) {
    String s = JsonFields.text(node, camelName);
    return s != null ? s : JsonFields.text(node, snake(camelName));
  }

  /** The elements of an array child; empty when absent or not an array. */
  static List<JsonNode> elements(JsonNode node, String camelName) {
    JsonNode array = child(node, camelName);
    List<JsonNode> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(out::add);
    }
    return out;
  }

  /** The strings of an array child; empty when absent. */
  static List<String> texts(JsonNode node, String camelName) {
    return JsonFields.texts(child(node, camelName));
  }

  static boolean isTrue(JsonNode node, String camelName) {
    JsonNode n = child(node, camelName);
    return n != null && (n.isBoolean() ? n.booleanValue() : "true".equalsIgnoreCase(n.asText()));
  }

  /**
   * Renders a label map as {@code (k1=v1,k2=v2)} with keys sorted, so equal selectors compare equal
   * however the caller ordered them.
   */
  static String labelSet(JsonNode labels) {
    TreeMap<String, String> sorted = new TreeMap<>();
    if (labels != null && labels.isObject()) {
      labels.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asText()));
    }
    StringBuilder sb = new StringBuilder("(");
    sorted.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append(k).append('=').append(v));
    return sb.append(')').toString();
  }

  private static String snake(String camel) {
    StringBuilder sb = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        sb.append('_').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** The first group of the first match of {@code pattern} in {@code s}, or {@code null}. */
  static String firstMatch(Pattern pattern, String s) {
    if (s == null) {
      return null;
    }
    Matcher m = pattern.matcher(s);
    return m.find() ? m.group(1) : null;
  }

  @SafeVarargs
  static <T> T firstNonNull(T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
