package io.runwatch.core.render;

import com.fasterxml.jackson.core.JsonGenerator;
import io.runwatch.core.model.AgentStatusEvent;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** Writes an {@link AgentStatusEvent} as a stable JSON object, every key always present. */
public final class StatusJson {
  private StatusJson() {}

  public static void write(JsonGenerator g, AgentStatusEvent s) throws IOException {
    g.writeStartObject();
    g.writeStringField("cloud", s.cloud().name());
    g.writeStringField("kind", s.kind().name());
    g.writeStringField("account", s.account());
    g.writeStringField("region", s.region());
    g.writeStringField("status", s.status());
    g.writeStringField("commandId", s.commandId());
    g.writeStringField("associationId", s.associationId());
    g.writeStringField("instanceId", s.instanceId());
    g.writeStringField("documentName", s.documentName());
    g.writeStringField("windowId", s.windowId());
    g.writeStringField("windowExecutionId", s.windowExecutionId());
    g.writeStringField("time", iso(s.time()));
    g.writeStringField("start", iso(s.start()));
    g.writeStringField("end", iso(s.end()));
    g.writeObjectFieldStart("parameters");
    for (Map.Entry<String, List<String>> p : s.parameters().entrySet()) {
      g.writeArrayFieldStart(p.getKey());
      for (String v : p.getValue()) {
        g.writeString(v);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
    g.writeStringField("scheduleExpression", s.scheduleExpression());
    g.writeStringField("targets", s.targets());
    g.writeStringField("eventId", s.eventId());
    g.writeEndObject();
  }

  private static String iso(Instant t) {
    return t == null ? null : DateTimeFormatter.ISO_INSTANT.format(t);
  }
}
