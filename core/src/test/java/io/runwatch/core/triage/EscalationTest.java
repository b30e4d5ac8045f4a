package io.runwatch.core.triage;

import static io.runwatch.core.triage.TriageFixtures.automation;
import static io.runwatch.core.triage.TriageFixtures.aws;
import static io.runwatch.core.triage.TriageFixtures.context;
import static io.runwatch.core.triage.TriageFixtures.hit;
import static io.runwatch.core.triage.TriageFixtures.iamUser;
import static io.runwatch.core.triage.TriageFixtures.instanceRole;
import static io.runwatch.core.triage.TriageFixtures.policy;
import static io.runwatch.core.triage.TriageFixtures.roleSession;
import static io.runwatch.core.triage.TriageFixtures.vms;
import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.baseline.Baseline;
import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.RecentActivity;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.policy.Policy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One case per escalation rule, and its near miss that must stay with Tier 1. */
class EscalationTest {
  private final Triage triage = new Triage();
  private final AdminCommand alice =
      aws(iamUser("alice", "AKIAEXAMPLEALICE0001")).sourceIp("203.0.113.66").build();

  private Escalation judge(AdminCommand c, DetectorHit... hits) {
    return judge(context(c), hits);
  }

  private Escalation judge(DetectionContext ctx, DetectorHit... hits) {
    return triage.triage(ctx, List.of(hits)).orElseThrow().escalation();
  }

  private static DetectorHit low(String id) {
    return hit(id, Severity.LOW, 20, id + " saw something");
  }

  @Test
  void failedThenSucceededIsASignOfCompromise() {
    Escalation e = judge(alice, low("RW-FAILED-THEN-SUCCEEDED"));
    assertThat(e.escalate()).isTrue();
    assertThat(e.reasons())
        .anySatisfy(
            r -> assertThat(r).startsWith("Denied or failed attempts preceded this success"));
  }

  @Test
  void recentIdentityChangeIsASignOfCompromise() {
    Escalation e = judge(alice, low("RW-RECENT-IDENTITY-CHANGE"));
    assertThat(e.escalate()).isTrue();
    assertThat(e.reasons())
        .anySatisfy(r -> assertThat(r).contains("The identity of alice (a person) changed"));
  }

  @Test
  void newSourceEscalatesForAPersonOnly() {
    Escalation person = judge(alice, low("RW-NEW-SOURCE"));
    assertThat(person.escalate()).isTrue();
    assertThat(person.reasons()).anySatisfy(r -> assertThat(r).contains("203.0.113.66"));

    Escalation role = judge(aws(roleSession("Deployer", "ci-42")).build(), low("RW-NEW-SOURCE"));
    assertThat(role.escalate()).isFalse();
  }

  @Test
  void aVmIdentityAsInitiatorIsASignOfCompromise() {
    Escalation e =
        judge(
            aws(instanceRole("WebServerRole", "i-0123456789abcdef0")).build(),
            low("RW-NON-ADMIN-IDENTITY"));
    assertThat(e.escalate()).isTrue();
    assertThat(e.reasons()).anySatisfy(r -> assertThat(r).contains("a VM's own identity"));
  }

  @Test
  void outsideTheWindowByANonAutomationPrincipalIsMisaligned() {
    Escalation e = judge(alice, low("RW-OUTSIDE-WINDOW"));
    assertThat(e.escalate()).isTrue();
    assertThat(e.reasons())
        .anySatisfy(r -> assertThat(r).contains("outside every declared maintenance window"));
  }

  @Test
  void outsideTheWindowByDeclaredAutomationIsNotThatRule() {
    AdminCommand patch =
        aws(roleSession("PatchAutomation", "nightly")).document("Custom-Doc").build();
    Policy p =
        policy(
            List.of(),
            List.of(
                automation(
                    "patching", "*PatchAutomation*", List.of("AWS-RunPatchBaseline"), List.of())),
            List.of(),
            List.of());
    Escalation e =
        judge(
            context(
                patch, null, p, Baseline.empty(Baseline.scopeOf(patch)), RecentActivity.empty()),
            low("RW-OUTSIDE-WINDOW"));
    assertThat(e.escalate()).isFalse();
  }

  @Test
  void firstSeenInitiatorWithFanOutIsMisaligned() {
    AdminCommand wide = alice.toBuilder().targets(vms(30)).build();
    Escalation e = judge(wide, low("RW-FIRST-SEEN-INITIATOR"), low("RW-FAN-OUT"));
    assertThat(e.escalate()).isTrue();
    assertThat(e.reasons())
        .anySatisfy(
            r -> assertThat(r).contains("had never run an admin command").contains("30 VMs"));

    assertThat(judge(alice, low("RW-FIRST-SEEN-INITIATOR")).escalate()).isFalse();
    assertThat(judge(wide, low("RW-FAN-OUT")).escalate()).isFalse();
  }

  @Test
  void suspiciousContentIsAKnownTechnique() {
    Escalation e = judge(alice, hit("RW-SUSPICIOUS-CONTENT", Severity.LOW, 10, "curl piped to sh"));
    assertThat(e.escalate()).isTrue();
    assertThat(e.reasons())
        .anySatisfy(
            r ->
                assertThat(r)
                    .isEqualTo("The content matches known attacker techniques: curl piped to sh."));
  }

  @Test
  void stagingCountsWithSuspiciousContentOnly() {
    Escalation both =
        judge(
            alice,
            low("RW-STAGING"),
            hit("RW-SUSPICIOUS-CONTENT", Severity.LOW, 10, "base64 blob"));
    assertThat(both.reasons())
        .anySatisfy(
            r -> assertThat(r).startsWith("The suspicious content was staged shortly before"));
    assertThat(judge(alice, low("RW-STAGING")).escalate()).isFalse();
  }

  @Test
  void highSeverityEscalates() {
    Escalation e = judge(alice, hit("RW-VOLUME-SPIKE", Severity.HIGH, 30, "12 commands today"));
    assertThat(e.escalate()).isTrue();
    assertThat(e.reasons()).contains("Severity is HIGH (score 30).");
  }

  @Test
  void otherwiseItStaysWithTierOneAndSaysWhy() {
    Escalation e = judge(alice, hit("RW-VOLUME-SPIKE", Severity.MEDIUM, 45, "12 commands today"));
    assertThat(e.escalate()).isFalse();
    assertThat(e.reasons())
        .singleElement()
        .asString()
        .contains("No sign of account compromise")
        .contains("severity MEDIUM (score 45) is below HIGH")
        .contains("RW-VOLUME-SPIKE");
  }
}
