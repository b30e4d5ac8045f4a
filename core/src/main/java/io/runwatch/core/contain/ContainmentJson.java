package io.runwatch.core.contain;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link ContainmentResponse} as the functions answer it; every key always present:
 *
 * <pre>
 * {"decision", "mode", "findingId", "action", "reason", "planId", "auditId",
 *  "direction", "changes": [{"api", "resource", "attribute", "before", "after", "inPlace", "args"}],
 *  "notes": [], "outcomes": [{"api", "resource", "status", "detail"}], "failure": {...} | null}
 * </pre>
 */
public final class ContainmentJson {
  private ContainmentJson() {}

  public static void write(JsonGenerator g, ContainmentResponse r) throws IOException {
    g.writeStartObject();
    g.writeStringField("decision", r.decision().name());
    g.writeStringField("mode", r.mode() == null ? null : r.mode().wire());
    g.writeStringField("findingId", r.findingId());
    g.writeStringField("action", r.action());
    g.writeStringField("reason", r.reason());
    g.writeStringField("planId", r.planId());
    g.writeStringField("auditId", r.auditId());
    Plan p = r.plan();
    g.writeStringField("direction", p == null ? null : p.direction().name());
    g.writeArrayFieldStart("changes");
    if (p != null) {
      for (Change c : p.changes()) {
        change(g, c);
      }
    }
    g.writeEndArray();
    g.writeArrayFieldStart("notes");
    if (p != null) {
      for (String n : p.notes()) {
        g.writeString(n);
      }
    }
    g.writeEndArray();
    g.writeArrayFieldStart("outcomes");
    if (r.result() != null) {
      for (Outcome o : r.result().outcomes()) {
        g.writeStartObject();
        g.writeStringField("api", o.change().api());
        g.writeStringField("resource", o.change().resource());
        g.writeStringField("status", o.status().name());
        g.writeStringField("detail", o.detail());
        g.writeEndObject();
      }
    }
    g.writeEndArray();
    ProviderFailure f = r.failure();
    if (f != null) {
      g.writeObjectFieldStart("failure");
      g.writeStringField("kind", f.kind().name());
      g.writeStringField("api", f.api());
      g.writeStringField("resource", f.resource());
      g.writeStringField("code", f.code());
      g.writeStringField("message", f.message());
      g.writeEndObject();
    } else {
      g.writeNullField("failure");
    }
    g.writeEndObject();
  }

  private static void change(JsonGenerator g, Change c) throws IOException {
    g.writeStartObject();
    g.writeStringField("api", c.api());
    g.writeStringField("resource", c.resource());
    g.writeStringField("attribute", c.attribute());
    g.writeStringField("before", c.before());
    g.writeStringField("after", c.after());
    g.writeBooleanField("inPlace", c.inPlace());
    g.writeObjectFieldStart("args");
    for (Map.Entry<String, String> e : new TreeMap<>(c.args()).entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    g.writeEndObject();
  }
}
