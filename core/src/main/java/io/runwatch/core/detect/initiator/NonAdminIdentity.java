package io.runwatch.core.detect.initiator;

import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.Detector;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.model.PrincipalKind;
import io.runwatch.core.policy.ApprovedAutomation;
import io.runwatch.core.policy.Policy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code RW-NON-ADMIN-IDENTITY}: a workload identity, not a person, runs an admin command.
 *
 * <ul>
 *   <li>{@link PrincipalKind#INSTANCE_IDENTITY}: a VM's own credentials issuing commands to VMs is
 *       a pivot. Fires even when the principal is declared in {@code policy.admins()}, and at least
 *       HIGH whatever the policy's severity override says; quiet only when an approved automation
 *       whose principal it is allows this very command ({@link ApprovedAutomation#allows}:
 *       operation, document and targets within its scope).
 *   <li>{@link PrincipalKind#SERVICE_ACCOUNT} and {@link PrincipalKind#ROLE_SESSION} (CI roles,
 *       Lambda or Function identities, GCP service accounts, Azure managed identities and app
 *       principals): fire unless declared in {@code policy.admins()} or as the principal of an
 *       approved automation ({@link ApprovedAutomation#isPrincipalOf}; whether the automation stays
 *       within its declared scope is judged elsewhere).
 *   <li>{@link PrincipalKind#HUMAN}, {@link PrincipalKind#CLOUD_SERVICE} and {@link
 *       PrincipalKind#UNKNOWN} never fire: unknown is not evidence of a workload.
 * </ul>
 *
 * <p>Score: by kind, {@code INSTANCE_IDENTITY 90}, {@code SERVICE_ACCOUNT 70}, {@code ROLE_SESSION
 * 60}; minus 20 when the control plane denied or failed the request (an attempt, nothing ran).
 */
public final class NonAdminIdentity implements Detector {
  public static final String ID = "RW-NON-ADMIN-IDENTITY";

  public NonAdminIdentity() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Admin command run by a workload identity that is not a declared administrator";
  }

  @Override
  public String attack() {
    return "TA0002:T1651";
  }

  @Override
  public Severity defaultSeverity() {
    return Severity.HIGH;
  }

  @Override
  public String falsePositives() {
    return "Deployment pipelines, configuration management and patching tools that run as a CI"
        + " role, a service account or a managed identity but are not yet declared in the policy"
        + " as admins or approved automation. Benign when the identity belongs to a known pipeline"
        + " and the document and targets match its job; a VM's own identity (instance profile,"
        + " VM managed identity, compute service account) commanding other VMs is rarely benign.";
  }

  @Override
  public String triageNote() {
    return "Find what the identity belongs to (the role's or service account's owner, the VM"
        + " behind an instance identity) and whether that workload is supposed to run commands"
        + " on VMs. For an instance identity, treat the source VM as possibly compromised: check"
        + " its own recent commands and processes. If the workload is legitimate, declare it as"
        + " approved automation with its documents and targets.";
  }

  @Override
  public Optional<DetectorHit> evaluate(DetectionContext context) {
    AdminCommand c = context.command();
    Policy policy = context.policy();
    PrincipalKind kind = c.principal().kind();
    int base;
    String what;
    switch (kind) {
      case INSTANCE_IDENTITY -> {
        if (policy.automation().stream().anyMatch(a -> a.allows(c))) {
          return Optional.empty();
        }
        base = 90;
        what = "the identity of a VM";
      }
      case SERVICE_ACCOUNT -> {
        if (declared(policy, c)) {
          return Optional.empty();
        }
        base = 70;
        what = "a service account or application identity";
      }
      case ROLE_SESSION -> {
        if (declared(policy, c)) {
          return Optional.empty();
        }
        base = 60;
        what = "a role session that names no person";
      }
      default -> {
        return Optional.empty();
      }
    }
    boolean attempt = c.outcome() == Outcome.DENIED || c.outcome() == Outcome.FAILED;
    int score = base - (attempt ? 20 : 0);
    Severity severity = policy.severityOf(ID, defaultSeverity());
    if (kind == PrincipalKind.INSTANCE_IDENTITY && !severity.atLeast(Severity.HIGH)) {
      severity = Severity.HIGH;
    }
    List<ApprovedAutomation> automation = policy.automationOf(c);
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("principal", c.principal().id());
    facts.put("kind", kind.name());
    facts.put("outcome", c.outcome().name());
    facts.put("declaredAdmin", Boolean.toString(policy.isAdmin(c)));
    facts.put(
        "automation", String.join(",", automation.stream().map(ApprovedAutomation::name).toList()));
    if (c.principal().issuer() != null) {
      facts.put("issuer", c.principal().issuer());
    }
    StringBuilder reason =
        new StringBuilder()
            .append(operationName(c))
            .append(attempt ? " attempted by " : " by ")
            .append(c.principal().displayName())
            .append(", ")
            .append(what);
    if (kind == PrincipalKind.INSTANCE_IDENTITY) {
      reason.append(": a VM commanding VMs is a pivot");
      if (!automation.isEmpty()) {
        reason.append(" (approved automation ").append(facts.get("automation"));
        reason.append(" does not cover this command)");
      } else if (policy.isAdmin(c)) {
        reason.append(" (declared admin, which does not make a VM's identity safe)");
      }
    } else {
      reason.append(", not declared as an admin or approved automation");
    }
    if (c.principal().issuer() != null) {
      reason.append("; issued from ").append(c.principal().issuer());
    }
    return Optional.of(new DetectorHit(ID, severity, score, reason.toString(), facts));
  }

  private static boolean declared(Policy policy, AdminCommand c) {
    return policy.isAdmin(c) || !policy.automationOf(c).isEmpty();
  }

  static String operationName(AdminCommand c) {
    return c.eventName() != null ? c.eventName() : c.operation().name();
  }
}
