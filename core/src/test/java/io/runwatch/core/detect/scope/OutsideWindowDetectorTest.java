package io.runwatch.core.detect.scope;

import static io.runwatch.core.detect.scope.Contexts.ACCOUNT;
import static io.runwatch.core.detect.scope.Contexts.context;
import static io.runwatch.core.detect.scope.Contexts.sendCommand;
import static io.runwatch.core.detect.scope.Contexts.window;
import static io.runwatch.core.detect.scope.Contexts.withWindows;
import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.RecentActivity;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.AgentStatusEvent.StatusKind;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Operation;
import io.runwatch.core.policy.MaintenanceWindow;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.policy.Thresholds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OutsideWindowDetectorTest {
  private static final OutsideWindowDetector DETECTOR = new OutsideWindowDetector();
  private static final MaintenanceWindow SUNDAY =
      window("sunday-patch", Duration.ofHours(4), "2025-03-02T02:00:00Z");
  // Tuesday 03:12 UTC: outside sunday-patch.
  private static final AdminCommand TUESDAY = sendCommand("2025-03-04T03:12:00Z").build();

  @Test
  void firesOutsideTheDeclaredWindowNamingItAndTheTime() {
    DetectorHit hit = DETECTOR.evaluate(context(TUESDAY, withWindows(SUNDAY))).orElseThrow();

    assertThat(hit.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(hit.score()).isEqualTo(50); // 40 + 10: SendCommand runs code now
    assertThat(hit.reason())
        .contains("2025-03-04T03:12:00Z", "sunday-patch", "no AWS Maintenance Window execution");
    assertThat(hit.facts()).containsEntry("windows", "sunday-patch");
  }

  @Test
  void schedulingOperationsScoreLower() {
    AdminCommand association =
        sendCommand("2025-03-04T03:12:00Z").operation(Operation.CREATE_ASSOCIATION).build();

    assertThat(DETECTOR.evaluate(context(association, withWindows(SUNDAY))).orElseThrow().score())
        .isEqualTo(40);
  }

  @Test
  void aPolicyOverrideReplacesTheSeverity() {
    Policy policy =
        Contexts.policy(
            List.of(),
            List.of(SUNDAY),
            Thresholds.DEFAULTS,
            Map.of(OutsideWindowDetector.ID, Severity.HIGH));

    assertThat(DETECTOR.evaluate(context(TUESDAY, policy)).orElseThrow().severity())
        .isEqualTo(Severity.HIGH);
  }

  @Nested
  class AwsMaintenanceWindowRuns {
    @Test
    void aRunningExecutionPutsTheCommandInsideAWindow() {
      AgentStatusEvent started = execution("exec-1", "IN_PROGRESS", "2025-03-04T03:00:00Z", null);
      AgentStatusEvent ended =
          execution("exec-1", "SUCCESS", "2025-03-04T03:00:00Z", "2025-03-04T03:20:00Z");

      assertThat(evaluate(TUESDAY, started, ended)).isEmpty();
    }

    @Test
    void aLongExecutionSeenOnlyByItsTerminalStateCounts() {
      // The SUCCESS record comes five hours after the command; its start and end cover it.
      AgentStatusEvent ended =
          execution("exec-1", "SUCCESS", "2025-03-04T03:00:00Z", "2025-03-04T08:00:00Z");

      assertThat(evaluate(TUESDAY, ended)).isEmpty();
    }

    @Test
    void anExecutionStillInProgressCountsUntilItReportsAnEnd() {
      AgentStatusEvent started = execution("exec-1", "IN_PROGRESS", "2025-03-04T02:30:00Z", null);

      assertThat(evaluate(TUESDAY, started)).isEmpty();
    }

    @Test
    void aFewMinutesOfGraceAfterTheEnd() {
      AgentStatusEvent endedJustBefore =
          execution("exec-1", "SUCCESS", "2025-03-04T02:30:00Z", "2025-03-04T03:08:00Z");
      AgentStatusEvent endedLongBefore =
          execution("exec-2", "SUCCESS", "2025-03-04T02:00:00Z", "2025-03-04T02:30:00Z");

      assertThat(evaluate(TUESDAY, endedJustBefore)).isEmpty();
      assertThat(evaluate(TUESDAY, endedLongBefore)).isPresent();
    }

    @Test
    void theStartAndEndOfOneExecutionComeFromItsStateChanges() {
      // IN_PROGRESS then SUCCESS: the end is known, and it was long before the command.
      AgentStatusEvent started = execution("exec-1", "IN_PROGRESS", "2025-03-04T01:00:00Z", null);
      AgentStatusEvent ended =
          execution("exec-1", "SUCCESS", "2025-03-04T01:00:00Z", "2025-03-04T01:30:00Z");

      assertThat(evaluate(TUESDAY, started, ended)).isPresent();
    }

    @Test
    void anExecutionThatStartsAfterTheCommandOrWasSkippedDoesNotCount() {
      AgentStatusEvent later = execution("exec-1", "IN_PROGRESS", "2025-03-04T03:12:30Z", null);
      AgentStatusEvent skipped =
          execution("exec-2", "SKIPPED_OVERLAPPING", "2025-03-04T03:00:00Z", null);

      assertThat(evaluate(TUESDAY, later)).isPresent();
      assertThat(evaluate(TUESDAY, skipped)).isPresent();
    }

    @Test
    void runsInAnotherAccountOrCloudDoNotCount() {
      AgentStatusEvent elsewhere =
          new AgentStatusEvent(
              Cloud.AWS,
              StatusKind.MAINTENANCE_WINDOW_EXECUTION,
              "444455556666",
              "us-east-2",
              "IN_PROGRESS",
              null,
              null,
              null,
              null,
              "mw-0ed7251d3fcf6e0c2",
              "exec-9",
              Instant.parse("2025-03-04T03:00:00Z"),
              Instant.parse("2025-03-04T03:00:00Z"),
              null,
              Map.of(),
              null,
              null,
              "ev-9",
              null);
      assertThat(evaluate(TUESDAY, elsewhere)).isPresent();

      AdminCommand gcp =
          TUESDAY.toBuilder().cloud(Cloud.GCP).operation(Operation.PATCH_JOB).build();
      AgentStatusEvent run = execution("exec-1", "IN_PROGRESS", "2025-03-04T03:00:00Z", null);
      assertThat(OutsideWindowDetector.coveringRun(recent(gcp, run), gcp)).isEmpty();
    }

    @Test
    void aRunAloneDeclaresNothing() {
      // No policy window applies: a Maintenance Window run in the input does not make every
      // other command "outside".
      AgentStatusEvent run =
          execution("exec-1", "SUCCESS", "2025-03-04T01:00:00Z", "2025-03-04T01:30:00Z");

      assertThat(
              DETECTOR.evaluate(context(TUESDAY, null, Policy.defaults(), List.of(), List.of(run))))
          .isEmpty();
    }

    @Test
    void coveringRunReportsTheExecution() {
      AgentStatusEvent run =
          execution("exec-1", "SUCCESS", "2025-03-04T03:00:00Z", "2025-03-04T03:20:00Z");

      OutsideWindowDetector.MaintenanceRun found =
          OutsideWindowDetector.coveringRun(recent(TUESDAY, run), TUESDAY).orElseThrow();

      assertThat(found.executionId()).isEqualTo("exec-1");
      assertThat(found.windowId()).isEqualTo("mw-0ed7251d3fcf6e0c2");
      assertThat(found.start()).isEqualTo(Instant.parse("2025-03-04T03:00:00Z"));
    }

    private Optional<DetectorHit> evaluate(AdminCommand c, AgentStatusEvent... runs) {
      return DETECTOR.evaluate(context(c, null, withWindows(SUNDAY), List.of(), List.of(runs)));
    }

    private RecentActivity recent(AdminCommand c, AgentStatusEvent run) {
      return new RecentActivity(List.of(c), List.of(), List.of(run));
    }
  }

  @Nested
  class ApprovedAutomation {
    private final Policy policy =
        Contexts.policy(
            List.of(
                Contexts.automation(
                    "patching",
                    "*:assumed-role/AdminRole/*",
                    Set.of(Operation.SEND_COMMAND),
                    List.of("sunday-patch", "retired-window"))),
            List.of(SUNDAY),
            Thresholds.DEFAULTS,
            Map.of());

    @Test
    void outsideItsNamedWindowsIsLowAndNamesUndeclaredOnes() {
      DetectorHit hit = DETECTOR.evaluate(context(TUESDAY, policy)).orElseThrow();

      assertThat(hit.severity()).isEqualTo(Severity.LOW);
      assertThat(hit.score()).isEqualTo(30);
      assertThat(hit.reason()).contains("patching", "sunday-patch", "retired-window");
      assertThat(hit.facts()).containsEntry("undeclaredWindows", "retired-window");
    }

    @Test
    void insideItsNamedWindowIsQuiet() {
      AdminCommand sunday = sendCommand("2025-03-02T03:00:00Z").build();

      assertThat(DETECTOR.evaluate(context(sunday, policy))).isEmpty();
    }

    @Test
    void automationThatNamesNoWindowMayRunAnyTime() {
      Policy anyTime =
          Contexts.policy(
              List.of(
                  Contexts.automation(
                      "inventory",
                      "*:assumed-role/AdminRole/*",
                      Set.of(Operation.SEND_COMMAND),
                      List.of())),
              List.of(SUNDAY),
              Thresholds.DEFAULTS,
              Map.of());

      assertThat(DETECTOR.evaluate(context(TUESDAY, anyTime))).isEmpty();
    }

    @Test
    void outsideItsOperationsItIsJudgedLikeAnyoneElse() {
      AdminCommand association =
          sendCommand("2025-03-04T03:12:00Z").operation(Operation.CREATE_ASSOCIATION).build();

      assertThat(DETECTOR.evaluate(context(association, policy)).orElseThrow().severity())
          .isEqualTo(Severity.MEDIUM);
    }
  }

  private static AgentStatusEvent execution(
      String executionId, String status, String start, String end) {
    return new AgentStatusEvent(
        Cloud.AWS,
        StatusKind.MAINTENANCE_WINDOW_EXECUTION,
        ACCOUNT,
        "us-east-2",
        status,
        null,
        null,
        null,
        null,
        "mw-0ed7251d3fcf6e0c2",
        executionId,
        end != null ? Instant.parse(end) : Instant.parse(start),
        Instant.parse(start),
        end != null ? Instant.parse(end) : null,
        Map.of(),
        null,
        null,
        executionId + "-" + status,
        null);
  }
}
