package io.runwatch.core.detect.initiator;

import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import org.junit.jupiter.api.Test;

class FirstSeenInitiatorTest {
  private final FirstSeenInitiator detector = new FirstSeenInitiator();

  private static Scenario fixture(String name) {
    return Scenario.fixture(FirstSeenInitiator.ID, name);
  }

  @Test
  void aNewPrincipalGivesBothReasonsInOneHit() {
    DetectorHit hit = fixture("new-iam-user-aws").hit(detector);

    assertThat(hit.reason())
        .contains("first admin command by mallory in AWS 111122223333")
        .contains(
            "first time mallory runs a command on 2 VMs: i-0123456789abcdef0, i-0fedcba9876543210");
    assertThat(hit.facts())
        .containsEntry("newPrincipal", "true")
        .containsEntry("newVms", "i-0123456789abcdef0,i-0fedcba9876543210");
    assertThat(hit.score()).as("60 + min(30, 10 x 2)").isEqualTo(80);
  }

  @Test
  void scoreCapsForANewPrincipalOnManyVms() {
    DetectorHit hit =
        fixture("new-iam-user-aws")
            .edit(
                f -> {
                  var targets = f.withObjectProperty("command").putArray("targets");
                  for (int i = 0; i < 6; i++) {
                    targets.add("i-00000000000000" + i);
                  }
                })
            .hit(detector);
    assertThat(hit.score()).as("60 + min(30, 10 x 6)").isEqualTo(90);
    assertThat(hit.reason()).contains("on 6 VMs: ").endsWith(" and 1 more");
    assertThat(hit.facts().get("newVms").split(",")).hasSize(6);
  }

  @Test
  void aNewPrincipalWithASelectorOnlyScoresTheBase() {
    DetectorHit hit =
        fixture("new-iam-user-aws")
            .edit(
                f -> {
                  f.withObjectProperty("command").putArray("targets");
                  f.withObjectProperty("command").put("targetSelector", "tag:Env=prod");
                })
            .hit(detector);
    assertThat(hit.score()).isEqualTo(60);
    assertThat(hit.reason()).doesNotContain("first time");
  }

  @Test
  void aKnownPrincipalOnANewVmIsLowAndScoresLess() {
    DetectorHit hit = fixture("known-admin-new-vm-azure").hit(detector);

    assertThat(hit.severity()).isEqualTo(Severity.LOW);
    assertThat(hit.score()).as("20 + min(20, 5 x 1)").isEqualTo(25);
    assertThat(hit.reason()).doesNotContain("first admin command").contains("vm-db-01");
  }

  @Test
  void aPolicyOverrideReplacesBothSeverities() {
    Scenario newPrincipal = fixture("new-iam-user-aws");
    newPrincipal.policy(
        Policies.overriding(newPrincipal.fixturePolicy(), FirstSeenInitiator.ID, Severity.HIGH));
    Scenario newVm = fixture("known-admin-new-vm-azure");
    newVm.policy(Policies.overriding(newVm.fixturePolicy(), FirstSeenInitiator.ID, Severity.HIGH));

    assertThat(newPrincipal.hit(detector).severity()).isEqualTo(Severity.HIGH);
    assertThat(newVm.hit(detector).severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void approvedAutomationIsQuietOnlyWithinItsScope() {
    assertThat(fixture("approved-automation-in-scope-aws").judge(detector)).isEmpty();

    var outside =
        fixture("approved-automation-in-scope-aws")
            .edit(f -> f.withObjectProperty("command").put("document", "AWS-RunShellScript"))
            .judge(detector);
    assertThat(outside).isPresent();
  }

  @Test
  void cloudServicesAreQuietButTheSameIdAsAPersonFires() {
    assertThat(fixture("cloud-service-gcp").judge(detector)).isEmpty();

    var asPerson =
        fixture("cloud-service-gcp")
            .edit(
                f ->
                    f.withObjectProperty("command")
                        .withObjectProperty("principal")
                        .put("kind", "HUMAN"))
            .judge(detector);
    assertThat(asPerson).isPresent();
  }

  @Test
  void anEmptyScopeIsQuietButOneCommandOfHistoryIsEnough() {
    assertThat(fixture("empty-baseline-aws").judge(detector)).isEmpty();
    assertThat(fixture("history-only-in-another-account-aws").judge(detector)).isEmpty();

    var withHistory =
        fixture("history-only-in-another-account-aws")
            .edit(f -> f.withObjectProperty("command").put("account", "111122223333"))
            .judge(detector);
    assertThat(withHistory).isPresent();
  }
}
