package io.runwatch.aws;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.runwatch.core.contain.Caller;
import io.runwatch.core.contain.ContainmentJson;
import io.runwatch.core.contain.ContainmentResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The containment function's JSON: the full answer, the SNS summary and the log line. */
final class ContainJson {
  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private ContainJson() {}

  static byte[] answer(ContainmentResponse r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      ContainmentJson.write(g, r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A function URL response (payload 2.0) carrying {@code body}. */
  static void functionUrlResponse(int status, byte[] body, OutputStream out) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeNumberField("statusCode", status);
      g.writeObjectFieldStart("headers");
      g.writeStringField("content-type", "application/json");
      g.writeEndObject();
      g.writeStringField("body", new String(body, StandardCharsets.UTF_8));
      g.writeBooleanField("isBase64Encoded", false);
      g.writeEndObject();
    }
  }

  static String summary(Caller caller, ContainmentResponse r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("kind", "containment-audit");
      g.writeStringField("decision", r.decision().name());
      g.writeStringField("mode", r.mode() == null ? null : r.mode().wire());
      g.writeStringField("action", r.action());
      g.writeStringField("findingId", r.findingId());
      g.writeStringField("caller", caller.id());
      g.writeStringField("via", caller.via());
      g.writeStringField("planId", r.planId());
      g.writeStringField("auditId", r.auditId());
      g.writeStringField("reason", r.reason());
      g.writeNumberField("changes", r.plan() == null ? 0 : r.plan().changes().size());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The log line: kinds and counts only, never ARNs, ids or instance names. */
  static String logLine(Caller caller, ContainmentResponse r, boolean noticeSent) {
    return "{\"handler\":\"ContainHandler\",\"decision\":\""
        + r.decision()
        + "\",\"mode\":\""
        + (r.mode() == null ? "unknown" : r.mode().wire())
        + "\",\"action\":\""
        + (r.action() != null && r.action().matches("[A-Z_]+") ? r.action() : "unresolved")
        + "\",\"via\":\""
        + caller.via()
        + "\",\"verified\":"
        + caller.verified()
        + ",\"changes\":"
        + (r.plan() == null ? 0 : r.plan().changes().size())
        + ",\"notice\":"
        + noticeSent
        + "}";
  }
}
