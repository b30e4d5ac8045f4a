package io.runwatch.aws.contain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The inline deny policies containment writes. IAM returns policy documents URL-encoded (RFC 3986)
 * from GetUserPolicy/GetRolePolicy, so reading decodes first.
 */
final class DenyPolicies {
  static final String DENY_ALL_NAME = "runwatch-deny-all";
  static final String REVOKE_NAME = "runwatch-revoke-older-sessions";

  static final String DENY_ALL =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"RunwatchDenyAll\",\"Effect\":\"Deny\","
          + "\"Action\":\"*\",\"Resource\":\"*\"}]}";

  private static final ObjectMapper JSON = new ObjectMapper();

  private DenyPolicies() {}

  /**
   * Deny everything to sessions issued before {@code cutoff}, as the console's "Revoke active
   * sessions".
   */
  static String revokeOlderSessions(Instant cutoff) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"RunwatchRevokeOlderSessions\","
        + "\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":"
        + "{\"aws:TokenIssueTime\":\""
        + cutoff
        + "\"}}}]}";
  }

  static String decode(String fromIam) {
    return fromIam == null ? null : URLDecoder.decode(fromIam, StandardCharsets.UTF_8);
  }

  /** Same JSON, whatever the spacing and key order. */
  static boolean sameDocument(String a, String b) {
    try {
      return a != null && b != null && JSON.readTree(a).equals(JSON.readTree(b));
    } catch (IOException e) {
      return false;
    }
  }

  /** The cutoff in a revoke policy we wrote, or null when the document is not one. */
  static Instant cutoffOf(String document) {
    try {
      JsonNode t =
          JSON.readTree(document)
              .path("Statement")
              .path(0)
              .path("Condition")
              .path("DateLessThan")
              .path("aws:TokenIssueTime");
      return t.isTextual() ? Instant.parse(t.textValue()) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
