package io.runwatch.core.ingest.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.runwatch.core.ingest.JsonFields;
import java.io.IOException;
import java.util.Base64;

/**
 * Finds the Cloud Audit Logs {@code LogEntry} in the shapes the GCP command parser also reads:
 * bare, a Pub/Sub push request or pulled message, a Pub/Sub {@code messagePublished} CloudEvent, or
 * an Eventarc audit-log CloudEvent. Unlike that parser's reader this one never throws: a payload it
 * cannot decode is simply not an identity change, and the command parser, which comes next, reports
 * it as the error it is.
 */
final class GcpEntries {
  private static final String MESSAGE_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";
  private static final String AUDIT_LOG_WRITTEN = "google.cloud.audit.log.v1.written";
  private static final JsonMapper JSON = new JsonMapper();

  private GcpEntries() {}

  /** The LogEntry in {@code record}, or {@code null}. */
  static JsonNode unwrap(JsonNode record) {
    if (record == null || !record.isObject()) {
      return null;
    }
    if (record.has("protoPayload")) {
      return record;
    }
    String type = JsonFields.text(record, "type");
    JsonNode holder;
    if (AUDIT_LOG_WRITTEN.equals(type)) {
      holder = record;
    } else if (MESSAGE_PUBLISHED.equals(type)) {
      holder = JsonFields.at(record, "data", "message");
    } else if (record.has("message") && (record.has("subscription") || record.has("ackId"))) {
      holder = JsonFields.at(record, "message");
    } else {
      return null;
    }
    JsonNode entry = payload(holder);
    return entry != null && entry.has("protoPayload") ? entry : null;
  }

  /** {@code holder.data}: an object, or base64 text holding one. */
  private static JsonNode payload(JsonNode holder) {
    JsonNode data = JsonFields.at(holder, "data");
    if (data == null) {
      return null;
    }
    if (data.isObject()) {
      return data;
    }
    if (!data.isTextual()) {
      return null;
    }
    byte[] bytes = base64(data.textValue().strip());
    if (bytes == null) {
      return null;
    }
    try {
      JsonNode inner = JSON.readTree(bytes);
      return inner != null && inner.isObject() ? inner : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static byte[] base64(String s) {
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException standard) {
      try {
        return Base64.getUrlDecoder().decode(s);
      } catch (IllegalArgumentException urlSafe) {
        return null;
      }
    }
  }
}
