package io.runwatch.gcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Core's real GCP audit-log fixtures (from its test jar), wrapped as a Log Router sink publishes
 * them: the LogEntry JSON, base64, in a Pub/Sub message.
 */
final class LogEntries {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String STARTUP_SCRIPT = "setmetadata-startup-script.json";
  static final String MESSAGE_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";

  private LogEntries() {}

  static byte[] fixture(String name) {
    String resource = "/events/gcp/" + name;
    try (InputStream in = LogEntries.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the test classpath (core test-jar)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The data of a {@code messagePublished} CloudEvent carrying {@code logEntry}. */
  static byte[] messagePublishedData(byte[] logEntry) {
    return messagePublishedData(Base64.getEncoder().encodeToString(logEntry));
  }

  static byte[] messagePublishedData(String base64Data) {
    ObjectNode data = JSON.createObjectNode();
    ObjectNode message = data.putObject("message");
    message.put("data", base64Data);
    message.put("messageId", "11209455871203999");
    message.put("publishTime", "2025-03-07T09:41:19.012Z");
    message.putObject("attributes").put("logging.googleapis.com/timestamp", "2025-03-07T09:41:17Z");
    data.put("subscription", "projects/p/subscriptions/eventarc-runwatch-sub");
    return data.toString().getBytes(StandardCharsets.UTF_8);
  }
}
