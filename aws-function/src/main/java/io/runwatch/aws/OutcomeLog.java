package io.runwatch.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.runwatch.core.ingest.IngestError;
import io.runwatch.core.service.DetectionOutcome;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * One structured JSON log line per invocation: counts and error kinds with their location in the
 * payload, never principals, addresses, instance ids or script text (CloudWatch Logs is read by
 * more people than the findings are).
 */
final class OutcomeLog {
  private static final JsonFactory JSON = new JsonFactory();

  private OutcomeLog() {}

  static String line(String handler, DetectionOutcome o, Map<String, Long> extra) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("handler", handler);
      g.writeStringField("level", o.poison() || !o.errors().isEmpty() ? "WARN" : "INFO");
      g.writeNumberField("records", o.records());
      g.writeNumberField("commands", o.commands());
      g.writeNumberField("statuses", o.statuses());
      g.writeNumberField("identityChanges", o.identityChanges());
      g.writeBooleanField("duplicate", o.duplicate());
      g.writeBooleanField("poison", o.poison());
      g.writeNumberField("findings", o.findings());
      g.writeNumberField("notified", o.notified());
      g.writeNumberField("alreadyNotified", o.alreadyNotified());
      g.writeNumberField("belowThreshold", o.belowThreshold());
      g.writeNumberField("pendingAdded", o.pendingAdded());
      g.writeNumberField("rechecked", o.rechecked());
      g.writeNumberField("settled", o.settled());
      g.writeNumberField("contentUnknown", o.contentUnknown());
      g.writeNumberField("telemetryFailures", o.telemetryFailures());
      for (Map.Entry<String, Long> e : new TreeMap<>(extra).entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeArrayFieldStart("errors");
      for (IngestError e : o.errors()) {
        g.writeStartObject();
        g.writeStringField("kind", e.kind().name());
        g.writeNumberField("index", e.where().index());
        g.writeNumberField("byteOffset", e.where().byteOffset());
        if (e.field() != null) {
          g.writeStringField("field", e.field());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }
}
