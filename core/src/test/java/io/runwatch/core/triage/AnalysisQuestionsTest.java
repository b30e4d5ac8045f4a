package io.runwatch.core.triage;

import static io.runwatch.core.triage.TriageFixtures.T;
import static io.runwatch.core.triage.TriageFixtures.automation;
import static io.runwatch.core.triage.TriageFixtures.aws;
import static io.runwatch.core.triage.TriageFixtures.change;
import static io.runwatch.core.triage.TriageFixtures.context;
import static io.runwatch.core.triage.TriageFixtures.correlation;
import static io.runwatch.core.triage.TriageFixtures.hit;
import static io.runwatch.core.triage.TriageFixtures.iamUser;
import static io.runwatch.core.triage.TriageFixtures.learned;
import static io.runwatch.core.triage.TriageFixtures.matcher;
import static io.runwatch.core.triage.TriageFixtures.policy;
import static io.runwatch.core.triage.TriageFixtures.recent;
import static io.runwatch.core.triage.TriageFixtures.roleSession;
import static io.runwatch.core.triage.TriageFixtures.target;
import static io.runwatch.core.triage.TriageFixtures.vms;
import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.baseline.Baseline;
import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.correlate.CorrelationStatus;
import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.RecentActivity;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.geo.FixedNetworkLookup;
import io.runwatch.core.geo.NetworkInfo;
import io.runwatch.core.geo.NetworkLookup;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.IdentityChange;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.model.Principal;
import io.runwatch.core.policy.Policy;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AnalysisQuestionsTest {
  private final Triage triage = new Triage();
  private final Principal alice = iamUser("alice", "AKIAEXAMPLEALICE0001");
  private final AdminCommand cmd = aws(alice).build();

  private AnalysisAnswer answer(DetectionContext ctx, String question) {
    Finding f =
        triage.triage(ctx, List.of(hit("RW-NEW-SOURCE", Severity.MEDIUM, 50))).orElseThrow();
    return f.answers().stream()
        .filter(a -> a.question().equals(question))
        .findFirst()
        .orElseThrow();
  }

  private static DetectionContext ctx(
      AdminCommand c, CommandCorrelation cc, Policy p, Baseline b, RecentActivity r) {
    return context(c, cc, p, b, r);
  }

  private DetectionContext ctx(AdminCommand c) {
    return context(c);
  }

  @Test
  void everyFindingAnswersTheSevenQuestionsInOrder() {
    Finding f = triage.triage(ctx(cmd), List.of(hit("RW-X", Severity.LOW, 5))).orElseThrow();
    assertThat(f.answers())
        .extracting(AnalysisAnswer::question)
        .containsExactly(
            "Was there recent identity change for this principal?",
            "Is the initiator known and trusted?",
            "Is the source IP, network, country or ASN new?",
            "Did denied or failed attempts precede it?",
            "Did the command materialize, on which VMs, running what?",
            "Does it fan out?",
            "Related findings in the window?");
  }

  @Nested
  class IdentityChanges {
    @Test
    void aChangeInTheDayBeforeIsConcerning() {
      RecentActivity r =
          recent(
              List.of(),
              List.of(
                  change(
                      alice.id(), IdentityChange.Kind.ACCESS_KEY_CREATED, T.minusSeconds(3600))));
      AnalysisAnswer a =
          answer(
              ctx(cmd, null, Policy.defaults(), learned(cmd, List.of()), r),
              AnalysisQuestions.IDENTITY_CHANGE);
      assertThat(a.concerning()).isTrue();
      assertThat(a.answer())
          .startsWith("Yes: 1 change in the 24 h before")
          .contains("ACCESS_KEY_CREATED")
          .contains("2024-05-14T08:30:00Z")
          .contains("AKIANEWKEY");
    }

    @Test
    void aChangeTwoDaysBeforeIsNot() {
      RecentActivity r =
          recent(
              List.of(),
              List.of(
                  change(
                      alice.id(), IdentityChange.Kind.POLICY_CHANGED, T.minusSeconds(48 * 3600))));
      AnalysisAnswer a =
          answer(
              ctx(cmd, null, Policy.defaults(), learned(cmd, List.of()), r),
              AnalysisQuestions.IDENTITY_CHANGE);
      assertThat(a.concerning()).isFalse();
      assertThat(a.answer()).isEqualTo("No: no identity change to alice in the 24 h before.");
    }

    @Test
    void aChangeToTheRoleBehindASessionCounts() {
      Principal session = roleSession("Deployer", "ci-42");
      AdminCommand c = aws(session).build();
      RecentActivity r =
          recent(
              List.of(),
              List.of(
                  change(
                      session.issuer(), IdentityChange.Kind.TRUST_CHANGED, T.minusSeconds(600))));
      AnalysisAnswer a =
          answer(
              ctx(c, null, Policy.defaults(), learned(c, List.of()), r),
              AnalysisQuestions.IDENTITY_CHANGE);
      assertThat(a.concerning()).isTrue();
      assertThat(a.answer()).contains("TRUST_CHANGED");
    }
  }

  @Nested
  class Initiator {
    @Test
    void aDeclaredAdministratorIsTrusted() {
      Policy p = policy(List.of(matcher("*:user/alice")), List.of(), List.of(), List.of());
      AnalysisAnswer a =
          answer(
              ctx(cmd, null, p, learned(cmd, List.of()), RecentActivity.empty()),
              AnalysisQuestions.INITIATOR);
      assertThat(a.concerning()).isFalse();
      assertThat(a.answer()).startsWith("Yes: alice is a declared administrator.");
    }

    @Test
    void approvedAutomationInScopeIsTrustedAndOutOfScopeIsNot() {
      AdminCommand c = aws(roleSession("PatchAutomation", "nightly")).build();
      Policy in =
          policy(
              List.of(),
              List.of(automation("patching", "*PatchAutomation*", List.of(), List.of())),
              List.of(),
              List.of());
      assertThat(
              answer(
                  ctx(c, null, in, learned(c, List.of()), RecentActivity.empty()),
                  AnalysisQuestions.INITIATOR))
          .satisfies(a -> assertThat(a.concerning()).isFalse())
          .satisfies(a -> assertThat(a.answer()).contains("approved automation 'patching'"));
      Policy out =
          policy(
              List.of(),
              List.of(
                  automation(
                      "patching", "*PatchAutomation*", List.of("AWS-RunPatchBaseline"), List.of())),
              List.of(),
              List.of());
      AnalysisAnswer a =
          answer(
              ctx(c, null, out, learned(c, List.of()), RecentActivity.empty()),
              AnalysisQuestions.INITIATOR);
      assertThat(a.concerning()).isTrue();
      assertThat(a.answer()).startsWith("Partly:").contains("outside its declared");
    }

    @Test
    void historyMakesItKnownWithCountsAndFirstSeen() {
      List<AdminCommand> history =
          List.of(
              cmd.toBuilder().time(T.minusSeconds(10 * 86_400)).eventId("h1").build(),
              cmd.toBuilder().time(T.minusSeconds(2 * 86_400)).eventId("h2").build(),
              cmd.toBuilder().time(T.minusSeconds(86_400)).eventId("h3").build());
      AnalysisAnswer a =
          answer(
              ctx(cmd, null, Policy.defaults(), learned(cmd, history), RecentActivity.empty()),
              AnalysisQuestions.INITIATOR);
      assertThat(a.concerning()).isFalse();
      assertThat(a.answer())
          .startsWith("Known from history")
          .contains("3 earlier commands since 2024-05-04T09:30:00Z")
          .contains("last 2024-05-13T09:30:00Z");
    }

    @Test
    void aStrangerIsConcerning() {
      AnalysisAnswer a = answer(ctx(cmd), AnalysisQuestions.INITIATOR);
      assertThat(a.concerning()).isTrue();
      assertThat(a.answer())
          .startsWith("No: alice (a person) has no admin-command history in AWS|111122223333");
    }
  }

  @Nested
  class Source {
    private final List<AdminCommand> history =
        List.of(
            cmd.toBuilder()
                .sourceIp("198.51.100.20")
                .time(T.minusSeconds(86_400))
                .eventId("h")
                .build());

    private AnalysisAnswer source(String ip, List<AdminCommand> hist) {
      AdminCommand c = cmd.toBuilder().sourceIp(ip).build();
      return answer(
          ctx(c, null, Policy.defaults(), learned(c, hist), RecentActivity.empty()),
          AnalysisQuestions.SOURCE);
    }

    @Test
    void knownAddress() {
      AnalysisAnswer a = source("198.51.100.20", history);
      assertThat(a.concerning()).isFalse();
      assertThat(a.answer()).startsWith("No: 198.51.100.20 is one of 1 addresses");
    }

    @Test
    void newAddressInAKnownNetwork() {
      AnalysisAnswer a = source("198.51.100.99", history);
      assertThat(a.concerning()).isFalse();
      assertThat(a.answer()).contains("new, but its network 198.51.100.0/24 is known");
    }

    @Test
    void newAddressAndNetwork() {
      AnalysisAnswer a = source("203.0.113.66", history);
      assertThat(a.concerning()).isTrue();
      assertThat(a.answer()).startsWith("Yes: neither 203.0.113.66 nor its network 203.0.113.0/24");
    }

    @Test
    void noHistoryAtAll() {
      assertThat(source("203.0.113.66", List.of()).concerning()).isTrue();
    }

    private AnalysisAnswer sourceWithGeo(String ip) {
      AdminCommand c = cmd.toBuilder().sourceIp(ip).build();
      NetworkLookup geo =
          new FixedNetworkLookup()
              .with("198.51.100.0/24", new NetworkInfo("US", 16509L, "Amazon.com, Inc."))
              .with("198.51.101.0/24", new NetworkInfo("US", 16509L, "Amazon.com, Inc."))
              .with("203.0.113.0/24", new NetworkInfo("NL", 14061L, "DigitalOcean, LLC"));
      Baseline b = Baseline.empty(Baseline.scopeOf(c));
      for (AdminCommand h : history) {
        b = b.observe(h, geo.lookup(h.sourceIp()).orElse(null));
      }
      DetectionContext plain = ctx(c, null, Policy.defaults(), b, RecentActivity.empty());
      return answer(
          new DetectionContext(c, null, b, plain.policy(), plain.recent(), plain.now(), geo),
          AnalysisQuestions.SOURCE);
    }

    @Test
    void withAGeoDatabaseANewCountryAndAsnAreNamed() {
      AnalysisAnswer a = sourceWithGeo("203.0.113.66");
      assertThat(a.concerning()).isTrue();
      assertThat(a.answer())
          .contains(
              "It is AS14061 DigitalOcean, LLC, NL: a new country and ASN for this principal"
                  + " (history: US; AS16509 Amazon.com, Inc.).");
    }

    @Test
    void withAGeoDatabaseAKnownOperatorIsSaidToBeKnown() {
      AnalysisAnswer a = sourceWithGeo("198.51.101.7");
      assertThat(a.concerning()).isTrue();
      assertThat(a.answer())
          .startsWith("Yes: neither 198.51.101.7 nor its network 198.51.101.0/24")
          .contains("It is AS16509 Amazon.com, Inc., US, known for this principal.");
      assertThat(sourceWithGeo("198.51.100.20").answer())
          .startsWith("No: 198.51.100.20 is one of 1 addresses")
          .endsWith("It is AS16509 Amazon.com, Inc., US, known for this principal.");
    }

    @Test
    void aServiceOrNothing() {
      assertThat(source("ssm.amazonaws.com", history).concerning()).isFalse();
      AnalysisAnswer none = source(null, history);
      assertThat(none.concerning()).isNull();
      assertThat(none.answer()).startsWith("Unknown");
    }
  }

  @Nested
  class FailedBefore {
    @Test
    void deniedAttemptsInTheHourBefore() {
      AdminCommand d1 =
          cmd.toBuilder()
              .outcome(Outcome.DENIED)
              .errorCode("AccessDenied")
              .time(T.minusSeconds(900))
              .eventId("d1")
              .build();
      AdminCommand d2 =
          cmd.toBuilder()
              .outcome(Outcome.FAILED)
              .errorCode("InvalidInstanceId")
              .time(T.minusSeconds(300))
              .eventId("d2")
              .build();
      AnalysisAnswer a =
          answer(
              ctx(
                  cmd,
                  null,
                  Policy.defaults(),
                  learned(cmd, List.of()),
                  recent(List.of(d1, d2, cmd), List.of())),
              AnalysisQuestions.FAILED_BEFORE);
      assertThat(a.concerning()).isTrue();
      assertThat(a.answer())
          .startsWith("Yes: 1 denied and 1 failed in the hour before")
          .contains("first at 2024-05-14T09:15:00Z")
          .contains("AccessDenied, InvalidInstanceId")
          .endsWith("this one succeeded.");
    }

    @Test
    void olderAttemptsDoNotCount() {
      AdminCommand old =
          cmd.toBuilder()
              .outcome(Outcome.DENIED)
              .time(T.minusSeconds(2 * 3600))
              .eventId("old")
              .build();
      AnalysisAnswer a =
          answer(
              ctx(
                  cmd,
                  null,
                  Policy.defaults(),
                  learned(cmd, List.of()),
                  recent(List.of(old), List.of())),
              AnalysisQuestions.FAILED_BEFORE);
      assertThat(a.concerning()).isFalse();
      assertThat(a.answer()).startsWith("No:");
    }
  }

  @Nested
  class Materialized {
    private AnalysisAnswer materialized(AdminCommand c, CommandCorrelation cc) {
      return answer(
          ctx(c, cc, Policy.defaults(), learned(c, List.of()), RecentActivity.empty()),
          AnalysisQuestions.MATERIALIZED);
    }

    @Test
    void confirmedWithWhatRanRedacted() {
      AdminCommand c = cmd.toBuilder().targets(vms(3)).build();
      CommandCorrelation cc =
          correlation(
              c,
              target(
                  "i-0a1b2c3d4e5f60000",
                  CorrelationStatus.CONFIRMED,
                  "/bin/sh _script.sh",
                  "mysql --password=hunter2 -e 'select 1'"),
              target("i-0a1b2c3d4e5f60001", CorrelationStatus.NOT_OBSERVED),
              target("i-0a1b2c3d4e5f60002", CorrelationStatus.BLIND_SPOT));
      AnalysisAnswer a = materialized(c, cc);
      assertThat(a.concerning()).isTrue();
      assertThat(a.answer())
          .startsWith("Yes: CONFIRMED on 1 (i-0a1b2c3d4e5f60000); NOT_OBSERVED on 1")
          .contains("BLIND_SPOT on 1 (i-0a1b2c3d4e5f60002)")
          .contains("Ran: /bin/sh _script.sh | mysql --password=**** -e 'select 1'")
          .doesNotContain("hunter2");
    }

    @Test
    void notObservedAnywhereIsNotConcerning() {
      CommandCorrelation cc =
          correlation(cmd, target("i-0a1b2c3d4e5f60001", CorrelationStatus.NOT_OBSERVED));
      AnalysisAnswer a = materialized(cmd, cc);
      assertThat(a.concerning()).isFalse();
      assertThat(a.answer()).startsWith("Not observed:");
    }

    @Test
    void blindIsUnknown() {
      CommandCorrelation cc =
          correlation(cmd, target("i-0a1b2c3d4e5f60001", CorrelationStatus.BLIND_SPOT));
      assertThat(materialized(cmd, cc).concerning()).isNull();
      assertThat(materialized(cmd, null).concerning()).isNull();
      assertThat(materialized(cmd, null).answer()).startsWith("Unknown: no host telemetry");
    }

    @Test
    void deniedNeverRan() {
      AdminCommand denied =
          cmd.toBuilder().outcome(Outcome.DENIED).errorCode("AccessDenied").build();
      AnalysisAnswer a = materialized(denied, null);
      assertThat(a.concerning()).isFalse();
      assertThat(a.answer()).isEqualTo("No: the control plane denied the request (AccessDenied).");
    }
  }

  @Nested
  class FanOut {
    @Test
    void wideCommandsFanOut() {
      AnalysisAnswer a =
          answer(ctx(cmd.toBuilder().targets(vms(40)).build()), AnalysisQuestions.FAN_OUT);
      assertThat(a.concerning()).isTrue();
      assertThat(a.answer()).isEqualTo("Yes: reaches 40 VMs, above the fan-out threshold of 10.");
    }

    @Test
    void oneVmDoesNot() {
      AnalysisAnswer a = answer(ctx(cmd), AnalysisQuestions.FAN_OUT);
      assertThat(a.concerning()).isFalse();
      assertThat(a.answer())
          .isEqualTo("No: 1 VM (i-0a1b2c3d4e5f60001), within the fan-out threshold of 10.");
    }

    @Test
    void aSelectorWithoutACountIsUnknown() {
      AdminCommand c = cmd.toBuilder().targets(List.of()).targetSelector("tag:Env=prod").build();
      AnalysisAnswer a = answer(ctx(c), AnalysisQuestions.FAN_OUT);
      assertThat(a.concerning()).isNull();
      assertThat(a.answer()).contains("tag:Env=prod");
    }
  }

  @Nested
  class Related {
    @Test
    void unknownUntilTheCallerAttachesThem() {
      Finding f = triage.triage(ctx(cmd), List.of(hit("RW-X", Severity.LOW, 5))).orElseThrow();
      assertThat(f.answers().get(6).concerning()).isNull();
      assertThat(f.related()).isEmpty();

      Finding none = Triage.withRelated(f, List.of());
      assertThat(none.answers().get(6).concerning()).isFalse();

      Finding some = Triage.withRelated(f, List.of("rw-aaaa", f.id(), "rw-bbbb", "rw-aaaa"));
      assertThat(some.related()).containsExactly("rw-aaaa", "rw-bbbb");
      assertThat(some.answers().get(6).concerning()).isTrue();
      assertThat(some.answers().get(6).answer())
          .isEqualTo("Yes: 2 related findings: rw-aaaa, rw-bbbb.");
      assertThat(some.answers()).hasSize(7);
      assertThat(some.id()).isEqualTo(f.id());
    }
  }
}
