package io.runwatch.core.model;

import java.util.Objects;

/**
 * The initiator of an admin command.
 *
 * @param id stable identifier used for baselines (ARN, UPN or object id, e-mail)
 * @param displayName what an analyst recognizes (user name, session name); may equal {@code id}
 * @param kind human, role session, service account, cloud service or instance identity
 * @param issuer the identity the session was issued from (AWS role ARN, GCP impersonated-from
 *     chain, Azure application id), or {@code null}
 * @param credentialId the credential used (AWS access key id), or {@code null}
 */
public record Principal(
    String id, String displayName, PrincipalKind kind, String issuer, String credentialId) {

  public static final Principal UNKNOWN =
      new Principal("unknown", "unknown", PrincipalKind.UNKNOWN, null, null);

  public Principal {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    displayName = displayName == null ? id : displayName;
  }
}
