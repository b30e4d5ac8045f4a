package io.runwatch.core.ingest.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.ingest.JsonFields;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.PrincipalKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads who made a call from {@code protoPayload.authenticationInfo}. */
final class GcpPrincipals {
  // Google-managed service agents: service-PROJECT_NUMBER@gcp-sa-NAME.iam.gserviceaccount.com and
  // the older service-N@compute-system / container-engine-robot domains.
  private static final Pattern SERVICE_AGENT =
      Pattern.compile("service-\\d+@[a-z0-9-]+\\.iam\\.gserviceaccount\\.com");

  private GcpPrincipals() {}

  static Principal of(JsonNode protoPayload) {
    JsonNode auth = JsonFields.at(protoPayload, "authenticationInfo");
    String email = JsonFields.text(auth, "principalEmail");
    // principalEmail is redacted or absent for some callers (federated identities, callers
    // outside the organization that were denied); the subject still says who it was.
    String id =
        email != null ? email : withoutMemberPrefix(JsonFields.text(auth, "principalSubject"));
    if (id == null) {
      return Principal.UNKNOWN;
    }
    boolean fromVpc = JsonFields.text(protoPayload, "requestMetadata", "callerNetwork") != null;
    return new Principal(
        id,
        id,
        kindOf(id, fromVpc),
        delegationChain(auth),
        JsonFields.text(auth, "serviceAccountKeyName"));
  }

  /**
   * What kind of identity {@code id} is. A service account calling from a VPC network of the
   * organization is taken to be a VM's attached identity: commands it issues are a pivot.
   */
  static PrincipalKind kindOf(String id, boolean callerHasNetwork) {
    String lower = id.toLowerCase(Locale.ROOT);
    if (lower.startsWith("system:")
        || lower.endsWith("@cloudservices.gserviceaccount.com")
        || SERVICE_AGENT.matcher(lower).matches()) {
      return PrincipalKind.CLOUD_SERVICE;
    }
    if (lower.endsWith(".gserviceaccount.com")) {
      return callerHasNetwork ? PrincipalKind.INSTANCE_IDENTITY : PrincipalKind.SERVICE_ACCOUNT;
    }
    if (lower.contains("/workloadidentitypools/")) {
      return PrincipalKind.SERVICE_ACCOUNT;
    }
    if (lower.contains("/workforcepools/") || lower.contains("@")) {
      return PrincipalKind.HUMAN;
    }
    return PrincipalKind.UNKNOWN;
  }

  /** {@code user:a@b} and {@code serviceAccount:a@b} name the same identity as {@code a@b}. */
  private static String withoutMemberPrefix(String subject) {
    if (subject == null) {
      return null;
    }
    for (String prefix : List.of("user:", "serviceAccount:")) {
      if (subject.startsWith(prefix)) {
        return subject.substring(prefix.length());
      }
    }
    return subject;
  }

  /**
   * The identities that impersonated the caller, oldest first ("sorted based on the original
   * ordering of the identity delegation events", per the AuditLog reference).
   */
  private static String delegationChain(JsonNode auth) {
    JsonNode delegations = JsonFields.at(auth, "serviceAccountDelegationInfo");
    List<String> chain = new ArrayList<>();
    if (delegations != null && delegations.isArray()) {
      for (JsonNode d : delegations) {
        String email = JsonFields.text(d, "firstPartyPrincipal", "principalEmail");
        if (email != null) {
          chain.add(email);
        }
      }
    }
    return chain.isEmpty() ? null : String.join(" > ", chain);
  }
}
