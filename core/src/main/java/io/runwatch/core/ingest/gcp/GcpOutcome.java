package io.runwatch.core.ingest.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.ingest.JsonFields;
import io.runwatch.core.model.Outcome;

/**
 * What the control plane said happened, from {@code protoPayload.status} (a {@code
 * google.rpc.Status}) and the entry's {@code operation} flags.
 *
 * @param errorCode the gRPC code name when the status is not OK
 */
record GcpOutcome(Outcome outcome, String errorCode) {
  // google.rpc.Code, indexed by number.
  private static final String[] CODE_NAMES = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED"
  };
  private static final int PERMISSION_DENIED = 7;
  private static final int UNAUTHENTICATED = 16;

  static GcpOutcome of(JsonNode entry, JsonNode protoPayload) {
    Integer code = JsonFields.integer(protoPayload, "status", "code");
    int c = code == null ? 0 : code;
    String errorCode = c == 0 ? null : codeName(c);
    if (c == PERMISSION_DENIED || c == UNAUTHENTICATED || anyGrantRefused(protoPayload)) {
      return new GcpOutcome(Outcome.DENIED, errorCode);
    }
    if (c != 0) {
      return new GcpOutcome(Outcome.FAILED, errorCode);
    }
    // Long-running calls log once when they start (first) and once when they end (last); a start
    // alone says nothing about how it ended.
    JsonNode operation = JsonFields.at(entry, "operation");
    boolean startOnly =
        ProtoJson.isTrue(operation, "first") && !ProtoJson.isTrue(operation, "last");
    return new GcpOutcome(startOnly ? Outcome.IN_PROGRESS : Outcome.SUCCEEDED, null);
  }

  static String codeName(int code) {
    return code >= 0 && code < CODE_NAMES.length ? CODE_NAMES[code] : "CODE_" + code;
  }

  /**
   * Whether an authorization check says {@code granted: false}. Only an explicit false counts:
   * proto3 JSON omits false booleans, but exports and forwarders differ on whether an absent {@code
   * granted} means false or unknown, and a refusal also shows in the status code.
   */
  private static boolean anyGrantRefused(JsonNode protoPayload) {
    JsonNode checks = JsonFields.at(protoPayload, "authorizationInfo");
    if (checks == null || !checks.isArray()) {
      return false;
    }
    for (JsonNode check : checks) {
      JsonNode granted = check.get("granted");
      if (granted != null && granted.isBoolean() && !granted.booleanValue()) {
        return true;
      }
    }
    return false;
  }
}
