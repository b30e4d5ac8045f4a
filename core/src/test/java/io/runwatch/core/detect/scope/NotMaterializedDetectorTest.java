package io.runwatch.core.detect.scope;

import static io.runwatch.core.detect.scope.Contexts.context;
import static io.runwatch.core.detect.scope.Contexts.sendCommand;
import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.correlate.CorrelationStatus;
import io.runwatch.core.correlate.TargetCorrelation;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Operation;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.policy.Thresholds;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NotMaterializedDetectorTest {
  private static final NotMaterializedDetector DETECTOR = new NotMaterializedDetector();
  private static final AdminCommand COMMAND = sendCommand("2025-03-04T03:12:00Z").build();

  @Test
  void listsTheVmsPerStatusAndScoresByShare() {
    CommandCorrelation correlation =
        new CommandCorrelation(
            COMMAND,
            List.of(
                target("i-1", CorrelationStatus.CONFIRMED, true),
                target("i-2", CorrelationStatus.NOT_OBSERVED, true),
                target("i-3", CorrelationStatus.BLIND_SPOT, true),
                target("i-4", CorrelationStatus.BLIND_SPOT, true)),
            null);

    DetectorHit hit = evaluate(correlation, Policy.defaults());

    assertThat(hit.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(hit.score()).isEqualTo(30); // 60·1/4 + 30·2/4
    assertThat(hit.reason())
        .contains("3 of 4 targets", "NOT_OBSERVED", "on i-2", "BLIND_SPOT", "on i-3, i-4");
    assertThat(hit.facts())
        .containsEntry("notObserved", "i-2")
        .containsEntry("blindSpot", "i-3, i-4")
        .containsEntry("confirmed", "1");
  }

  @Test
  void unsettledOutcomesAreOnlyInformational() {
    CommandCorrelation correlation =
        new CommandCorrelation(
            COMMAND, List.of(target("i-2", CorrelationStatus.NOT_OBSERVED, false)), null);

    DetectorHit hit = evaluate(correlation, Policy.defaults());

    assertThat(hit.severity()).isEqualTo(Severity.INFORMATIONAL);
    assertThat(hit.reason()).contains("not settled yet");
  }

  @Test
  void noTargetOutcomeIsInformationalWithTheCorrelatorsNote() {
    AdminCommand tagged =
        sendCommand("2025-03-04T03:12:00Z").targets(List.of()).targetSelector("tag:A=b").build();
    CommandCorrelation correlation =
        new CommandCorrelation(tagged, List.of(), "targets chosen by a selector");

    DetectorHit hit =
        DETECTOR
            .evaluate(context(tagged, correlation, Policy.defaults(), List.of(), List.of()))
            .orElseThrow();

    assertThat(hit.severity()).isEqualTo(Severity.INFORMATIONAL);
    assertThat(hit.reason()).contains("targets chosen by a selector");
  }

  @Test
  void approvedAutomationStaysInformationalButKeepsTheSeverity() {
    Policy policy =
        Contexts.policy(
            List.of(
                Contexts.automation(
                    "ops",
                    "*:assumed-role/AdminRole/*",
                    Set.of(Operation.SEND_COMMAND),
                    List.of())),
            List.of(),
            Thresholds.DEFAULTS,
            Map.of());
    CommandCorrelation correlation =
        new CommandCorrelation(
            COMMAND, List.of(target("i-2", CorrelationStatus.NOT_OBSERVED, true)), null);

    DetectorHit hit = evaluate(correlation, policy);

    assertThat(hit.severity()).isEqualTo(Severity.INFORMATIONAL);
    assertThat(hit.facts()).containsEntry("severityIfNotApproved", "MEDIUM");
  }

  private static DetectorHit evaluate(CommandCorrelation correlation, Policy policy) {
    return DETECTOR
        .evaluate(context(COMMAND, correlation, policy, List.of(), List.of()))
        .orElseThrow();
  }

  private static TargetCorrelation target(String vm, CorrelationStatus status, boolean settled) {
    return new TargetCorrelation(vm, null, status, List.of(), null, settled);
  }
}
