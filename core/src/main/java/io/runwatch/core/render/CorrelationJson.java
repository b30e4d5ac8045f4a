package io.runwatch.core.render;

import com.fasterxml.jackson.core.JsonGenerator;
import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.correlate.Correlator;
import io.runwatch.core.correlate.Evidence;
import io.runwatch.core.correlate.OrphanExecution;
import io.runwatch.core.correlate.TargetCorrelation;
import io.runwatch.core.model.HostExecution;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.Collection;

/** Writes correlation results as runwatch's stable JSON (schema in the README). */
public final class CorrelationJson {
  private CorrelationJson() {}

  /** The {@code correlation} array and {@code correlationNote} of a command's object. */
  public static void writeFields(JsonGenerator g, CommandCorrelation cc) throws IOException {
    g.writeArrayFieldStart("correlation");
    for (TargetCorrelation t : cc.targets()) {
      g.writeStartObject();
      g.writeStringField("target", t.vm());
      g.writeStringField("name", t.name());
      g.writeStringField("status", t.status().name());
      g.writeBooleanField("settled", t.settled());
      g.writeStringField("agentStatus", t.agentStatus());
      g.writeArrayFieldStart("evidence");
      for (Evidence e : t.evidence()) {
        writeEvidence(g, e);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("correlationNote", cc.note());
  }

  public static void writeOrphan(JsonGenerator g, OrphanExecution o) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "orphan_execution");
    g.writeStringField("vm", o.vm());
    g.writeStringField("host", o.host());
    g.writeStringField("mechanism", o.mechanismId());
    g.writeStringField("commandId", o.commandId());
    g.writeStringField("time", iso(o.evidence().get(0).execution()));
    g.writeArrayFieldStart("evidence");
    for (Evidence e : o.evidence()) {
      writeEvidence(g, e);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  public static void writeCoverage(
      JsonGenerator g, Correlator.CoverageLine c, Collection<String> unmappedHosts)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "coverage");
    g.writeStringField("cloud", c.cloud());
    g.writeStringField("account", c.account());
    g.writeNumberField("targets", c.targets());
    g.writeNumberField("confirmed", c.confirmed());
    g.writeNumberField("agentReported", c.agentReported());
    g.writeNumberField("notObserved", c.notObserved());
    g.writeNumberField("blindSpots", c.blindSpots());
    g.writeArrayFieldStart("blindVms");
    for (String vm : c.blindVms()) {
      g.writeString(vm);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("unmappedHosts");
    for (String h : unmappedHosts) {
      g.writeString(h);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writeEvidence(JsonGenerator g, Evidence e) throws IOException {
    g.writeStartObject();
    g.writeStringField("mechanism", e.mechanismId());
    g.writeStringField("commandId", e.commandId());
    g.writeStringField("vm", e.vm());
    writeExecutionFields(g, e.execution());
    g.writeArrayFieldStart("children");
    for (HostExecution child : e.children()) {
      g.writeStartObject();
      writeExecutionFields(g, child);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writeExecutionFields(JsonGenerator g, HostExecution x) throws IOException {
    g.writeStringField("time", iso(x));
    g.writeStringField("host", x.host());
    if (x.pid() != null) {
      g.writeNumberField("pid", x.pid());
    } else {
      g.writeNullField("pid");
    }
    if (x.ppid() != null) {
      g.writeNumberField("ppid", x.ppid());
    } else {
      g.writeNullField("ppid");
    }
    g.writeStringField("image", x.image());
    g.writeStringField("commandLine", SecretRedactor.redact(x.commandLine()));
    g.writeStringField("user", x.user());
    g.writeStringField("parentImage", x.parentImage());
    g.writeStringField("format", x.format().name());
    g.writeStringField(
        "source", x.origin() == null ? null : x.origin().source() + "#" + x.origin().index());
  }

  private static String iso(HostExecution x) {
    return DateTimeFormatter.ISO_INSTANT.format(x.time());
  }
}
