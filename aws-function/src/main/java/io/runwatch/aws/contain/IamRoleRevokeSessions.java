package io.runwatch.aws.contain;

import io.runwatch.core.contain.Change;
import io.runwatch.core.contain.ContainmentException;
import io.runwatch.core.contain.Direction;
import io.runwatch.core.contain.Plan;
import io.runwatch.core.triage.ContainmentAction;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * REVOKE_SESSIONS for a role: the inline policy {@code runwatch-revoke-older-sessions} denies
 * everything to sessions whose {@code aws:TokenIssueTime} is before the cutoff, which is what the
 * IAM console's "Revoke active sessions" attaches (as {@code AWSRevokeOlderSessions}); see
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html. New sessions
 * keep working, so the role's legitimate users re-authenticate.
 *
 * <p>The cutoff is the action's {@code tokenIssuedBefore} (triage puts the detection time there):
 * fixed, so the dry run and the execute hash the same plan. A revocation never narrows: an existing
 * later cutoff is kept and reported in place. IAM Identity Center roles ({@code AWSReservedSSO_})
 * and service-linked roles cannot be edited and are refused with what to do instead.
 */
final class IamRoleRevokeSessions implements Step {
  private final ContainmentClients clients;

  IamRoleRevokeSessions(ContainmentClients clients) {
    this.clients = clients;
  }

  @Override
  public Plan plan(ContainmentAction a) {
    String role = role(a);
    Instant cutoff = cutoff(a);
    String existing = policy(role);
    Instant existingCutoff = existing == null ? null : DenyPolicies.cutoffOf(existing);
    boolean covered = existingCutoff != null && !existingCutoff.isBefore(cutoff);
    String after = DenyPolicies.revokeOlderSessions(covered ? existingCutoff : cutoff);
    Change put =
        Change.of("iam:PutRolePolicy", role, "policy:" + DenyPolicies.REVOKE_NAME, existing, after)
            .inPlace(covered);
    return new Plan(
        a,
        Direction.CONTAIN,
        List.of(put),
        List.of(
            "sessions of role "
                + role
                + " issued before "
                + (covered ? existingCutoff : cutoff)
                + " are denied everything; sessions issued later keep working",
            "IAM policy changes can take a few seconds to apply everywhere"));
  }

  @Override
  public Optional<Plan> rollback(ContainmentAction a) {
    String role = role(a);
    String existing = policy(role);
    return Optional.of(
        new Plan(
            a,
            Direction.ROLLBACK,
            List.of(
                Change.of(
                    "iam:DeleteRolePolicy",
                    role,
                    "policy:" + DenyPolicies.REVOKE_NAME,
                    existing == null ? null : "present",
                    null)),
            List.of()));
  }

  @Override
  public String apply(ContainmentAction a, Change c) {
    switch (c.api()) {
      case "iam:PutRolePolicy" ->
          clients
              .iam()
              .putRolePolicy(
                  b ->
                      b.roleName(c.resource())
                          .policyName(DenyPolicies.REVOKE_NAME)
                          .policyDocument(c.after()));
      case "iam:DeleteRolePolicy" ->
          clients
              .iam()
              .deleteRolePolicy(b -> b.roleName(c.resource()).policyName(DenyPolicies.REVOKE_NAME));
      default -> throw new IllegalStateException("not a role change: " + c.api());
    }
    return null;
  }

  private static String role(ContainmentAction a) {
    String name = Params.required(a, "roleName");
    String arn = a.parameters().getOrDefault("roleArn", "");
    if (name.startsWith("AWSReservedSSO_") || arn.contains("/aws-reserved/sso.amazonaws.com/")) {
      throw ContainmentException.unsupported(
          "iam:PutRolePolicy",
          "IAM Identity Center roles cannot be edited: revoke the permission set sessions in IAM"
              + " Identity Center and disable the user there");
    }
    if (arn.contains(":role/aws-service-role/")) {
      throw ContainmentException.unsupported(
          "iam:PutRolePolicy", "service-linked roles' sessions cannot be revoked");
    }
    return name;
  }

  private static Instant cutoff(ContainmentAction a) {
    String t = Params.required(a, "tokenIssuedBefore");
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      throw ContainmentException.invalid("tokenIssuedBefore", "not an ISO-8601 instant");
    }
  }

  private String policy(String role) {
    try {
      return DenyPolicies.decode(
          clients
              .iam()
              .getRolePolicy(b -> b.roleName(role).policyName(DenyPolicies.REVOKE_NAME))
              .policyDocument());
    } catch (NoSuchEntityException e) {
      return null;
    } catch (SdkException e) {
      throw AwsFailures.exception("iam:GetRolePolicy", role, e);
    }
  }
}
