package io.runwatch.core.ingest.azure;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.ingest.JsonFields;
import io.runwatch.core.model.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads what ARM said happened to a request. A status it does not know (or none) reads as {@link
 * Outcome#IN_PROGRESS}: it makes no claim the operation ended. A failure is {@link Outcome#DENIED}
 * when any of its codes says RBAC refused it; a refusal by Azure Policy ({@code
 * RequestDisallowedByPolicy}) stays {@link Outcome#FAILED} with that code, as it is governance
 * rather than missing rights.
 */
final class AzureOutcomeReader {
  /** What ARM said and, for a failure, its most specific code. */
  record Reading(Outcome outcome, String errorCode) {}

  private static final Set<String> DENIAL_CODES =
      Set.of("authorizationfailed", "linkedauthorizationfailed", "forbidden", "403");

  /** Status words that name no error, so they never become an error code. */
  private static final Set<String> NOT_CODES =
      Set.of(
          "failed",
          "failure",
          "canceled",
          "cancelled",
          "cancel",
          "succeeded",
          "success",
          "ok",
          "created",
          "accepted",
          "started",
          "start",
          "none");

  private AzureOutcomeReader() {}

  static Reading read(AzureRecord record) {
    Outcome outcome = outcomeOf(record.status());
    if (outcome != Outcome.FAILED) {
      return new Reading(outcome, null);
    }
    List<String> codes = failureCodes(record);
    boolean denied =
        codes.stream().anyMatch(c -> DENIAL_CODES.contains(c.toLowerCase(Locale.ROOT)));
    return new Reading(
        denied ? Outcome.DENIED : Outcome.FAILED, codes.isEmpty() ? null : codes.get(0));
  }

  private static Outcome outcomeOf(String status) {
    if (status == null) {
      return Outcome.IN_PROGRESS;
    }
    return switch (status.trim().toLowerCase(Locale.ROOT)) {
      case "succeeded", "success" -> Outcome.SUCCEEDED;
      case "failed", "failure", "canceled", "cancelled", "cancel" -> Outcome.FAILED;
      default -> Outcome.IN_PROGRESS;
    };
  }

  /** The failure's codes, most specific first: the ARM error body, then the HTTP status words. */
  private static List<String> failureCodes(AzureRecord record) {
    List<String> codes = new ArrayList<>();
    add(codes, errorBodyCode(record.propertyText("statusMessage")));
    add(codes, record.subStatus());
    add(codes, record.propertyText("statusCode"));
    add(codes, record.eventStatus());
    return codes;
  }

  private static void add(List<String> codes, String raw) {
    if (raw == null) {
      return;
    }
    // Diagnostic exports join status and sub-status: "Failed.Forbidden", "Started.".
    String code = raw.trim();
    int dot = code.lastIndexOf('.');
    if (dot >= 0 && dot < code.length() - 1 && !code.contains(" ")) {
      code = code.substring(dot + 1);
    } else if (dot == code.length() - 1) {
      code = code.substring(0, dot);
    }
    if (code.equals("403")) {
      code = "Forbidden";
    }
    if (!code.isEmpty()
        && !NOT_CODES.contains(code.toLowerCase(Locale.ROOT))
        && !codes.contains(code)) {
      codes.add(code);
    }
  }

  /** {@code error.code} of an ARM error body such as {@code {"error":{"code":"Conflict",…}}}. */
  private static String errorBodyCode(String statusMessage) {
    JsonNode body = RequestBodies.parseJson(statusMessage);
    String code = JsonFields.text(body, "error", "code");
    return code != null ? code : JsonFields.text(body, "code");
  }
}
