package io.runwatch.core.detect.initiator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.policy.Thresholds;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumeSpikeTest {
  private final VolumeSpike detector = new VolumeSpike();
  private static final Thresholds DEFAULTS = Thresholds.DEFAULTS;

  private static Scenario fixture(String name) {
    return Scenario.fixture(VolumeSpike.ID, name);
  }

  @Test
  void theLimitIsTheMinimumUntilFactorTimesRateIsLarger() {
    assertThat(VolumeSpike.Level.of(6, 1.2, DEFAULTS).limit()).isEqualTo(5.0);
    assertThat(VolumeSpike.Level.of(6, 10, DEFAULTS).limit()).isEqualTo(30.0);
  }

  @Test
  void aSpikeMustExceedTheLimit() {
    assertThat(VolumeSpike.Level.of(5, 1, DEFAULTS).spike()).isFalse();
    assertThat(VolumeSpike.Level.of(6, 1, DEFAULTS).spike()).isTrue();
    assertThat(VolumeSpike.Level.of(30, 10, DEFAULTS).spike()).isFalse();
    assertThat(VolumeSpike.Level.of(31, 10, DEFAULTS).spike()).isTrue();
  }

  @Test
  void scoreGrowsWithTheRatioToTheLimitAndCaps() {
    assertThat(VolumeSpike.Level.of(6, 1, DEFAULTS).score()).as("50 x 6 / 5").isEqualTo(60);
    assertThat(VolumeSpike.Level.of(31, 10, DEFAULTS).score()).as("50 x 31 / 30").isEqualTo(52);
    assertThat(VolumeSpike.Level.of(25, 1, DEFAULTS).score()).isEqualTo(100);
    Thresholds zero = withSpike(3.0, 0);
    assertThat(VolumeSpike.Level.of(1, 0, zero).score()).as("no limit at all").isEqualTo(100);
  }

  @Test
  void bothLevelsGiveTheirOwnReason() {
    DetectorHit hit = fixture("principal-and-account-spike-aws").hit(detector);

    assertThat(hit.facts())
        .containsEntry("principalToday", "8")
        .containsEntry("principalLimit", "5.0")
        .containsEntry("scopeToday", "8");
    assertThat(hit.reason())
        .contains("alice@example.com ran 8 admin commands today")
        .contains("AWS 111122223333 saw 8 admin commands today");
    assertThat(hit.score()).as("50 x 8 / 5").isEqualTo(80);
  }

  @Test
  void theAccountLevelFiresOnItsOwn() {
    DetectorHit hit = fixture("account-spike-only-azure").hit(detector);

    assertThat(hit.facts()).containsEntry("principalToday", "1").containsEntry("scopeToday", "10");
    assertThat(hit.reason()).startsWith("AZURE ").doesNotContain("bob@contoso.com ran");
  }

  @Test
  void thresholdsComeFromThePolicy() {
    Scenario raised = fixture("principal-and-account-spike-aws");
    raised.policy(withThresholds(raised.fixturePolicy(), withSpike(3.0, 8)));
    Scenario justOver = fixture("principal-and-account-spike-aws");
    justOver.policy(withThresholds(justOver.fixturePolicy(), withSpike(3.0, 7)));

    assertThat(raised.judge(detector)).as("8 is not over 8").isEmpty();
    assertThat(justOver.judge(detector)).isPresent();
  }

  @Test
  void theCommandCountsEvenWhenRecentActivityLacksIt() {
    DetectorHit hit =
        fixture("principal-and-account-spike-aws").withoutCommandInRecent().hit(detector);
    assertThat(hit.facts()).containsEntry("principalToday", "8");
  }

  @Test
  void sevenWholeDaysOfHistoryAreNeeded() {
    assertThat(fixture("seven-days-of-history-gcp").judge(detector)).isPresent();
    assertThat(fixture("six-days-of-history-gcp").judge(detector)).isEmpty();
    var sixButLateInTheDay =
        fixture("six-days-of-history-gcp")
            .edit(
                f -> {
                  ObjectNode first = (ObjectNode) f.get("history").get(0);
                  first.put("time", "2024-07-01T23:59:59Z");
                })
            .judge(detector);
    assertThat(sixButLateInTheDay).as("days are UTC days, not 24-hour spans").isPresent();
  }

  @Test
  void aSeverityOverrideApplies() {
    Scenario s = fixture("principal-and-account-spike-aws");
    s.policy(Policies.overriding(s.fixturePolicy(), VolumeSpike.ID, Severity.HIGH));
    assertThat(s.hit(detector).severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void quietOnAUsualDayAndAtTheMinimum() {
    assertThat(fixture("busy-service-account-usual-day-gcp").judge(detector)).isEmpty();
    assertThat(fixture("at-minimum-not-over-aws").judge(detector)).isEmpty();
    assertThat(fixture("no-profile-aws").judge(detector)).isEmpty();

    var oneMore =
        fixture("at-minimum-not-over-aws")
            .edit(
                f -> {
                  ObjectNode extra = ((ObjectNode) f.get("command")).deepCopy();
                  extra.put("time", "2024-05-11T07:44:00Z");
                  f.withArrayProperty("history").add(extra);
                })
            .judge(detector);
    assertThat(oneMore).as("the 6th command today is over 5").isPresent();
  }

  private static Thresholds withSpike(double factor, int minimum) {
    Thresholds d = Thresholds.DEFAULTS;
    return new Thresholds(
        d.fanOut(),
        factor,
        minimum,
        d.failedAttempts(),
        d.failedThenSuccessWindow(),
        d.stagingWindow(),
        d.identityChangeWindow());
  }

  static Policy withThresholds(Policy p, Thresholds t) {
    return new Policy(
        p.admins(),
        p.automation(),
        p.windows(),
        p.protectedPrincipals(),
        t,
        Map.of(),
        p.baselineHistory());
  }
}
