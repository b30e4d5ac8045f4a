package io.runwatch.core.triage;

import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.PrincipalKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Tier-1 escalation rules. Escalate to Tier 2 when any of these holds, each adding one reason:
 *
 * <ul>
 *   <li>signs of account compromise: denied or failed attempts before a success
 *       (RW-FAILED-THEN-SUCCEEDED), a recent identity change (RW-RECENT-IDENTITY-CHANGE), a new
 *       source for a person (RW-NEW-SOURCE on a HUMAN principal), a VM's own identity as the
 *       initiator (INSTANCE_IDENTITY);
 *   <li>commands not aligned with business operations: outside every maintenance window by a
 *       principal that is not approved automation (RW-OUTSIDE-WINDOW), a first-seen initiator that
 *       fans out (RW-FIRST-SEEN-INITIATOR with RW-FAN-OUT);
 *   <li>known threat-actor techniques: RW-SUSPICIOUS-CONTENT, and RW-STAGING with it;
 *   <li>severity HIGH or above.
 * </ul>
 *
 * Otherwise the finding stays with Tier 1, and the reasons say why. Approved automation acting
 * within its scope is not escalated unless RW-SUSPICIOUS-CONTENT or RW-FAILED-THEN-SUCCEEDED fired
 * (the two signals that lift its severity cap).
 */
final class Escalations {
  private Escalations() {}

  static Escalation decide(
      DetectionContext ctx,
      Map<String, DetectorHit> hits,
      Severity severity,
      int score,
      Optional<String> automationInScope,
      boolean capped) {
    AdminCommand c = ctx.command();
    Principal p = c.principal();
    String who = p.displayName() + " (" + AnalysisQuestions.kind(p.kind()) + ")";
    List<String> notes = new ArrayList<>();
    if (automationInScope.isPresent()) {
      if (capped) {
        notes.add(
            "Approved automation '"
                + automationInScope.get()
                + "' acted within its declared scope, so severity is capped at INFORMATIONAL"
                + (hits.isEmpty()
                    ? "."
                    : "; signals noted without escalating: "
                        + String.join(", ", hits.keySet())
                        + "."));
        return new Escalation(false, notes);
      }
      List<String> lifting = new ArrayList<>();
      for (String id : Triage.LIFTS_AUTOMATION_CAP) {
        if (hits.containsKey(id)) {
          lifting.add(id);
        }
      }
      notes.add(
          "Approved automation '"
              + automationInScope.get()
              + "' acted within its declared scope, but "
              + String.join(" and ", lifting)
              + " fired, so the automation cap does not apply.");
    }

    List<String> why = new ArrayList<>();
    // Signs of account compromise.
    hit(hits, "RW-FAILED-THEN-SUCCEEDED")
        .ifPresent(h -> why.add("Denied or failed attempts preceded this success: " + reason(h)));
    hit(hits, "RW-RECENT-IDENTITY-CHANGE")
        .ifPresent(
            h -> why.add("The identity of " + who + " changed shortly before: " + reason(h)));
    if (p.kind() == PrincipalKind.HUMAN) {
      hit(hits, "RW-NEW-SOURCE")
          .ifPresent(
              h ->
                  why.add(
                      "A person called from a source never seen for them ("
                          + (c.sourceIp() == null ? "unknown address" : c.sourceIp())
                          + "): "
                          + reason(h)));
    }
    if (p.kind() == PrincipalKind.INSTANCE_IDENTITY) {
      why.add(
          "The command was issued with a VM's own identity ("
              + p.displayName()
              + "): one VM commanding others is lateral movement until proven otherwise.");
    }
    // Not aligned with business operations.
    if (ctx.policy().automationOf(c).isEmpty() && p.kind() != PrincipalKind.CLOUD_SERVICE) {
      hit(hits, "RW-OUTSIDE-WINDOW")
          .ifPresent(
              h ->
                  why.add(
                      "It ran outside every declared maintenance window and "
                          + who
                          + " is not approved automation: "
                          + reason(h)));
    }
    if (hits.containsKey("RW-FIRST-SEEN-INITIATOR") && hits.containsKey("RW-FAN-OUT")) {
      why.add(
          who
              + " had never run an admin command in "
              + ctx.baseline().scope()
              + " and this one reaches "
              + c.reach()
              + " VMs at once.");
    }
    // Known threat-actor techniques.
    Optional<DetectorHit> suspicious = hit(hits, "RW-SUSPICIOUS-CONTENT");
    suspicious.ifPresent(
        h -> why.add("The content matches known attacker techniques: " + reason(h)));
    if (suspicious.isPresent()) {
      hit(hits, "RW-STAGING")
          .ifPresent(
              h -> why.add("The suspicious content was staged shortly before: " + reason(h)));
    }
    if (severity.atLeast(Severity.HIGH)) {
      why.add("Severity is " + severity + " (score " + score + ").");
    }

    if (!why.isEmpty()) {
      List<String> reasons = new ArrayList<>(notes);
      reasons.addAll(why);
      return new Escalation(true, reasons);
    }
    List<String> reasons = new ArrayList<>(notes);
    reasons.add(
        "No sign of account compromise, of work outside business operations or of a known attacker"
            + " technique, and severity "
            + severity
            + " (score "
            + score
            + ") is below HIGH: Tier 1 reviews it"
            + (hits.isEmpty() ? "." : " (" + String.join(", ", hits.keySet()) + ")."));
    return new Escalation(false, reasons);
  }

  private static Optional<DetectorHit> hit(Map<String, DetectorHit> hits, String id) {
    return Optional.ofNullable(hits.get(id));
  }

  private static String reason(DetectorHit h) {
    return FindingText.sentence(h.reason());
  }
}
