package io.runwatch.core.ingest.aws;

import static io.runwatch.core.ingest.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.PrincipalKind;
import java.util.regex.Pattern;

/** Reads CloudTrail's {@code userIdentity} into a {@link Principal}. */
final class CloudTrailPrincipals {
  // An EC2 instance profile's session is named after the instance: a VM issued the call.
  private static final Pattern INSTANCE_SESSION = Pattern.compile("i-[0-9a-fA-F]{8,17}");

  private CloudTrailPrincipals() {}

  static Principal from(JsonNode record) {
    JsonNode identity = record.get("userIdentity");
    if (identity == null || !identity.isObject()) {
      return Principal.UNKNOWN;
    }
    String type = text(identity, "type");
    String arn = text(identity, "arn");
    String keyId = text(identity, "accessKeyId");
    String issuer = text(identity, "sessionContext", "sessionIssuer", "arn");
    String invokedBy = text(identity, "invokedBy");
    if ("AWSService".equals(type)) {
      return new Principal(
          invokedBy != null ? invokedBy : "aws-service",
          invokedBy,
          PrincipalKind.CLOUD_SERVICE,
          null,
          null);
    }
    String id = arn != null ? arn : firstNonNull(text(identity, "principalId"), "unknown");
    if (invokedBy != null || isServiceAddress(text(record, "sourceIPAddress"))) {
      // A service acting with its role (e.g. a Maintenance Window task): not the role's humans.
      return new Principal(
          id, displayName(type, identity, arn), PrincipalKind.CLOUD_SERVICE, issuer, keyId);
    }
    PrincipalKind kind = kind(type, arn, issuer);
    String display =
        kind == PrincipalKind.HUMAN && "AssumedRole".equals(type) && arn != null
            ? ssoDisplayName(arn)
            : displayName(type, identity, arn);
    return new Principal(id, display, kind, issuer, keyId);
  }

  private static PrincipalKind kind(String type, String arn, String issuer) {
    if (type == null) {
      return PrincipalKind.UNKNOWN;
    }
    return switch (type) {
      case "IAMUser",
          "Root",
          "FederatedUser",
          "IdentityCenterUser",
          "SAMLUser",
          "WebIdentityUser" ->
          PrincipalKind.HUMAN;
      case "AssumedRole" -> assumedRoleKind(arn, issuer);
      case "AWSAccount" -> PrincipalKind.ROLE_SESSION;
      default -> PrincipalKind.UNKNOWN;
    };
  }

  private static PrincipalKind assumedRoleKind(String arn, String issuer) {
    String session = sessionName(arn);
    if (session != null && INSTANCE_SESSION.matcher(session).matches()) {
      return PrincipalKind.INSTANCE_IDENTITY;
    }
    if (issuer != null
        && (issuer.contains("/aws-reserved/sso.amazonaws.com/")
            || issuer.contains(":role/AWSReservedSSO_"))) {
      return PrincipalKind.HUMAN; // IAM Identity Center: the session name is the person
    }
    return PrincipalKind.ROLE_SESSION;
  }

  private static String displayName(String type, JsonNode identity, String arn) {
    if ("AssumedRole".equals(type) && arn != null) {
      int slash = arn.indexOf('/');
      return slash > 0 ? arn.substring(slash + 1) : arn; // Role/session
    }
    if ("Root".equals(type)) {
      return "root";
    }
    return firstNonNull(text(identity, "userName"), arn);
  }

  /**
   * An IAM Identity Center session as analysts know it: the person first (the session name is the
   * user name), then the permission set, without the role's random suffix.
   */
  private static String ssoDisplayName(String arn) {
    String session = sessionName(arn);
    String[] parts = arn.split("/");
    String role = parts.length >= 3 ? parts[parts.length - 2] : "";
    String permissionSet =
        role.replaceFirst("^AWSReservedSSO_", "").replaceFirst("_[0-9a-f]{16}$", "");
    return session + " (" + permissionSet + ")";
  }

  static String sessionName(String arn) {
    if (arn == null) {
      return null;
    }
    int slash = arn.lastIndexOf('/');
    return slash > 0 && arn.contains(":assumed-role/") ? arn.substring(slash + 1) : null;
  }

  static boolean isServiceAddress(String sourceIp) {
    return sourceIp != null && sourceIp.endsWith(".amazonaws.com");
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }
}
