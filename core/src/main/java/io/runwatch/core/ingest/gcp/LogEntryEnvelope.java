package io.runwatch.core.ingest.gcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.runwatch.core.ingest.InvalidRecordException;
import io.runwatch.core.ingest.JsonFields;
import java.io.IOException;
import java.util.Base64;

/**
 * Finds the Cloud Audit Logs {@code LogEntry} inside the shapes it arrives in: bare (exports,
 * {@code gcloud logging read}), a Pub/Sub push request from a Log Router sink (or a pulled message,
 * {@code {ackId, message}}, saved by an analyst), a Pub/Sub {@code messagePublished} CloudEvent
 * (Cloud Functions gen2, Eventarc), or an Eventarc audit-log CloudEvent.
 */
final class LogEntryEnvelope {
  static final String MESSAGE_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";
  static final String AUDIT_LOG_WRITTEN = "google.cloud.audit.log.v1.written";

  // One Pub/Sub message holds one LogEntry: trailing tokens mean the payload is not what we think.
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private LogEntryEnvelope() {}

  /** Whether {@code record} has one of the shapes {@link #unwrap} understands. */
  static boolean recognizes(JsonNode record) {
    if (record == null || !record.isObject()) {
      return false;
    }
    if (record.has("protoPayload")
        || (record.has("message") && (record.has("subscription") || record.has("ackId")))) {
      return true;
    }
    String type = JsonFields.text(record, "type");
    return MESSAGE_PUBLISHED.equals(type) || AUDIT_LOG_WRITTEN.equals(type);
  }

  /**
   * The {@code LogEntry} the record carries, or {@code null} when the envelope carries something
   * else (a message from a topic that is not an audit-log sink).
   *
   * @throws InvalidRecordException when the envelope is recognized but its payload is unusable
   */
  static JsonNode unwrap(JsonNode record) throws InvalidRecordException {
    if (record.has("protoPayload")) {
      return record;
    }
    String type = JsonFields.text(record, "type");
    JsonNode entry;
    if (AUDIT_LOG_WRITTEN.equals(type)) {
      entry = payload(record, "data");
    } else if (MESSAGE_PUBLISHED.equals(type)) {
      entry = payload(JsonFields.at(record, "data", "message"), "data.message.data");
    } else if (record.has("message")) {
      entry = payload(JsonFields.at(record, "message"), "message.data");
    } else {
      return null;
    }
    return entry.has("protoPayload") ? entry : null;
  }

  /**
   * The JSON object in {@code holder.data}: base64 as Pub/Sub sends it, or already an object, as
   * Eventarc sends audit logs and as some forwarders rewrite Pub/Sub messages.
   */
  private static JsonNode payload(JsonNode holder, String field) throws InvalidRecordException {
    JsonNode data = JsonFields.at(holder, "data");
    if (data == null) {
      throw InvalidRecordException.missing(field);
    }
    if (data.isObject()) {
      return data;
    }
    if (!data.isTextual()) {
      throw InvalidRecordException.invalid(
          field, "expected base64 text, found " + data.getNodeType());
    }
    JsonNode inner = parse(base64(data.textValue(), field), field);
    if (!inner.isObject()) {
      throw InvalidRecordException.invalid(
          field, "decodes to JSON " + inner.getNodeType() + ", not an object");
    }
    return inner;
  }

  private static byte[] base64(String text, String field) throws InvalidRecordException {
    String s = text.strip();
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException standard) {
      try {
        // Hand-written tooling sometimes uses the URL-safe alphabet; it is still unambiguous.
        return Base64.getUrlDecoder().decode(s);
      } catch (IllegalArgumentException urlSafe) {
        throw InvalidRecordException.invalid(field, "not base64: " + standard.getMessage());
      }
    }
  }

  private static JsonNode parse(byte[] bytes, String field) throws InvalidRecordException {
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw InvalidRecordException.invalid(field, "decodes to nothing");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw InvalidRecordException.invalid(
          field, "decodes to non-JSON: " + JsonFields.abbreviate(e.getOriginalMessage(), 120));
    } catch (IOException e) {
      throw InvalidRecordException.invalid(field, "unreadable: " + e.getMessage());
    }
  }
}
