package io.runwatch.core.detect.initiator;

import io.runwatch.core.baseline.Baseline;
import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.Detector;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.PrincipalKind;
import io.runwatch.core.model.VmRef;
import io.runwatch.core.policy.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code RW-FIRST-SEEN-INITIATOR}: a principal runs an admin command in a scope (account,
 * subscription, project) where the baseline has never seen it run one, or on a VM it has never run
 * one on before. Both reasons go into one hit.
 *
 * <p>Fires with the default severity (MEDIUM) when the baseline has no profile for the principal;
 * with LOW when the principal is known in the scope and only some named target VMs are new to it
 * ({@link Baseline#hasRunOn}). A severity override in the policy replaces both.
 *
 * <p>Stays quiet:
 *
 * <ul>
 *   <li>when the baseline has seen no command at all in the scope: with no history, nothing can be
 *       "first" (a fresh deployment would otherwise flag every principal and every VM);
 *   <li>for approved automation acting within its declared scope ({@link
 *       io.runwatch.core.policy.ApprovedAutomation#allows});
 *   <li>for {@link PrincipalKind#CLOUD_SERVICE} principals (the provider acting for itself).
 * </ul>
 *
 * <p>Score: {@code 60 + min(30, 10 × newVms)} for a principal new in the scope, {@code 20 + min(20,
 * 5 × newVms)} for a known principal on {@code newVms ≥ 1} new VMs, where {@code newVms} is the
 * number of named targets the principal has not run on before (selector-only commands name none, so
 * a new principal scores 60 there).
 */
public final class FirstSeenInitiator implements Detector {
  public static final String ID = "RW-FIRST-SEEN-INITIATOR";

  /** How many new VMs the reason names before summarizing the rest (the facts list them all). */
  private static final int LISTED = 5;

  public FirstSeenInitiator() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "First admin command by this principal in the account, or first on this VM";
  }

  @Override
  public String attack() {
    return "TA0002:T1651";
  }

  @Override
  public Severity defaultSeverity() {
    return Severity.MEDIUM;
  }

  @Override
  public String falsePositives() {
    return "A new administrator, a newly created CI role or automation that is not yet declared in"
        + " the policy, an existing admin working on a newly built VM, or an admin covering for a"
        + " colleague. Benign when the principal is a known person or pipeline whose onboarding or"
        + " change ticket matches the time and the targets.";
  }

  @Override
  public String triageNote() {
    return "Identify who is behind the principal (user, role session name, service account owner)"
        + " and ask them or their team whether they ran it. Check for recent identity changes to"
        + " the principal (new keys, role assignments), whether the source IP is expected, and"
        + " what the command ran. If it is legitimate automation, declare it in the policy.";
  }

  @Override
  public Optional<DetectorHit> evaluate(DetectionContext context) {
    AdminCommand c = context.command();
    Baseline baseline = context.baseline();
    Policy policy = context.policy();
    if (baseline.commands() == 0 || baseline.principals().isEmpty()) {
      return Optional.empty();
    }
    if (c.principal().kind() == PrincipalKind.CLOUD_SERVICE) {
      return Optional.empty();
    }
    if (policy.automation().stream().anyMatch(a -> a.allows(c))) {
      return Optional.empty();
    }
    String who = c.principal().id();
    boolean newPrincipal = baseline.principal(who).isEmpty();
    List<String> newVms = new ArrayList<>();
    for (VmRef vm : c.targets()) {
      if (!baseline.hasRunOn(who, vm.id()) && !newVms.contains(vm.id())) {
        newVms.add(vm.id());
      }
    }
    if (!newPrincipal && newVms.isEmpty()) {
      return Optional.empty();
    }
    List<String> reasons = new ArrayList<>();
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("principal", who);
    facts.put("scope", baseline.scope());
    facts.put("newPrincipal", Boolean.toString(newPrincipal));
    facts.put("newVms", String.join(",", newVms));
    String name = c.principal().displayName();
    if (newPrincipal) {
      int others = baseline.principals().size();
      reasons.add(
          "first admin command by "
              + name
              + " in "
              + c.cloud()
              + " "
              + c.account()
              + " (the baseline knows "
              + others
              + (others == 1 ? " other principal" : " other principals")
              + " and "
              + baseline.commands()
              + " commands there)");
    }
    if (!newVms.isEmpty()) {
      reasons.add("first time " + name + " runs a command on " + listed(newVms));
    }
    int score =
        newPrincipal ? 60 + Math.min(30, 10 * newVms.size()) : 20 + Math.min(20, 5 * newVms.size());
    Severity severity = policy.severityOf(ID, newPrincipal ? defaultSeverity() : Severity.LOW);
    return Optional.of(new DetectorHit(ID, severity, score, String.join("; ", reasons), facts));
  }

  /** One VM by name, or a count and the first few. */
  private static String listed(List<String> vms) {
    if (vms.size() == 1) {
      return vms.get(0);
    }
    String shown = String.join(", ", vms.subList(0, Math.min(LISTED, vms.size())));
    return vms.size()
        + " VMs: "
        + shown
        + (vms.size() > LISTED ? " and " + (vms.size() - LISTED) + " more" : "");
  }
}
