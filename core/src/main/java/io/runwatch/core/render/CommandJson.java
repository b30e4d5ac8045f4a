package io.runwatch.core.render;

import com.fasterxml.jackson.core.JsonGenerator;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.VmRef;
import java.io.IOException;
import java.time.format.DateTimeFormatter;

/**
 * Writes an {@link AdminCommand} as runwatch's stable JSON object (schema in the README). Written
 * field by field, not by reflection, so that renaming a Java field can never change the output
 * consumers parse. Absent values are written as JSON null so every key is always present.
 */
public final class CommandJson {
  private CommandJson() {}

  public static void write(JsonGenerator g, AdminCommand c) throws IOException {
    g.writeStartObject();
    writeFields(g, c);
    g.writeEndObject();
  }

  /** The command's fields, inside an object the caller opened (to add its own fields). */
  public static void writeFields(JsonGenerator g, AdminCommand c) throws IOException {
    g.writeStringField("cloud", c.cloud().name());
    g.writeStringField("account", c.account());
    g.writeStringField("region", c.region());
    g.writeStringField("operation", c.operation().name());
    g.writeStringField("eventName", c.eventName());
    writePrincipal(g, c.principal());
    g.writeStringField("sourceIp", c.sourceIp());
    g.writeStringField("userAgent", c.userAgent());
    g.writeArrayFieldStart("targets");
    for (VmRef vm : c.targets()) {
      g.writeStartObject();
      g.writeStringField("id", vm.id());
      g.writeStringField("name", vm.name());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("targetSelector", c.targetSelector());
    if (c.targetCount() != null) {
      g.writeNumberField("targetCount", c.targetCount());
    } else {
      g.writeNullField("targetCount");
    }
    g.writeStringField("commandId", c.commandId());
    g.writeStringField("document", c.document());
    g.writeStringField("content", SecretRedactor.redact(c.content()));
    g.writeStringField("contentSha256", c.contentSha256());
    g.writeStringField("outcome", c.outcome().name());
    g.writeStringField("errorCode", c.errorCode());
    g.writeStringField("time", DateTimeFormatter.ISO_INSTANT.format(c.time()));
    g.writeStringField("eventId", c.eventId());
    if (c.origin() != null) {
      g.writeObjectFieldStart("origin");
      g.writeStringField("source", c.origin().source());
      g.writeNumberField("index", c.origin().index());
      g.writeEndObject();
    } else {
      g.writeNullField("origin");
    }
  }

  private static void writePrincipal(JsonGenerator g, Principal p) throws IOException {
    g.writeObjectFieldStart("principal");
    g.writeStringField("id", p.id());
    g.writeStringField("displayName", p.displayName());
    g.writeStringField("kind", p.kind().name());
    g.writeStringField("issuer", p.issuer());
    g.writeStringField("credentialId", p.credentialId());
    g.writeEndObject();
  }
}
