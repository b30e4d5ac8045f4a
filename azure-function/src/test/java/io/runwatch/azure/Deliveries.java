package io.runwatch.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Core's real Azure fixtures (from its test jar), reshaped the way the Java worker delivers them:
 * the fixtures hold a webhook batch (a JSON array); the trigger binding passes one event object.
 */
final class Deliveries {
  static final ObjectMapper JSON = new ObjectMapper();

  private Deliveries() {}

  static String singleEvent(String fixture) {
    JsonNode batch = read(fixture);
    if (!batch.isArray() || batch.size() != 1) {
      throw new IllegalStateException(fixture + " is expected to hold a batch of one event");
    }
    return batch.get(0).toString();
  }

  static JsonNode read(String fixture) {
    String resource = "/events/azure/" + fixture;
    try (InputStream in = Deliveries.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the test classpath (core test-jar)");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
