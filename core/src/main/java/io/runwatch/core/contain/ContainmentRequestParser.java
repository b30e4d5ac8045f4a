package io.runwatch.core.contain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.triage.ContainmentAction;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@link ContainmentRequest} strictly: unknown fields, wrong types and oversized values are
 * errors naming the field, because a typo in {@code confirm} must not pass silently. The request is
 * tiny, so a small tree is read.
 */
public final class ContainmentRequestParser {
  /** Larger bodies are refused before parsing. */
  public static final int MAX_BYTES = 16 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("findingId", "action", "mode", "confirm");
  private static final Set<String> ACTION_FIELDS = Set.of("kind", "cloud", "parameters", "why");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:/@+=-]{1,200}");
  private static final Pattern PARAMETER = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,39}");
  private static final int MAX_VALUE = 2048;

  private ContainmentRequestParser() {}

  public static ContainmentRequest parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw new ContainmentRequestException("(body)", "empty request");
    }
    if (body.length > MAX_BYTES) {
      throw new ContainmentRequestException(
          "(body)", "request of " + body.length + " bytes; at most " + MAX_BYTES);
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ContainmentRequestException(
          "(body)", "not JSON at line " + e.getLocation().getLineNr());
    } catch (IOException e) {
      throw new ContainmentRequestException("(body)", "unreadable");
    }
    if (root == null || !root.isObject()) {
      throw new ContainmentRequestException("(body)", "expected a JSON object");
    }
    unknownFields(root, FIELDS, "");
    String findingId = optionalId(root, "findingId");
    Mode mode = mode(root);
    String confirm = optionalId(root, "confirm");
    ContainmentRequest.ActionRef action = action(root.get("action"));
    if (!(action instanceof ContainmentRequest.Explicit) && findingId == null) {
      throw new ContainmentRequestException(
          "findingId", "required when action is an index or a kind");
    }
    return new ContainmentRequest(findingId, action, mode, confirm);
  }

  private static void unknownFields(JsonNode node, Set<String> allowed, String prefix) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw new ContainmentRequestException(
            prefix + name, "unknown field; expected one of " + allowed.stream().sorted().toList());
      }
    }
  }

  private static String optionalId(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual() || !ID.matcher(n.textValue()).matches()) {
      throw new ContainmentRequestException(
          field, "expected a string of 1 to 200 letters, digits or ._:/@+=-");
    }
    return n.textValue();
  }

  private static Mode mode(JsonNode root) {
    JsonNode n = root.get("mode");
    if (n == null || n.isNull()) {
      return Mode.DRY_RUN;
    }
    if (!n.isTextual()) {
      throw new ContainmentRequestException("mode", "expected dry-run, execute or rollback");
    }
    return Mode.fromWire(n.textValue())
        .orElseThrow(
            () ->
                new ContainmentRequestException(
                    "mode", "expected dry-run, execute or rollback, got " + quote(n.textValue())));
  }

  private static ContainmentRequest.ActionRef action(JsonNode n) {
    if (n == null || n.isNull()) {
      throw new ContainmentRequestException(
          "action", "required: an index into the finding's actions, a kind, or an object");
    }
    if (n.isIntegralNumber()) {
      if (!n.canConvertToInt() || n.intValue() < 0) {
        throw new ContainmentRequestException("action", "index must be 0 or more");
      }
      return new ContainmentRequest.ByIndex(n.intValue());
    }
    if (n.isTextual()) {
      return new ContainmentRequest.ByKind(kind(n.textValue(), "action"));
    }
    if (!n.isObject()) {
      throw new ContainmentRequestException(
          "action", "expected an index, a kind or an object {kind, parameters}");
    }
    unknownFields(n, ACTION_FIELDS, "action.");
    JsonNode kind = n.get("kind");
    if (kind == null || !kind.isTextual()) {
      throw new ContainmentRequestException("action.kind", "required string");
    }
    Cloud cloud = null;
    JsonNode c = n.get("cloud");
    if (c != null && !c.isNull()) {
      try {
        cloud = Cloud.valueOf(c.asText());
      } catch (IllegalArgumentException e) {
        throw new ContainmentRequestException(
            "action.cloud", "expected AWS, AZURE or GCP, got " + quote(c.asText()));
      }
    }
    JsonNode why = n.get("why");
    return new ContainmentRequest.Explicit(
        new ContainmentAction(
            kind(kind.textValue(), "action.kind"),
            cloud,
            parameters(n.get("parameters")),
            why != null && why.isTextual() ? why.textValue() : "explicit request",
            null));
  }

  private static ContainmentAction.Kind kind(String s, String field) {
    try {
      return ContainmentAction.Kind.valueOf(s);
    } catch (IllegalArgumentException e) {
      throw new ContainmentRequestException(
          field,
          "unknown kind "
              + quote(s)
              + "; expected one of "
              + Set.of(ContainmentAction.Kind.values()).stream().map(Enum::name).sorted().toList());
    }
  }

  private static Map<String, String> parameters(JsonNode n) {
    if (n == null || n.isNull()) {
      throw new ContainmentRequestException("action.parameters", "required object");
    }
    if (!n.isObject()) {
      throw new ContainmentRequestException("action.parameters", "expected an object of strings");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String field = "action.parameters." + e.getKey();
      if (!PARAMETER.matcher(e.getKey()).matches()) {
        throw new ContainmentRequestException(field, "parameter names are letters and digits");
      }
      if (!e.getValue().isTextual()) {
        throw new ContainmentRequestException(field, "expected a string");
      }
      if (e.getValue().textValue().length() > MAX_VALUE) {
        throw new ContainmentRequestException(field, "longer than " + MAX_VALUE + " characters");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  /** Quotes a bad value for an error message, shortened: it is the caller's own input. */
  private static String quote(String s) {
    String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
    return "\"" + t.replaceAll("[^\\x20-\\x7e]", "?") + "\"";
  }
}
