package io.runwatch.core.detect.scope;

import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.Detector;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.RecentActivity;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Effect;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.policy.ApprovedAutomation;
import io.runwatch.core.policy.MaintenanceWindow;
import io.runwatch.core.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code RW-OUTSIDE-WINDOW}: a command ran while every maintenance window declared for it was
 * closed.
 *
 * <p>Which windows count:
 *
 * <ul>
 *   <li>For anyone but approved automation: the policy's windows that apply to the command's
 *       account and targets ({@link Policy#windowsFor}). When none applies, nothing is declared for
 *       this command, so it cannot be outside a window and the detector stays quiet.
 *   <li>For approved automation acting within its operations, documents and targets: the windows it
 *       names ({@link ApprovedAutomation#windows}), looked up by name; it fires at LOW when none of
 *       them is open. Automation that names no window may run at any time; a name the policy does
 *       not declare is never open (the reason says so, since that is a policy mistake).
 *   <li>AWS Maintenance Window executions seen in the input count as declared windows: when {@link
 *       RecentActivity#maintenanceRuns} (12 hours back to one minute after the command) shows an
 *       execution whose start is at or before the command and whose end, plus {@value
 *       #GRACE_MINUTES} minutes, is at or after it (or that has not ended), the command is inside a
 *       window. A run reported {@code SKIPPED_OVERLAPPING} never ran and does not count. Runs only
 *       ever put a command inside a window: seeing one does not declare windows for other commands.
 * </ul>
 *
 * <p>Quiet for DENIED commands (nothing ran).
 *
 * <p>Score: {@code base + immediate}, where {@code base} is 40 when the policy's applicable windows
 * were all closed and 20 when approved automation ran outside its named windows, and {@code
 * immediate} is 10 when the operation runs code at once ({@link Effect#EXECUTES} or {@link
 * Effect#INTERACTIVE}) and 0 when it schedules or stages it.
 *
 * <p>Severity: MEDIUM, LOW for approved automation; a policy override replaces either.
 */
public final class OutsideWindowDetector implements Detector {
  public static final String ID = "RW-OUTSIDE-WINDOW";
  static final int GRACE_MINUTES = 5;
  static final Duration LOOKBACK = Duration.ofHours(12);
  static final Duration LOOKAHEAD = Duration.ofHours(12);
  static final Duration GRACE = Duration.ofMinutes(GRACE_MINUTES);
  private static final String SKIPPED = "SKIPPED_OVERLAPPING";

  public OutsideWindowDetector() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Admin command outside its maintenance windows";
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
    return "Emergency changes and incident response run outside windows by design; windows whose"
        + " schedule or time zone in the policy is stale; AWS Maintenance Window runs that overran"
        + " and were not in the input. Check the change record for an approved emergency change.";
  }

  @Override
  public String triageNote() {
    return "Ask the initiator (or the automation's owner) why it ran now, and find the change or"
        + " incident ticket. No ticket plus a first-seen initiator, new source IP or suspicious"
        + " content: escalate. Check what ran on the targets (RW-NOT-MATERIALIZED, host evidence).";
  }

  @Override
  public Optional<DetectorHit> evaluate(DetectionContext context) {
    AdminCommand c = context.command();
    if (c.outcome() == Outcome.DENIED) {
      return Optional.empty();
    }
    Policy policy = context.policy();
    Optional<ApprovedAutomation> approved = Approvals.inScope(policy, c);
    if (approved.isPresent()) {
      return automation(context, approved.get());
    }
    List<MaintenanceWindow> applicable = policy.windowsFor(c);
    if (applicable.isEmpty()) {
      return Optional.empty(); // nothing is declared for this command: it cannot be outside
    }
    if (applicable.stream().anyMatch(w -> w.openAt(c.time()))) {
      return Optional.empty();
    }
    if (coveringRun(context.recent(), c).isPresent()) {
      return Optional.empty();
    }
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("time", c.time().toString());
    facts.put("windows", names(applicable));
    String reason =
        Texts.what(c)
            + " at "
            + c.time()
            + " ran outside every maintenance window declared for its account and targets ("
            + describe(applicable)
            + ")"
            + awsClause(c)
            + ".";
    Severity severity = policy.severityOf(ID, Severity.MEDIUM);
    return Optional.of(new DetectorHit(ID, severity, 40 + immediate(c), reason, facts));
  }

  private Optional<DetectorHit> automation(DetectionContext context, ApprovedAutomation a) {
    AdminCommand c = context.command();
    if (a.windows().isEmpty()) {
      return Optional.empty(); // approved at any time
    }
    List<MaintenanceWindow> named = new ArrayList<>();
    List<String> undeclared = new ArrayList<>();
    for (String name : a.windows()) {
      List<MaintenanceWindow> found =
          context.policy().windows().stream().filter(w -> w.name().equalsIgnoreCase(name)).toList();
      if (found.isEmpty()) {
        undeclared.add(name);
      }
      named.addAll(found);
    }
    if (named.stream().anyMatch(w -> w.openAt(c.time()))) {
      return Optional.empty();
    }
    if (coveringRun(context.recent(), c).isPresent()) {
      return Optional.empty();
    }
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("time", c.time().toString());
    facts.put("automation", a.name());
    facts.put("windows", String.join(", ", a.windows()));
    if (!undeclared.isEmpty()) {
      facts.put("undeclaredWindows", String.join(", ", undeclared));
    }
    String reason =
        Texts.what(c)
            + " at "
            + c.time()
            + " is approved automation "
            + a.name()
            + " but ran outside the maintenance windows it must run in ("
            + (named.isEmpty() ? "" : describe(named))
            + (undeclared.isEmpty()
                ? ""
                : (named.isEmpty() ? "" : "; ")
                    + "not declared in the policy: "
                    + String.join(", ", undeclared))
            + ")"
            + awsClause(c)
            + ".";
    Severity severity = context.policy().severityOf(ID, Severity.LOW);
    return Optional.of(new DetectorHit(ID, severity, 20 + immediate(c), reason, facts));
  }

  /**
   * The AWS Maintenance Window execution seen in the input that was running when {@code c} was
   * made, if any: grouped by execution id, it started at or before the command and ended no more
   * than {@link #GRACE} before it (or has not reported an end).
   */
  static Optional<MaintenanceRun> coveringRun(RecentActivity recent, AdminCommand c) {
    if (c.cloud() != Cloud.AWS) {
      return Optional.empty();
    }
    Instant t = c.time();
    List<AgentStatusEvent> events =
        recent.maintenanceRuns(c.account(), t.minus(LOOKBACK), t.plus(LOOKAHEAD));
    Map<String, List<AgentStatusEvent>> byExecution = new LinkedHashMap<>();
    int unnamed = 0;
    for (AgentStatusEvent e : events) {
      // A state change without an execution id stands alone.
      String key = e.windowExecutionId() != null ? e.windowExecutionId() : "#" + unnamed++;
      byExecution.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
    }
    for (Map.Entry<String, List<AgentStatusEvent>> run : byExecution.entrySet()) {
      List<AgentStatusEvent> states = run.getValue();
      if (states.stream().anyMatch(s -> SKIPPED.equalsIgnoreCase(s.status()))) {
        continue;
      }
      Instant start = null;
      Instant end = null;
      Instant firstSeen = null;
      String windowId = null;
      for (AgentStatusEvent s : states) {
        if (s.start() != null && (start == null || s.start().isBefore(start))) {
          start = s.start();
        }
        if (s.end() != null && (end == null || s.end().isAfter(end))) {
          end = s.end();
        }
        if (firstSeen == null || s.time().isBefore(firstSeen)) {
          firstSeen = s.time();
        }
        windowId = windowId != null ? windowId : s.windowId();
      }
      Instant from = start != null ? start : firstSeen;
      boolean started = !t.isBefore(from);
      boolean notYetOver = end == null || !t.isAfter(end.plus(GRACE));
      if (started && notYetOver) {
        return Optional.of(new MaintenanceRun(windowId, run.getKey(), from, end));
      }
    }
    return Optional.empty();
  }

  /** An AWS Maintenance Window execution: its window, execution id, start and end (or null). */
  record MaintenanceRun(String windowId, String executionId, Instant start, Instant end) {}

  private static String awsClause(AdminCommand c) {
    return c.cloud() == Cloud.AWS ? "; no AWS Maintenance Window execution was running then" : "";
  }

  private static int immediate(AdminCommand c) {
    Effect e = c.operation().effect();
    return e == Effect.EXECUTES || e == Effect.INTERACTIVE ? 10 : 0;
  }

  private static String names(List<MaintenanceWindow> windows) {
    return String.join(", ", windows.stream().map(MaintenanceWindow::name).distinct().toList());
  }

  private static String describe(List<MaintenanceWindow> windows) {
    List<String> parts = new ArrayList<>();
    for (MaintenanceWindow w : windows) {
      parts.add(
          w.name()
              + ": "
              + w.schedule().text()
              + " for "
              + w.duration().toString().toLowerCase(Locale.ROOT).substring(2)
              + " "
              + (w.zone().normalized().equals(ZoneOffset.UTC) ? "UTC" : w.zone().getId()));
    }
    return Texts.list(parts, 3);
  }
}
