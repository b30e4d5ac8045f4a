package io.runwatch.aws;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.runwatch.core.ingest.IngestError;
import io.runwatch.core.ingest.PayloadReport;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.render.CommandJson;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The handler's response: the commands in runwatch's stable JSON, typed errors with their location,
 * and the counts that prove nothing in the event was dropped unnoticed.
 */
final class ResponseJson {
  // The runtime owns the stream: flush the response into it, leave closing to the runtime.
  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private ResponseJson() {}

  static void write(PayloadReport d, OutputStream out) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeArrayFieldStart("commands");
      for (AdminCommand c : d.commands()) {
        CommandJson.write(g, c);
      }
      g.writeEndArray();
      g.writeNumberField("statuses", d.statuses().size());
      g.writeNumberField("completions", d.completions().size());
      g.writeArrayFieldStart("errors");
      for (IngestError e : d.errors()) {
        writeError(g, e);
      }
      g.writeEndArray();
      g.writeNumberField("records", d.stats().records());
      g.writeNumberField("relevant", d.stats().relevant());
      g.writeNumberField("skipped", d.stats().skipped());
      g.writeEndObject();
    }
  }

  private static void writeError(JsonGenerator g, IngestError e) throws IOException {
    g.writeStartObject();
    g.writeObjectFieldStart("where");
    g.writeStringField("source", e.where().source());
    g.writeNumberField("index", e.where().index());
    g.writeNumberField("byteOffset", e.where().byteOffset());
    g.writeEndObject();
    g.writeStringField("kind", e.kind().name());
    g.writeStringField("field", e.field());
    g.writeStringField("message", e.message());
    g.writeEndObject();
  }
}
