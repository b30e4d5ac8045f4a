package io.runwatch.core.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.triage.AnalysisAnswer;
import io.runwatch.core.triage.ContainmentAction;
import io.runwatch.core.triage.Finding;
import io.runwatch.core.triage.FindingText;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link Finding} as runwatch's own stable JSON object. Written field by field like {@link
 * CommandJson}, never by reflection, and every key is always present (absent values are JSON null,
 * empty lists are {@code []}), so consumers never test for a key:
 *
 * <pre>
 * {"type":"finding", "id", "time", "severity", "severityId", "score", "title",
 *  "escalation": {"escalate", "reasons": []} | null,
 *  "detectors": [{"id", "severity", "score", "reason", "facts": {}}],
 *  "answers": [{"question", "answer", "concerning"}],
 *  "actions": [{"kind", "cloud", "parameters": {}, "why", "blocked"}],
 *  "related": [],
 *  "command": {see CommandJson},
 *  "correlation": [see CorrelationJson] | null, "correlationNote"}
 * </pre>
 *
 * Free text that may quote a command (reasons, facts, answers) goes through {@link SecretRedactor}.
 * Maps are written with sorted keys, so equal findings give equal bytes.
 */
public final class FindingJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private FindingJson() {}

  public static String toJson(Finding f) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public static void write(JsonGenerator g, Finding f) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "finding");
    g.writeStringField("id", f.id());
    g.writeStringField(
        "time", f.time() == null ? null : DateTimeFormatter.ISO_INSTANT.format(f.time()));
    g.writeStringField("severity", f.severity().name());
    g.writeNumberField("severityId", f.severity().ocsfId());
    g.writeNumberField("score", f.score());
    g.writeStringField("title", FindingText.title(f));
    if (f.escalation() != null) {
      g.writeObjectFieldStart("escalation");
      g.writeBooleanField("escalate", f.escalation().escalate());
      g.writeArrayFieldStart("reasons");
      for (String r : f.escalation().reasons()) {
        g.writeString(SecretRedactor.redact(r));
      }
      g.writeEndArray();
      g.writeEndObject();
    } else {
      g.writeNullField("escalation");
    }
    g.writeArrayFieldStart("detectors");
    for (DetectorHit h : f.hits()) {
      g.writeStartObject();
      g.writeStringField("id", h.detectorId());
      g.writeStringField("severity", h.severity().name());
      g.writeNumberField("score", h.score());
      g.writeStringField("reason", SecretRedactor.redact(h.reason()));
      writeMap(g, "facts", h.facts(), true);
      g.writeEndObject();
    }
    g.writeEndArray();
    writeAnswersAndActions(g, f);
    g.writeArrayFieldStart("related");
    for (String id : f.related()) {
      g.writeString(id);
    }
    g.writeEndArray();
    g.writeFieldName("command");
    CommandJson.write(g, f.command());
    if (f.correlation() != null) {
      CorrelationJson.writeFields(g, f.correlation());
    } else {
      g.writeNullField("correlation");
      g.writeNullField("correlationNote");
    }
    g.writeEndObject();
  }

  /** The analysis answers and containment actions, shared with the OCSF {@code unmapped} part. */
  static void writeAnswersAndActions(JsonGenerator g, Finding f) throws IOException {
    g.writeArrayFieldStart("answers");
    for (AnalysisAnswer a : f.answers()) {
      g.writeStartObject();
      g.writeStringField("question", a.question());
      g.writeStringField("answer", SecretRedactor.redact(a.answer()));
      if (a.concerning() != null) {
        g.writeBooleanField("concerning", a.concerning());
      } else {
        g.writeNullField("concerning");
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("actions");
    for (ContainmentAction a : f.actions()) {
      g.writeStartObject();
      g.writeStringField("kind", a.kind().name());
      g.writeStringField("cloud", a.cloud() == null ? null : a.cloud().name());
      writeMap(g, "parameters", a.parameters(), false);
      g.writeStringField("why", a.why());
      g.writeStringField("blocked", a.blocked());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  static void writeMap(JsonGenerator g, String field, Map<String, String> map, boolean redact)
      throws IOException {
    g.writeObjectFieldStart(field);
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      g.writeStringField(e.getKey(), redact ? SecretRedactor.redact(e.getValue()) : e.getValue());
    }
    g.writeEndObject();
  }
}
