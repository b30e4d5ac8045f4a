package io.runwatch.core.triage;

import static io.runwatch.core.triage.TriageFixtures.aws;
import static io.runwatch.core.triage.TriageFixtures.iamUser;
import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Detectors;
import io.runwatch.core.geo.FixedNetworkLookup;
import io.runwatch.core.geo.NetworkInfo;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pipeline ages baselines to the policy's history and looks sources up for geo. */
class DetectionPipelineHistoryTest {
  private static final Instant JUDGE_FROM = Instant.parse("2026-11-15T00:00:00Z");

  private static AdminCommand at(String time, String ip, String id) {
    return aws(iamUser("alice", "AKIA1"))
        .time(Instant.parse(time))
        .sourceIp(ip)
        .eventId(id)
        .build();
  }

  private static List<String> detectorsOn(
      List<AdminCommand> commands, Policy policy, FixedNetworkLookup geo, String eventId) {
    var pipeline =
        new DetectionPipeline(
            Detectors.all(),
            policy,
            new Triage(),
            geo == null ? io.runwatch.core.geo.NetworkLookup.NONE : geo);
    var result =
        pipeline.run(
            commands, Map.of(), List.of(), List.of(), List.of(), Map.of(), JUDGE_FROM, JUDGE_FROM);
    return result.findings().stream()
        .filter(f -> eventId.equals(f.command().eventId()))
        .flatMap(f -> f.hits().stream())
        .map(DetectorHit::detectorId)
        .toList();
  }

  private static Policy history(Duration d) {
    Policy p = Policy.defaults();
    return new Policy(
        p.admins(),
        p.automation(),
        p.windows(),
        p.protectedPrincipals(),
        p.thresholds(),
        p.severityOverrides(),
        d);
  }

  @Test
  void aPrincipalAbsentLongerThanTheHistoryIsFirstSeenAgain() {
    // bob keeps the scope's history alive: with nobody left, nothing could be "first".
    AdminCommand bob =
        aws(iamUser("bob", "AKIA2"))
            .time(Instant.parse("2026-11-10T09:00:00Z"))
            .sourceIp("198.51.100.8")
            .eventId("bob")
            .build();
    List<AdminCommand> commands =
        List.of(
            at("2026-09-20T09:00:00Z", "198.51.100.7", "old"),
            bob,
            at("2026-11-16T09:00:00Z", "198.51.100.7", "back"));

    assertThat(detectorsOn(commands, Policy.defaults(), null, "back"))
        .contains("RW-FIRST-SEEN-INITIATOR");
    assertThat(detectorsOn(commands, history(Duration.ofDays(90)), null, "back"))
        .doesNotContain("RW-FIRST-SEEN-INITIATOR", "RW-NEW-SOURCE");
  }

  @Test
  void anAddressUnusedLongerThanTheHistoryIsNewAgain() {
    List<AdminCommand> commands =
        List.of(
            at("2026-09-20T09:00:00Z", "198.51.100.7", "old"),
            at("2026-11-10T09:00:00Z", "192.0.2.10", "recent"),
            at("2026-11-16T09:00:00Z", "198.51.100.7", "back"));

    assertThat(detectorsOn(commands, Policy.defaults(), null, "back")).contains("RW-NEW-SOURCE");
    assertThat(detectorsOn(commands, history(Duration.ofDays(90)), null, "back"))
        .doesNotContain("RW-NEW-SOURCE");
  }

  @Test
  void theLookupFeedsLearningAndJudging() {
    FixedNetworkLookup geo =
        new FixedNetworkLookup()
            .with("198.51.100.0/24", new NetworkInfo("US", 16509L, "AMAZON-02"))
            .with("203.0.113.0/24", new NetworkInfo("NL", 14061L, "DIGITALOCEAN-ASN"));
    List<AdminCommand> commands =
        List.of(
            at("2026-11-10T09:00:00Z", "198.51.100.7", "usual"),
            at("2026-11-16T09:00:00Z", "203.0.113.66", "odd"));

    var pipeline = new DetectionPipeline(Detectors.all(), Policy.defaults(), new Triage(), geo);
    var result =
        pipeline.run(
            commands, Map.of(), List.of(), List.of(), List.of(), Map.of(), JUDGE_FROM, JUDGE_FROM);
    DetectorHit hit =
        result.findings().stream()
            .flatMap(f -> f.hits().stream())
            .filter(h -> h.detectorId().equals("RW-NEW-SOURCE"))
            .findFirst()
            .orElseThrow();
    assertThat(hit.severity().name()).isEqualTo("HIGH");
    assertThat(hit.facts()).containsEntry("newCountry", "true").containsEntry("newAsn", "true");
    assertThat(result.baselines().values().iterator().next().account().countries().items())
        .containsExactlyInAnyOrder("US", "NL");
  }
}
