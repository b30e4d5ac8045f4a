package io.runwatch.core.detect.initiator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwatch.core.baseline.Baseline;
import io.runwatch.core.baseline.BaselineHistory;
import io.runwatch.core.baseline.PrincipalProfile;
import io.runwatch.core.baseline.Sightings;
import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NewSourceTest {
  private final NewSource detector = new NewSource();

  private static Scenario fixture(String name) {
    return Scenario.fixture(NewSource.ID, name);
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.1, true",
    "10.255.255.255, true",
    "172.16.0.1, true",
    "172.31.255.1, true",
    "172.15.0.1, false",
    "172.32.0.1, false",
    "192.168.1.1, true",
    "192.169.1.1, false",
    "100.64.0.1, false",
    "8.8.8.8, false",
    "fd12:3456:789a::1, true",
    "fc00::1, true",
    "fe80::1, false",
    "2001:db8::1, false",
    "::1, false",
    "ssm.amazonaws.com, false",
    "AWS Internal, false",
  })
  void privateMeansRfc1918OrUniqueLocal(String address, boolean expected) {
    assertThat(Addresses.isPrivate(address)).isEqualTo(expected);
  }

  @Test
  void nullIsNotPrivate() {
    assertThat(Addresses.isPrivate(null)).isFalse();
  }

  @Test
  void aNewCountryAndOperatorScoresAboveEverythingAndSaysWhichAndFromWhere() {
    DetectorHit hit = fixture("geo-new-country-and-asn-aws").hit(detector);

    assertThat(hit.severity()).isEqualTo(Severity.HIGH);
    assertThat(hit.score()).as("80 + 10 operator new to the scope").isEqualTo(90);
    assertThat(hit.reason())
        .isEqualTo(
            "alice@example.com ran SendCommand from 188.166.4.5, its first call from AS14061"
                + " DigitalOcean, LLC, NL (new network operator and new country), an operator"
                + " nobody in this scope used before; this principal's 30-day history: US; AS16509"
                + " Amazon.com, Inc.");
  }

  @Test
  void geoScoresRankCountryAndOperatorAboveOperatorAboveCountryAboveANewAddressOfAKnownOne() {
    int both = fixture("geo-new-country-and-asn-aws").hit(detector).score();
    int operator = fixture("geo-new-asn-same-country-aws").hit(detector).score();
    int country = fixture("geo-new-country-same-asn-aws").hit(detector).score();
    int knownOperator = fixture("geo-new-network-known-asn-aws").hit(detector).score();

    assertThat(both).isGreaterThan(operator);
    assertThat(operator).isGreaterThan(country);
    assertThat(country).isGreaterThan(knownOperator);
    assertThat(knownOperator).as("35 + 10 network new to the scope").isEqualTo(45);
  }

  @Test
  void aNewAddressOfTheUsualOperatorSaysSo() {
    DetectorHit hit = fixture("geo-new-network-known-asn-aws").hit(detector);

    assertThat(hit.reason())
        .contains("52.94.77.1, in network 52.94.77.0/24 it never used before")
        .contains("(AS16509 Amazon.com, Inc., US, known for it)");
  }

  @Test
  void withoutTheDatabaseTheGeoFixturesAreJudgedByNetworkAsBefore() {
    DetectorHit hit =
        fixture("geo-new-country-and-asn-aws").edit(f -> f.remove("geo")).hit(detector);

    assertThat(hit.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(hit.score()).isEqualTo(70);
    assertThat(hit.facts()).doesNotContainKeys("country", "asn", "newCountry");
  }

  @Test
  void theHistoryWindowComesFromThePolicy() {
    assertThat(fixture("aged-out-address-aws").judge(detector)).isPresent();
    assertThat(
            fixture("aged-out-address-aws")
                .edit(f -> f.putObject("policy").put("baselineHistory", "P60D"))
                .judge(detector))
        .isEmpty();
  }

  @Test
  void aNetworkNobodyUsedScoresHighestAndListsTheUsualOnes() {
    DetectorHit hit = fixture("new-public-network-aws").hit(detector);

    assertThat(hit.score()).as("60 + 10 new to the scope").isEqualTo(70);
    assertThat(hit.facts())
        .containsEntry("network", "185.220.101.0/24")
        .containsEntry("networkSeenInScope", "false")
        .containsEntry("usualNetworks", "198.51.100.0/24,203.0.113.0/24");
    assertThat(hit.reason())
        .contains("185.220.101.7")
        .contains("nor did anyone else")
        .contains("usual networks: 198.51.100.0/24, 203.0.113.0/24");
  }

  @Test
  void aNetworkOtherPrincipalsUseIsStillNewButScoresLess() {
    DetectorHit hit =
        fixture("new-public-network-aws")
            .edit(
                f -> {
                  ObjectNode other = ((ObjectNode) f.get("history").get(0)).deepCopy();
                  other
                      .withObjectProperty("principal")
                      .put("id", "arn:aws:iam::111122223333:user/ops");
                  other.put("sourceIp", "185.220.101.99");
                  f.withArrayProperty("history").add(other);
                })
            .hit(detector);
    assertThat(hit.score()).isEqualTo(60);
    assertThat(hit.facts()).containsEntry("networkSeenInScope", "true");
  }

  @Test
  void scoresPrivateNetworksAndKnownNetworksLower() {
    assertThat(fixture("new-private-network-gcp").hit(detector).score()).isEqualTo(55);
    assertThat(fixture("new-ip-known-public-network-azure").hit(detector).score()).isEqualTo(25);
  }

  @Test
  void aPolicyOverrideReplacesBothSeverities() {
    Scenario network = fixture("new-public-network-aws");
    network.policy(Policies.overriding(network.fixturePolicy(), NewSource.ID, Severity.LOW));
    Scenario address = fixture("new-ip-known-public-network-azure");
    address.policy(Policies.overriding(address.fixturePolicy(), NewSource.ID, Severity.MEDIUM));

    assertThat(network.hit(detector).severity()).isEqualTo(Severity.LOW);
    assertThat(address.hit(detector).severity()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void aKnownPrivateNetworkIsQuietButAKnownPublicOneIsLow() {
    assertThat(fixture("new-private-ip-known-network-aws").judge(detector)).isEmpty();
    assertThat(fixture("new-ula-ip-known-network-gcp").judge(detector)).isEmpty();

    DetectorHit publicTwin =
        fixture("new-private-ip-known-network-aws")
            .edit(
                f -> {
                  f.withArrayProperty("history")
                      .forEach(h -> ((ObjectNode) h).put("sourceIp", "198.18.3.17"));
                  f.withObjectProperty("command").put("sourceIp", "198.18.3.18");
                })
            .hit(detector);
    assertThat(publicTwin.severity()).isEqualTo(Severity.LOW);
  }

  @Test
  void quietWithoutAProfileOrAnAddress() {
    assertThat(fixture("unknown-principal-aws").judge(detector)).isEmpty();
    assertThat(fixture("service-source-aws").judge(detector)).isEmpty();
    assertThat(
            fixture("service-source-aws")
                .edit(f -> f.withObjectProperty("command").putNull("sourceIp"))
                .judge(detector))
        .isEmpty();

    var fromAnIp =
        fixture("service-source-aws")
            .edit(f -> f.withObjectProperty("command").put("sourceIp", "52.94.1.1"))
            .judge(detector);
    assertThat(fromAnIp).isPresent();
  }

  @Test
  void aKnownAddressIsQuiet() {
    assertThat(fixture("known-address-azure").judge(detector)).isEmpty();
    assertThat(
            fixture("known-address-azure")
                .edit(f -> f.withObjectProperty("command").put("sourceIp", " 198.51.100.20 "))
                .judge(detector))
        .as("surrounding blanks")
        .isEmpty();
  }

  @Test
  void aFullAddressSetCannotTellNewFromForgotten() {
    assertThat(detector.evaluate(withKnownAddresses(PrincipalProfile.MAX_SET - 1))).isPresent();
    assertThat(detector.evaluate(withKnownAddresses(PrincipalProfile.MAX_SET))).isEmpty();
  }

  /** Bob's usual command from a new address, his profile holding {@code known} other addresses. */
  private static DetectionContext withKnownAddresses(int known) {
    DetectionContext usual =
        fixture("known-address-azure")
            .edit(f -> f.withObjectProperty("command").put("sourceIp", "185.220.101.7"))
            .context();
    String bob = usual.command().principal().id();
    PrincipalProfile p = usual.baseline().principal(bob).orElseThrow();
    Set<String> ips = new HashSet<>();
    for (int i = 0; ips.size() < known; i++) {
      ips.add("198.51." + (i / 250) + "." + (i % 250 + 1));
    }
    PrincipalProfile full =
        new PrincipalProfile(
            p.principal(),
            p.firstSeen(),
            p.lastSeen(),
            p.commands(),
            p.vms(),
            Sightings.allSeenOn(ips, BaselineHistory.day(p.lastSeen())),
            p.networks(),
            p.documents(),
            p.operations(),
            p.countries(),
            p.asns(),
            p.hours(),
            p.hoursLastDay(),
            p.dailyRate(),
            p.currentDay(),
            p.todayCount());
    Baseline b = usual.baseline();
    Baseline withFull =
        new Baseline(
            b.scope(),
            Map.of(bob, full),
            b.initiatorsByVm(),
            b.account(),
            b.commands(),
            b.learnedUntil());
    return new DetectionContext(
        usual.command(), null, withFull, usual.policy(), usual.recent(), usual.now());
  }
}
