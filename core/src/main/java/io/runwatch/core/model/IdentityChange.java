package io.runwatch.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A change to an identity that can precede misuse: new credentials, new permissions, a sign-in from
 * a new place. Read from the same control-plane logs as the admin commands.
 *
 * @param subject the principal whose identity changed (user, role, service account), as the
 *     commands' {@link Principal#id()} would name it when possible
 * @param actor who made the change
 * @param detail what changed (the policy, role or key id), for the analyst
 */
public record IdentityChange(
    Cloud cloud,
    String account,
    String subject,
    String actor,
    Kind kind,
    Instant time,
    String detail,
    String eventId,
    RecordRef origin) {

  /** The kinds of change that matter before an admin command. */
  public enum Kind {
    ACCESS_KEY_CREATED,
    LOGIN_PROFILE_CHANGED,
    POLICY_CHANGED,
    ROLE_ASSIGNED,
    TRUST_CHANGED,
    SERVICE_ACCOUNT_KEY_CREATED,
    MFA_CHANGED,
    SIGN_IN
  }

  public IdentityChange {
    Objects.requireNonNull(cloud, "cloud");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(time, "time");
  }
}
