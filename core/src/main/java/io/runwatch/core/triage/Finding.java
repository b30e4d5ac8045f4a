package io.runwatch.core.triage;

import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What runwatch tells the SOC about one admin command: severity and score, the detectors' reasons,
 * the escalation decision, the analysis questions answered, and the containment that fits.
 *
 * @param id deterministic: the same command judged by the same detectors gets the same id, so a
 *     redelivered event never makes a second finding
 * @param related ids of other findings on the same principal or VMs in the window
 */
public record Finding(
    String id,
    Instant time,
    Severity severity,
    int score,
    AdminCommand command,
    CommandCorrelation correlation,
    List<DetectorHit> hits,
    Escalation escalation,
    List<AnalysisAnswer> answers,
    List<ContainmentAction> actions,
    List<String> related) {

  public Finding {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(command, "command");
    hits = List.copyOf(hits);
    answers = List.copyOf(answers);
    actions = List.copyOf(actions);
    related = List.copyOf(related);
  }

  /**
   * This finding with other answers and related ids: neither enters the id, so it is the same
   * finding, better explained.
   */
  public Finding withAnswers(List<AnalysisAnswer> newAnswers, List<String> newRelated) {
    return new Finding(
        id,
        time,
        severity,
        score,
        command,
        correlation,
        hits,
        escalation,
        newAnswers,
        actions,
        newRelated);
  }
}
