package io.runwatch.aws.dynamo;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads the attributes of one stored item, failing with {@link DynamoItemFormatException} naming
 * the table, key and attribute when one is missing or not what the store wrote.
 */
final class ItemReader {
  private final String table;
  private final String key;
  private final Map<String, AttributeValue> item;

  ItemReader(String table, String key, Map<String, AttributeValue> item) {
    this.table = table;
    this.key = key;
    this.item = item;
  }

  String string(String name) {
    return required(name, "S", AttributeValue::s);
  }

  String optionalString(String name) {
    return item.containsKey(name) ? string(name) : null;
  }

  long number(String name) {
    String text = required(name, "N", AttributeValue::n);
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new DynamoItemFormatException(
          table, key, "attribute \"" + name + "\" is not a whole number", e);
    }
  }

  byte[] bytes(String name) {
    return required(name, "B", v -> v.b() == null ? null : v.b().asByteArray());
  }

  Instant instant(String name) {
    return parse(name, string(name));
  }

  Instant optionalInstant(String name) {
    String text = optionalString(name);
    return text == null ? null : parse(name, text);
  }

  Map<String, String> stringMap(String name) {
    Map<String, AttributeValue> m = required(name, "M", v -> v.hasM() ? v.m() : null);
    java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
    m.forEach(
        (k, v) -> {
          if (v.s() == null) {
            throw new DynamoItemFormatException(
                table,
                key,
                "attribute \"" + name + "\" entry \"" + k + "\" is not of type S",
                null);
          }
          out.put(k, v.s());
        });
    return out;
  }

  private Instant parse(String name, String text) {
    try {
      return Instants.parseIso(text);
    } catch (DateTimeException e) {
      throw new DynamoItemFormatException(
          table, key, "attribute \"" + name + "\" is not an ISO-8601 instant", e);
    }
  }

  private <T> T required(String name, String type, Function<AttributeValue, T> get) {
    AttributeValue v = item.get(name);
    if (v == null) {
      throw new DynamoItemFormatException(
          table, key, "attribute \"" + name + "\" is missing", null);
    }
    T value = get.apply(v);
    if (value == null) {
      throw new DynamoItemFormatException(
          table, key, "attribute \"" + name + "\" is not of type " + type, null);
    }
    return value;
  }
}
