package io.runwatch.core.contain;

import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.PrincipalKind;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.policy.PrincipalMatcher;
import io.runwatch.core.triage.ContainmentAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether an action aims at a principal that must never be contained by runwatch: marked {@code
 * blocked} by triage, protected by the policy in force now (it may have changed since the finding),
 * or one of the responder roles (containing them would lock the responders out mid-incident).
 * Explicit actions carry no {@code blocked} mark, so the policy check is what guards them.
 */
final class ProtectedTargets {
  private final Policy policy;
  private final CallerAuthorization authorization;

  ProtectedTargets(Policy policy, CallerAuthorization authorization) {
    this.policy = policy;
    this.authorization = authorization;
  }

  /** Why {@code action} must be refused, or empty. */
  Optional<String> refusal(ContainmentAction action, Cloud cloud) {
    if (action.blocked() != null && !action.blocked().isBlank()) {
      return Optional.of("action is blocked: " + action.blocked());
    }
    String account = action.parameters().get("account");
    for (Principal p : principals(action)) {
      for (PrincipalMatcher m : policy.protectedPrincipals()) {
        if (m.matches(cloud, account, p)) {
          return Optional.of("principal is protected by policy (" + m.pattern() + ")");
        }
      }
      if (authorization.isResponder(p.id())) {
        return Optional.of(
            "principal is a responder role: containing it would lock out responders");
      }
    }
    return Optional.empty();
  }

  /** The principals an action names: the principal itself and the role it was issued from. */
  private static List<Principal> principals(ContainmentAction a) {
    List<Principal> out = new ArrayList<>();
    String name = first(a, "userName", "sessionName", "serviceAccount", "userPrincipalName");
    add(out, a.parameters().get("principal"), name);
    add(out, a.parameters().get("roleArn"), a.parameters().get("roleName"));
    add(out, a.parameters().get("serviceAccount"), null);
    add(out, a.parameters().get("objectId"), a.parameters().get("appId"));
    return out;
  }

  private static void add(List<Principal> out, String id, String displayName) {
    if (id != null && !id.isBlank()) {
      out.add(new Principal(id, displayName, PrincipalKind.UNKNOWN, null, null));
    }
  }

  private static String first(ContainmentAction a, String... keys) {
    for (String k : keys) {
      String v = a.parameters().get(k);
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
