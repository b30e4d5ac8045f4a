package io.runwatch.core.detect.initiator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import org.junit.jupiter.api.Test;

class FailedThenSucceededTest {
  private final FailedThenSucceeded detector = new FailedThenSucceeded();

  private static Scenario fixture(String name) {
    return Scenario.fixture(FailedThenSucceeded.ID, name);
  }

  @Test
  void theReasonListsEachAttemptWithTimeAndErrorCode() {
    DetectorHit hit = fixture("denied-twice-then-succeeded-aws").hit(detector);

    assertThat(hit.reason())
        .contains("succeeded after 2 denied or failed attempts in the hour before it")
        .contains("2024-05-08T11:10:00Z DENIED AccessDenied on i-0123456789abcdef0")
        .contains("2024-05-08T11:12:30Z DENIED AccessDenied on i-0fedcba9876543210");
    assertThat(hit.facts())
        .containsEntry("attempts", "2")
        .containsEntry("ownAttempts", "2")
        .containsEntry("otherPrincipalDenials", "0")
        .containsEntry("errorCodes", "AccessDenied")
        .containsEntry("firstAttempt", "2024-05-08T11:10:00Z")
        .containsEntry("escalate", "true");
    assertThat(hit.score()).as("60 + 10 x 2").isEqualTo(80);
  }

  @Test
  void anotherPrincipalsDenialNamesThatPrincipalAndAddsToTheScore() {
    DetectorHit hit = fixture("other-principal-denied-same-vm-azure").hit(detector);

    assertThat(hit.reason()).contains("AuthorizationFailed by bob@contoso.com");
    assertThat(hit.facts()).containsEntry("otherPrincipalDenials", "1");
    assertThat(hit.score()).as("60 + 10 x 1 + 10").isEqualTo(80);
  }

  @Test
  void escalatesToCriticalAtThreeTimesTheAttemptThreshold() {
    DetectorHit hit = fixture("probing-escalates-gcp").hit(detector);

    assertThat(hit.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(hit.score()).as("60 + 10 x 3").isEqualTo(90);
    assertThat(hit.facts()).containsEntry("errorCodes", "INVALID_ARGUMENT,PERMISSION_DENIED");

    var twoAttempts =
        fixture("probing-escalates-gcp")
            .edit(f -> f.withArrayProperty("history").remove(0))
            .hit(detector);
    assertThat(twoAttempts.severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void aSeverityOverrideReplacesBothSeverities() {
    Scenario high = fixture("denied-twice-then-succeeded-aws");
    high.policy(Policies.overriding(high.fixturePolicy(), FailedThenSucceeded.ID, Severity.MEDIUM));
    Scenario critical = fixture("probing-escalates-gcp");
    critical.policy(
        Policies.overriding(critical.fixturePolicy(), FailedThenSucceeded.ID, Severity.MEDIUM));

    assertThat(high.hit(detector).severity()).isEqualTo(Severity.MEDIUM);
    assertThat(critical.hit(detector).severity()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void theWindowIncludesItsStartAndExcludesTheCommandsOwnInstant() {
    assertThat(deniedAt("2024-05-08T12:30:00Z").judge(detector)).isPresent();
    assertThat(deniedAt("2024-05-08T12:29:59Z").judge(detector)).isEmpty();
    assertThat(deniedAt("2024-05-08T13:30:00Z").judge(detector)).isEmpty();
    assertThat(deniedAt("2024-05-08T13:31:00Z").judge(detector)).as("after it").isEmpty();
  }

  /** The outside-the-window fixture with its denial moved to {@code time}. */
  private static Scenario deniedAt(String time) {
    return fixture("denied-outside-window-aws")
        .edit(f -> ((ObjectNode) f.get("history").get(0)).put("time", time));
  }

  @Test
  void attemptsThresholdAndWindowComeFromThePolicy() {
    assertThat(fixture("below-attempt-threshold-aws").judge(detector)).isEmpty();
    assertThat(fixture("failed-then-succeeded-policy-window-aws").judge(detector)).isPresent();

    var defaults = fixture("failed-then-succeeded-policy-window-aws").edit(f -> f.remove("policy"));
    assertThat(defaults.judge(detector)).as("4 and 5 hours back, 1 hour window").isEmpty();
  }

  @Test
  void onlyDenialsByOthersOnTheSameVmCount() {
    assertThat(fixture("other-principal-denied-other-vm-azure").judge(detector)).isEmpty();
    assertThat(fixture("other-principal-failed-not-denied-gcp").judge(detector)).isEmpty();

    var denied =
        fixture("other-principal-failed-not-denied-gcp")
            .edit(f -> ((ObjectNode) f.get("history").get(0)).put("outcome", "DENIED"))
            .judge(detector);
    assertThat(denied).isPresent();
  }

  @Test
  void aDeniedOrFailedCommandIsNeverJudged() {
    assertThat(fixture("command-itself-denied-azure").judge(detector)).isEmpty();
    var failed =
        fixture("denied-twice-then-succeeded-aws")
            .edit(f -> f.withObjectProperty("command").put("outcome", "FAILED"))
            .judge(detector);
    assertThat(failed).isEmpty();
  }

  @Test
  void anAttemptNamingSeveralOfTheTargetsCountsOnce() {
    DetectorHit hit =
        fixture("other-principal-denied-same-vm-azure")
            .edit(
                f -> {
                  String db = f.get("command").get("targets").get(0).asText();
                  String web = db.replace("rg-data", "rg-web").replace("vm-db-01", "vm-web-01");
                  f.withObjectProperty("command").putArray("targets").add(db).add(web);
                  ((ObjectNode) f.get("history").get(0)).putArray("targets").add(db).add(web);
                })
            .hit(detector);
    assertThat(hit.facts()).containsEntry("attempts", "1");
  }
}
