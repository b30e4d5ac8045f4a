package io.runwatch.core.contain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS rule: a verified caller is a responder when its assumed-role session belongs to one of the
 * configured roles. A session ARN ({@code arn:aws:sts::ACCT:assumed-role/ROLE/session}) carries no
 * role path, so partition, account and role name are compared with the role ARN's ({@code
 * arn:aws:iam::ACCT:role/[path/]ROLE}). Role names are unique per account whatever their path.
 *
 * <p>Unverified callers that came by direct Lambda invoke (where AWS does not say who invoked) may
 * only dry run: seeing a plan changes nothing, and invoking already needs {@code
 * lambda:InvokeFunction}. Other unverified callers (a function URL without IAM auth) get nothing.
 * IAM users and root are never responders: a stolen long-term key must not contain anything.
 */
public final class AwsResponderRoles implements CallerAuthorization {
  private static final Pattern ROLE =
      Pattern.compile(
          "arn:(aws[a-z-]*):iam::(\\d{12}):role/(?:[\\w+=,.@/-]*/)?([\\w+=,.@-]{1,64})");
  private static final Pattern SESSION =
      Pattern.compile("arn:(aws[a-z-]*):sts::(\\d{12}):assumed-role/([\\w+=,.@-]{1,64})/[^/]+");

  private record Role(String arn, String partition, String account, String name) {}

  private final List<Role> roles;

  private AwsResponderRoles(List<Role> roles) {
    this.roles = List.copyOf(roles);
  }

  /**
   * @param arns the configured role ARNs ({@code RUNWATCH_RESPONDER_ROLES}), at least one
   * @throws IllegalArgumentException naming the first entry that is not an IAM role ARN
   */
  public static AwsResponderRoles of(List<String> arns) {
    List<Role> roles = new ArrayList<>();
    for (int i = 0; i < arns.size(); i++) {
      String arn = arns.get(i).strip();
      Matcher m = ROLE.matcher(arn);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "responder role #"
                + (i + 1)
                + " is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/[path/]NAME): "
                + arn);
      }
      roles.add(new Role(arn, m.group(1), m.group(2), m.group(3)));
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("no responder role configured");
    }
    return new AwsResponderRoles(roles);
  }

  @Override
  public Verdict authorize(Caller caller, boolean changes) {
    if (!caller.verified() && !Caller.LAMBDA_INVOKE.equals(caller.via())) {
      return Verdict.refuse("caller not authenticated (" + caller.via() + ")");
    }
    if (!caller.verified()) {
      return changes
          ? Verdict.refuse(
              "caller not verified ("
                  + caller.via()
                  + "): only dry-run; execute and rollback go through the function URL with"
                  + " AWS_IAM auth from a responder role")
          : Verdict.allow("dry-run by an unverified caller (" + caller.via() + ")");
    }
    Matcher m = SESSION.matcher(caller.id());
    if (!m.matches()) {
      return Verdict.refuse("caller is not an assumed-role session of a responder role");
    }
    for (Role r : roles) {
      if (r.partition.equals(m.group(1))
          && r.account.equals(m.group(2))
          && r.name.equals(m.group(3))) {
        return Verdict.allow("responder role " + r.arn);
      }
    }
    return Verdict.refuse("caller's role is not a responder role");
  }

  @Override
  public boolean isResponder(String principalId) {
    if (principalId == null) {
      return false;
    }
    Matcher session = SESSION.matcher(principalId);
    Matcher role = ROLE.matcher(principalId);
    Matcher m = session.matches() ? session : role.matches() ? role : null;
    if (m == null) {
      return false;
    }
    return roles.stream()
        .anyMatch(
            r ->
                r.partition.equals(m.group(1))
                    && r.account.equals(m.group(2))
                    && r.name.equals(m.group(3)));
  }
}
