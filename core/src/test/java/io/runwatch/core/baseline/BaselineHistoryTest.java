package io.runwatch.core.baseline;

import static io.runwatch.core.baseline.Commands.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.geo.NetworkInfo;
import io.runwatch.core.model.AdminCommand;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Aging: what a baseline forgets when the history window passes it by. */
class BaselineHistoryTest {
  private static final String ALICE = "arn:aws:iam::111122223333:user/alice";
  private static final String BOB = "arn:aws:iam::111122223333:user/bob";
  private static final BaselineHistory DAYS_30 = new BaselineHistory(Duration.ofDays(30));

  private static long day(String date) {
    return LocalDate.parse(date).toEpochDay();
  }

  @Test
  void anItemIsKeptWhileTodayMinusItsLastDayIsAtMostTheWindow() {
    Sightings s = Sightings.NONE.plus("198.51.100.7", day("2026-11-01"), null);

    assertThat(DAYS_30.cutoffDay(Instant.parse("2026-12-01T23:59:59Z")))
        .isEqualTo(day("2026-11-01"));
    assertThat(s.seenSince(DAYS_30.cutoffDay(Instant.parse("2026-12-01T23:59:59Z")))).isSameAs(s);
    assertThat(s.seenSince(DAYS_30.cutoffDay(Instant.parse("2026-12-02T00:00:00Z"))).isEmpty())
        .isTrue();
  }

  @Test
  void aWindowShorterThanADayIsOneDay() {
    assertThat(new BaselineHistory(Duration.ofHours(5)).days()).isEqualTo(1);
    assertThat(new BaselineHistory(Duration.ofHours(36)).days()).isEqualTo(1);
    assertThat(new BaselineHistory(Duration.ofDays(90)).days()).isEqualTo(90);
  }

  @Test
  void sightingsKeepFirstAndLastDayAndTheNewestLabel() {
    Sightings s =
        Sightings.NONE
            .plus("AS16509", day("2026-11-05"), "AMAZON-02")
            .plus("AS16509", day("2026-11-01"), "old name")
            .plus("AS16509", day("2026-11-09"), "Amazon.com, Inc.");

    assertThat(s.seen("AS16509"))
        .contains(new Seen(day("2026-11-01"), day("2026-11-09"), "Amazon.com, Inc."));
    assertThat(s.plus("AS16509", day("2026-11-09"), "Amazon.com, Inc.")).isSameAs(s);
  }

  @Test
  void agingForgetsOldItemsPrincipalsAndInitiatorsAndLeavesTheOriginalAlone() {
    Baseline b = Baseline.empty(Commands.SCOPE);
    NetworkInfo us = new NetworkInfo("US", 16509L, "AMAZON-02");
    b = b.observe(cmd(ALICE, Instant.parse("2026-10-01T03:00:00Z"), "e1", "i-old"), us);
    b = b.observe(cmd(BOB, Instant.parse("2026-10-02T09:00:00Z"), "e2", "i-old"), us);
    AdminCommand recent =
        cmd(ALICE, Instant.parse("2026-11-20T10:00:00Z"), "e3", "i-new").toBuilder()
            .sourceIp("192.0.2.1")
            .build();
    b = b.observe(recent, null);
    Baseline before = b;

    Baseline aged = b.agedAsOf(Instant.parse("2026-11-21T00:00:00Z"), DAYS_30);

    assertThat(aged.principal(BOB)).as("bob's last command is 50 days old").isEmpty();
    PrincipalProfile alice = aged.principal(ALICE).orElseThrow();
    assertThat(alice.sourceIps().items()).containsExactly("192.0.2.1");
    assertThat(alice.vms().items()).containsExactly("i-new");
    assertThat(alice.countries().isEmpty()).as("the US sighting is 51 days old").isTrue();
    assertThat(alice.asns().isEmpty()).isTrue();
    assertThat(alice.hours()[3]).as("03:00 not seen since October").isZero();
    assertThat(alice.hours()[10]).isEqualTo(1);
    assertThat(alice.commands()).as("counts are kept").isEqualTo(2);
    assertThat(aged.initiatorsByVm()).containsOnlyKeys("i-new");
    assertThat(aged.account().sourceIps().items()).containsExactly("192.0.2.1");
    assertThat(aged.commands()).isEqualTo(3);
    assertThat(b).isSameAs(before);
    assertThat(b.principal(BOB)).isPresent();
    assertThat(aged.agedAsOf(Instant.parse("2026-11-21T00:00:00Z"), DAYS_30)).isSameAs(aged);
  }

  @Test
  void theLearnerForgetsWhatTheWindowPassedAndRelearningStillCountsNothingTwice() {
    InMemoryBaselineStore store = new InMemoryBaselineStore();
    BaselineLearner learner =
        new BaselineLearner(
            store,
            new BaselineHistory(Duration.ofDays(7)),
            ip -> java.util.Optional.of(new NetworkInfo("NL", 14061L, "DIGITALOCEAN-ASN")));
    List<AdminCommand> history =
        List.of(
            cmd(BOB, Instant.parse("2026-11-01T09:00:00Z"), "e1", "i-1"),
            cmd(ALICE, Instant.parse("2026-11-20T09:00:00Z"), "e2", "i-2"));

    learner.learn(history);
    var stored = store.load(Commands.SCOPE).orElseThrow();
    learner.learn(history);

    assertThat(stored.baseline().principal(BOB)).isEmpty();
    assertThat(stored.baseline().principal(ALICE).orElseThrow().asns().items())
        .containsExactly("AS14061");
    assertThat(stored.baseline().initiatorsByVm()).containsOnlyKeys("i-2");
    assertThat(store.load(Commands.SCOPE)).contains(stored);
  }
}
