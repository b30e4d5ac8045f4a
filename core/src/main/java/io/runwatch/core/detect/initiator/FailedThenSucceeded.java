package io.runwatch.core.detect.initiator;

import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.Detector;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.model.VmRef;
import io.runwatch.core.policy.Thresholds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code RW-FAILED-THEN-SUCCEEDED}: an admin command succeeds shortly after attempts that did not:
 * the same principal's denied or failed admin commands, or other principals' denied attempts on one
 * of the same target VMs (someone switched credentials, or got the permission they lacked).
 *
 * <p>Only a {@link Outcome#SUCCEEDED} command is judged. With {@code window =
 * thresholds.failedThenSuccessWindow} and {@code [time - window, time)} the look-back (the command
 * itself and anything at the same instant are not "before" it):
 *
 * <pre>
 *   own    = the principal's DENIED or FAILED commands in the look-back
 *   others = DENIED commands by other principals naming one of this command's target VMs
 *   n      = |own ∪ others|
 *   fires when n ≥ thresholds.failedAttempts
 *   score  = min(100, 60 + 10 × n + (others non-empty ? 10 : 0))
 * </pre>
 *
 * <p>Severity is the default HIGH and escalates to CRITICAL when {@code n ≥ }{@value
 * #ESCALATION_FACTOR}{@code × failedAttempts} (persistent probing until something worked); a
 * severity override in the policy replaces both. The fact {@code escalate=true} asks triage to
 * escalate: denied attempts before a success are a Tier-1 escalation question in their own right.
 * The reason lists each attempt with its time, principal (when another) and error code.
 */
public final class FailedThenSucceeded implements Detector {
  public static final String ID = "RW-FAILED-THEN-SUCCEEDED";

  /** How many times the policy's attempt threshold makes the hit CRITICAL. */
  public static final int ESCALATION_FACTOR = 3;

  /** How many attempts the reason spells out before summarizing the rest. */
  private static final int LISTED = 10;

  public FailedThenSucceeded() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Admin command succeeded after denied or failed attempts";
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
    return "An admin who was granted the missing permission after a denial (a ticket or a"
        + " just-in-time elevation), a typo in an instance id or document name that was"
        + " corrected, a pipeline retrying after throttling, or a colleague completing a task"
        + " another admin had no rights for. Benign when the error codes are throttling or"
        + " invalid parameters and the commands are the same corrected request.";
  }

  @Override
  public String triageNote() {
    return "Read the attempts listed in the finding: the error codes (AccessDenied or"
        + " AuthorizationFailed versus InvalidInstanceId or Throttling), which principals, which"
        + " documents. Check whether the principal's permissions changed between the denial and"
        + " the success (new policy, role assignment, key) and who made that change; a different"
        + " principal succeeding on the same VM after a denial may mean switched credentials.";
  }

  @Override
  public Optional<DetectorHit> evaluate(DetectionContext context) {
    AdminCommand c = context.command();
    if (c.outcome() != Outcome.SUCCEEDED) {
      return Optional.empty();
    }
    Thresholds t = context.policy().thresholds();
    Instant from = c.time().minus(t.failedThenSuccessWindow());
    String who = c.principal().id();
    Set<AdminCommand> own = new LinkedHashSet<>();
    for (AdminCommand a : context.recent().byPrincipal(who, from, c.time())) {
      if (a.outcome() == Outcome.DENIED || a.outcome() == Outcome.FAILED) {
        own.add(a);
      }
    }
    Set<AdminCommand> others = new LinkedHashSet<>();
    for (VmRef vm : c.targets()) {
      for (AdminCommand a : context.recent().toVm(vm.id(), from, c.time())) {
        if (a.outcome() == Outcome.DENIED && !a.principal().id().equals(who)) {
          others.add(a);
        }
      }
    }
    List<AdminCommand> attempts = new ArrayList<>(own);
    attempts.addAll(others);
    attempts.sort(Comparator.comparing(AdminCommand::time));
    int n = attempts.size();
    if (n == 0 || n < t.failedAttempts()) {
      return Optional.empty();
    }
    int score = Math.min(100, 60 + 10 * n + (others.isEmpty() ? 0 : 10));
    Severity fallback =
        n >= (long) ESCALATION_FACTOR * Math.max(1, t.failedAttempts())
            ? Severity.CRITICAL
            : defaultSeverity();
    Severity severity = context.policy().severityOf(ID, fallback);

    List<String> listed = new ArrayList<>();
    for (AdminCommand a : attempts.subList(0, Math.min(LISTED, n))) {
      listed.add(describe(a, who));
    }
    if (n > LISTED) {
      listed.add("and " + (n - LISTED) + " more");
    }
    String reason =
        NonAdminIdentity.operationName(c)
            + " by "
            + c.principal().displayName()
            + " succeeded after "
            + n
            + (n == 1 ? " denied or failed attempt" : " denied or failed attempts")
            + " in the "
            + span(t.failedThenSuccessWindow())
            + " before it: "
            + String.join("; ", listed);
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("principal", who);
    facts.put("attempts", Integer.toString(n));
    facts.put("ownAttempts", Integer.toString(own.size()));
    facts.put("otherPrincipalDenials", Integer.toString(others.size()));
    facts.put("firstAttempt", attempts.get(0).time().toString());
    facts.put(
        "errorCodes",
        String.join(
            ",",
            attempts.stream()
                .map(a -> String.valueOf(a.errorCode()))
                .distinct()
                .sorted()
                .toList()));
    facts.put("escalate", "true");
    return Optional.of(new DetectorHit(ID, severity, score, reason, facts));
  }

  private static String span(java.time.Duration d) {
    if (d.toSeconds() % 3600 == 0) {
      long h = d.toHours();
      return h == 1 ? "hour" : h + " hours";
    }
    if (d.toSeconds() % 60 == 0) {
      return d.toMinutes() + " minutes";
    }
    return d.toSeconds() + " seconds";
  }

  private static String describe(AdminCommand a, String who) {
    StringBuilder s =
        new StringBuilder()
            .append(a.time())
            .append(' ')
            .append(a.outcome().name())
            .append(' ')
            .append(a.errorCode() == null ? "(no error code)" : a.errorCode());
    if (!a.principal().id().equals(who)) {
      s.append(" by ").append(a.principal().displayName());
    }
    if (!a.targets().isEmpty()) {
      s.append(" on ").append(String.join(",", a.targets().stream().map(VmRef::id).toList()));
    }
    return s.toString();
  }
}
