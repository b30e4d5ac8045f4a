package io.runwatch.core.detect.scope;

import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.correlate.CorrelationStatus;
import io.runwatch.core.correlate.TargetCorrelation;
import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.Detector;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Effect;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.policy.ApprovedAutomation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code RW-NOT-MATERIALIZED}: the command did not show up in the guests, or nobody can tell.
 *
 * <p>From {@link DetectionContext#correlation()}, per target:
 *
 * <ul>
 *   <li>{@code NOT_OBSERVED}: the host sent telemetry for the window but no matching execution: the
 *       command failed, was blocked, or ran in a way that evaded the telemetry. MEDIUM.
 *   <li>{@code BLIND_SPOT}: no telemetry from the host at all: the effect is unknown. LOW.
 *   <li>{@code AGENT_REPORTED}: only the cloud agent's own status says it ran; and outcomes not yet
 *       settled (late telemetry may still confirm them). INFORMATIONAL.
 * </ul>
 *
 * The most severe status present decides. A correlation with no target outcome at all (targets
 * chosen by a selector telemetry could not resolve) is INFORMATIONAL, with the correlator's note.
 *
 * <p>Quiet without a correlation (no telemetry was given), when every target is CONFIRMED, for
 * DENIED commands and for staged documents (nothing was meant to run). Orphan executions (host
 * evidence without a command) are reported elsewhere.
 *
 * <p>Score over the {@code N} targets, with {@code n} settled NOT_OBSERVED, {@code b} settled
 * BLIND_SPOT and {@code a} AGENT_REPORTED or unsettled: {@code round(60·n/N + 30·b/N + 10·a/N)}, at
 * least 5; 5 when there is no target outcome.
 *
 * <p>A policy severity override replaces MEDIUM and LOW, never INFORMATIONAL (an unknown outcome is
 * not worth paging for). Approved automation within its scope raises nothing above INFORMATIONAL;
 * the severity it would otherwise have is in the facts ({@code severityIfNotApproved}).
 */
public final class NotMaterializedDetector implements Detector {
  public static final String ID = "RW-NOT-MATERIALIZED";
  private static final int MAX_LISTED = 10;

  public NotMaterializedDetector() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Admin command not seen running in the guest";
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
    return "VMs that were stopped, lacked the agent or rejected the document; telemetry that"
        + " arrives late or is not collected from some hosts (BLIND_SPOT is a coverage gap more often"
        + " than an attack); commands that only run at next boot or on a schedule.";
  }

  @Override
  public String triageNote() {
    return "For NOT_OBSERVED hosts, check the command's per-instance status in the cloud console:"
        + " Success with no process seen means the telemetry missed or was evaded, so look at the"
        + " host directly. For BLIND_SPOT hosts, fix telemetry coverage and check the host another"
        + " way (agent status, console output) before closing.";
  }

  @Override
  public Optional<DetectorHit> evaluate(DetectionContext context) {
    CommandCorrelation correlation = context.correlation();
    AdminCommand c = context.command();
    if (correlation == null
        || c.outcome() == Outcome.DENIED
        || c.operation().effect() == Effect.STAGES) {
      return Optional.empty();
    }
    List<TargetCorrelation> targets = correlation.targets();
    Map<String, String> facts = new LinkedHashMap<>();
    if (targets.isEmpty()) {
      facts.put("targets", "0");
      String note = correlation.note() != null ? correlation.note() : "no note";
      facts.put("note", note);
      String reason =
          Texts.what(c)
              + " has no per-target outcome, so whether it ran is unknown ("
              + note
              + ").";
      return Optional.of(finish(context, Severity.INFORMATIONAL, 5, reason, facts));
    }
    List<TargetCorrelation> notObserved = new ArrayList<>();
    List<TargetCorrelation> blind = new ArrayList<>();
    List<TargetCorrelation> agentOnly = new ArrayList<>();
    List<TargetCorrelation> pending = new ArrayList<>();
    for (TargetCorrelation t : targets) {
      switch (t.status()) {
        case CONFIRMED -> {}
        case AGENT_REPORTED -> agentOnly.add(t);
        case NOT_OBSERVED -> (t.settled() ? notObserved : pending).add(t);
        case BLIND_SPOT -> (t.settled() ? blind : pending).add(t);
      }
    }
    int missing = notObserved.size() + blind.size() + agentOnly.size() + pending.size();
    if (missing == 0) {
      return Optional.empty();
    }
    Severity computed =
        !notObserved.isEmpty()
            ? Severity.MEDIUM
            : !blind.isEmpty() ? Severity.LOW : Severity.INFORMATIONAL;
    double n = targets.size();
    int score =
        (int)
            Math.max(
                5,
                Math.round(
                    60 * notObserved.size() / n
                        + 30 * blind.size() / n
                        + 10 * (agentOnly.size() + pending.size()) / n));
    facts.put("targets", Integer.toString(targets.size()));
    facts.put("confirmed", Long.toString(correlation.count(CorrelationStatus.CONFIRMED)));
    List<String> parts = new ArrayList<>();
    part(
        parts,
        facts,
        "notObserved",
        notObserved,
        "NOT_OBSERVED (host heard, no execution: failed, blocked or evaded)");
    part(parts, facts, "blindSpot", blind, "BLIND_SPOT (no telemetry: effect unknown)");
    part(parts, facts, "agentReported", agentOnly, "AGENT_REPORTED (only the agent's word)");
    part(parts, facts, "pending", pending, "not settled yet (telemetry may still arrive)");
    String reason =
        Texts.what(c)
            + " was not confirmed in the guest on "
            + missing
            + " of "
            + targets.size()
            + " target"
            + (targets.size() == 1 ? "" : "s")
            + ": "
            + String.join("; ", parts)
            + ".";
    return Optional.of(finish(context, computed, score, reason, facts));
  }

  private static DetectorHit finish(
      DetectionContext context,
      Severity computed,
      int score,
      String reason,
      Map<String, String> facts) {
    Severity severity =
        computed == Severity.INFORMATIONAL
            ? Severity.INFORMATIONAL
            : context.policy().severityOf(ID, computed);
    Optional<ApprovedAutomation> approved = Approvals.inScope(context.policy(), context.command());
    if (approved.isPresent() && severity != Severity.INFORMATIONAL) {
      facts.put("severityIfNotApproved", severity.name());
      facts.put("automation", approved.get().name());
      reason =
          reason.substring(0, reason.length() - 1)
              + " (approved automation "
              + approved.get().name()
              + ": informational, "
              + severity
              + " otherwise).";
      severity = Severity.INFORMATIONAL;
    }
    return new DetectorHit(ID, severity, score, reason, facts);
  }

  /** Lists the VMs by short name in the reason and by id in the facts. */
  private static void part(
      List<String> parts,
      Map<String, String> facts,
      String key,
      List<TargetCorrelation> vms,
      String label) {
    if (!vms.isEmpty()) {
      facts.put(key, String.join(", ", vms.stream().map(TargetCorrelation::vm).toList()));
      List<String> names =
          vms.stream().map(t -> t.name() != null ? t.name() : Texts.vm(t.vm())).toList();
      parts.add(label + " on " + Texts.list(names, MAX_LISTED));
    }
  }
}
