package io.runwatch.core.detect.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.baseline.Baseline;
import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Detectors;
import io.runwatch.core.detect.RecentActivity;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.ingest.IngestListener;
import io.runwatch.core.ingest.IngestStats;
import io.runwatch.core.ingest.Ingestor;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.IdentityChange;
import io.runwatch.core.model.IdentityChange.Kind;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.PrincipalKind;
import io.runwatch.core.model.VmRef;
import io.runwatch.core.policy.Policy;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecentIdentityChangeDetectorTest {
  private static final String ALICE = "arn:aws:iam::111122223333:user/alice";
  private static final String BOB = "arn:aws:iam::111122223333:user/bob";
  private static final Instant T = Instant.parse("2026-03-02T12:00:00Z");
  private final RecentIdentityChangeDetector detector = new RecentIdentityChangeDetector();

  @Test
  void isRegisteredAndDescribesItself() {
    assertThat(Detectors.all()).anyMatch(d -> d.id().equals("RW-RECENT-IDENTITY-CHANGE"));
    assertThat(detector.attack()).isEqualTo("TA0003:T1098");
    assertThat(detector.defaultSeverity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void theReasonNamesKindTimeActorAndDetail() {
    DetectorHit hit =
        evaluate(
                command(new Principal(ALICE, "alice", PrincipalKind.HUMAN, null, null)),
                change(
                    ALICE,
                    BOB,
                    Kind.ACCESS_KEY_CREATED,
                    T.minusSeconds(42 * 60),
                    "access key AKIAEXAMPLE00000002 created"))
            .orElseThrow();

    assertThat(hit.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(hit.score()).isEqualTo(90);
    assertThat(hit.reason())
        .isEqualTo(
            "New access key for "
                + ALICE
                + " by "
                + BOB
                + " at 2026-03-02T11:18:00Z, 42 min before this command (access key"
                + " AKIAEXAMPLE00000002 created)");
    assertThat(hit.facts())
        .containsEntry("changeKind", "ACCESS_KEY_CREATED")
        .containsEntry("changeActor", BOB)
        .containsEntry("changedByOther", "true")
        .containsEntry("usesNewCredential", "false")
        .containsEntry("minutesBefore", "42")
        .containsEntry("window", "PT24H");
  }

  @Test
  void saysWhenTheCommandUsedTheNewKey() {
    DetectorHit hit =
        evaluate(
                command(
                    new Principal(
                        ALICE, "alice", PrincipalKind.HUMAN, null, "AKIAEXAMPLE00000002")),
                change(
                    ALICE,
                    BOB,
                    Kind.ACCESS_KEY_CREATED,
                    T.minusSeconds(600),
                    "access key AKIAEXAMPLE00000002 created"))
            .orElseThrow();

    assertThat(hit.facts()).containsEntry("usesNewCredential", "true");
    assertThat(hit.reason()).contains("the command used that credential");
  }

  @Test
  void aGcpKeyNameMatchesTheKeyIdOfTheChange() {
    assertThat(
            RecentIdentityChangeDetector.usesCredential(
                "//iam.googleapis.com/projects/p/serviceAccounts/d@p.iam.gserviceaccount.com/keys/"
                    + "4a1b9c2d7e3f8a5b",
                "key 4a1b9c2d7e3f8a5b created"))
        .isTrue();
    assertThat(RecentIdentityChangeDetector.usesCredential("AKIAOTHER0000000", "key abc created"))
        .isFalse();
  }

  @Test
  void anotherActorOutweighsALaterChangeOfItsOwn() {
    DetectorHit hit =
        evaluate(
                command(new Principal(ALICE, "alice", PrincipalKind.HUMAN, null, null)),
                change(ALICE, BOB, Kind.POLICY_CHANGED, T.minusSeconds(7200), "policy x"),
                change(ALICE, ALICE, Kind.ACCESS_KEY_CREATED, T.minusSeconds(60), "own key"))
            .orElseThrow();

    assertThat(hit.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(hit.facts()).containsEntry("changeKind", "POLICY_CHANGED");
    assertThat(hit.facts()).containsEntry("changesInWindow", "2");
    assertThat(hit.reason()).endsWith("; 1 more identity change in the window");
  }

  @Test
  void aChangeInTheCommandsOwnSecondCountsOneJustAfterDoesNot() {
    Principal alice = new Principal(ALICE, "alice", PrincipalKind.HUMAN, null, null);

    assertThat(evaluate(command(alice), change(ALICE, ALICE, Kind.MFA_CHANGED, T, "mfa")))
        .isPresent();
    assertThat(
            evaluate(
                command(alice), change(ALICE, ALICE, Kind.MFA_CHANGED, T.plusMillis(1), "mfa")))
        .isEmpty();
  }

  @Test
  void aSignInWithoutHistoryOrAddressSaysNothing() {
    Principal alice = new Principal(ALICE, "alice", PrincipalKind.HUMAN, null, null);

    assertThat(
            evaluate(
                command(alice),
                change(ALICE, ALICE, Kind.SIGN_IN, T.minusSeconds(60), "203.0.113.5")))
        .isEmpty();
    assertThat(
            evaluate(
                command(alice),
                change(ALICE, ALICE, Kind.SIGN_IN, T.minusSeconds(60), "AWS Internal")))
        .isEmpty();
  }

  @Test
  void anUnknownPrincipalJoinsNothing() {
    assertThat(
            evaluate(
                command(Principal.UNKNOWN),
                change("unknown", BOB, Kind.ACCESS_KEY_CREATED, T.minusSeconds(60), "k")))
        .isEmpty();
  }

  /** The parsers' subjects meet the command parser's principals: a user with an IAM path. */
  @Test
  void changesReadFromCloudTrailJoinACommandOfTheUserWithAPath() throws Exception {
    List<IdentityChange> changes = new ArrayList<>();
    IngestListener listener =
        new IngestListener() {
          @Override
          public void command(AdminCommand command) {}

          @Override
          public void identityChange(IdentityChange change) {
            changes.add(change);
          }
        };
    new Ingestor()
        .ingest(
            "built",
            Files.readAllBytes(resource("/events/identity/aws-iam-calls-built.json")),
            listener,
            new IngestStats());
    Principal dan =
        new Principal(
            "arn:aws:iam::111122223333:user/engineering/dev-dan",
            "dev-dan",
            PrincipalKind.HUMAN,
            null,
            "AKIAEXAMPLEDAN000002");
    AdminCommand sent =
        command(dan).toBuilder().time(Instant.parse("2026-03-02T09:30:00Z")).build();

    DetectorHit hit = evaluate(sent, changes.toArray(IdentityChange[]::new)).orElseThrow();
    assertThat(hit.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(hit.facts())
        .containsEntry("changeSubject", "arn:aws:iam::111122223333:user/dev-dan")
        .containsEntry("changeActor", "arn:aws:iam::111122223333:user/ops/admin-carol")
        .containsEntry("changesInWindow", "7")
        .containsEntry("changeKind", "MFA_CHANGED");
  }

  private Optional<DetectorHit> evaluate(AdminCommand command, IdentityChange... changes) {
    Baseline baseline = Baseline.empty(Baseline.scopeOf(command));
    return detector.evaluate(
        new DetectionContext(
            command,
            null,
            baseline,
            Policy.defaults(),
            new RecentActivity(List.of(command), List.of(changes), List.of()),
            T.plusSeconds(3600)));
  }

  private static AdminCommand command(Principal principal) {
    return AdminCommand.builder()
        .cloud(Cloud.AWS)
        .account("111122223333")
        .operation(Operation.SEND_COMMAND)
        .eventName("SendCommand")
        .principal(principal)
        .sourceIp("203.0.113.9")
        .targets(List.of(VmRef.of("i-0abc123def4567890")))
        .outcome(Outcome.SUCCEEDED)
        .time(T)
        .eventId("cmd")
        .build();
  }

  private static IdentityChange change(
      String subject, String actor, Kind kind, Instant time, String detail) {
    return new IdentityChange(
        Cloud.AWS, "111122223333", subject, actor, kind, time, detail, "evt", null);
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(RecentIdentityChangeDetectorTest.class.getResource(name).toURI());
  }
}
