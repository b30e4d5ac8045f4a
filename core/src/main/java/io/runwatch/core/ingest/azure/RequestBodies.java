package io.runwatch.core.ingest.azure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runwatch.core.ingest.JsonFields;
import java.util.List;

/**
 * The request body ARM sometimes logs in {@code properties.requestbody}: a JSON string in the
 * Activity Log, an object in some re-exports. ARM logs it for few operations and often empty, so
 * its absence says nothing; a body that does not parse is ignored rather than failing a record
 * whose other fields are good.
 */
final class RequestBodies {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RequestBodies() {}

  /** The logged request body as an object, or {@code null}. */
  static JsonNode of(AzureRecord record) {
    JsonNode body = record.property("requestbody");
    if (body == null) {
      return null;
    }
    if (body.isObject()) {
      return body;
    }
    return body.isTextual() ? parseJson(body.asText()) : null;
  }

  /** {@code text} parsed as a JSON object, or {@code null} when it is not one. */
  static JsonNode parseJson(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      JsonNode node = MAPPER.readTree(text);
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /**
   * Action Run Command: {@code {"commandId":"RunShellScript","script":["line",…]}}, the script
   * given as lines (or, by some clients, as one string).
   */
  static String actionScript(JsonNode body) {
    JsonNode script = JsonFields.at(body, "script");
    if (script == null) {
      return null;
    }
    if (script.isArray()) {
      List<String> lines = JsonFields.texts(script);
      return lines.isEmpty() ? null : String.join("\n", lines);
    }
    return JsonFields.text(body, "script");
  }

  static String actionCommandId(JsonNode body) {
    return JsonFields.text(body, "commandId");
  }

  /** Managed Run Command: {@code properties.source.script}, when given inline. */
  static String managedScript(JsonNode body) {
    return JsonFields.text(body, "properties", "source", "script");
  }

  /** Extension: {@code properties.type}, e.g. {@code CustomScript}. */
  static String extensionType(JsonNode body) {
    return JsonFields.text(body, "properties", "type");
  }

  /**
   * Extension: the public {@code settings.commandToExecute}; protected settings are never logged.
   */
  static String extensionCommand(JsonNode body) {
    return JsonFields.text(body, "properties", "settings", "commandToExecute");
  }
}
