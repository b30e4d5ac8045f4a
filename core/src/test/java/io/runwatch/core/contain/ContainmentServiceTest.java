package io.runwatch.core.contain;

import static io.runwatch.core.contain.ContainFixtures.OTHER_SESSION;
import static io.runwatch.core.contain.ContainFixtures.RESPONDER_ROLE;
import static io.runwatch.core.contain.ContainFixtures.RESPONDER_SESSION;
import static io.runwatch.core.contain.ContainFixtures.indexOf;
import static io.runwatch.core.contain.ContainFixtures.json;
import static io.runwatch.core.triage.TriageFixtures.aws;
import static io.runwatch.core.triage.TriageFixtures.iamUser;
import static io.runwatch.core.triage.TriageFixtures.matcher;
import static io.runwatch.core.triage.TriageFixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runwatch.core.model.Cloud;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.port.AuditLog;
import io.runwatch.core.port.AuditLog.AuditRecord;
import io.runwatch.core.port.InMemoryAuditLog;
import io.runwatch.core.port.InMemoryFindingStore;
import io.runwatch.core.triage.ContainmentAction.Kind;
import io.runwatch.core.triage.Finding;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ContainmentServiceTest {
  private static final Caller RESPONDER = Caller.verified(RESPONDER_SESSION, "function-url");
  private static final Caller DEVELOPER = Caller.verified(OTHER_SESSION, "function-url");
  private static final Caller INVOKE = Caller.unverified("lambda-invoke", "lambda-invoke");

  private final FakeContainmentProvider cloud = new FakeContainmentProvider();
  private final InMemoryFindingStore findings = new InMemoryFindingStore();
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final AtomicInteger ids = new AtomicInteger();
  private Finding finding;
  private String findingId;
  private int isolate;
  private int disable;
  private int snapshot;

  private ContainmentService service(Policy policy, AuditLog log) {
    return new ContainmentService(
        cloud,
        Cloud.AWS,
        findings,
        log,
        AwsResponderRoles.of(List.of(RESPONDER_ROLE)),
        policy,
        Clock.fixed(Instant.parse("2024-05-14T10:00:00Z"), ZoneOffset.UTC),
        () -> "audit-" + ids.incrementAndGet());
  }

  private ContainmentService service() {
    return service(Policy.defaults(), audit);
  }

  @BeforeEach
  void storeFinding() {
    finding =
        ContainFixtures.finding(
            aws(iamUser("alice", "AKIAEXAMPLEALICE0001")).build(), Policy.defaults());
    findingId = ContainFixtures.store(findings, finding);
    isolate = indexOf(finding, Kind.ISOLATE_VM);
    disable = indexOf(finding, Kind.DISABLE_PRINCIPAL);
    snapshot = indexOf(finding, Kind.SNAPSHOT_VM);
  }

  private byte[] request(int action, String mode, String confirm) {
    return json(
        "{\"findingId\":\""
            + findingId
            + "\",\"action\":"
            + action
            + (mode == null ? "" : ",\"mode\":\"" + mode + "\"")
            + (confirm == null ? "" : ",\"confirm\":\"" + confirm + "\"")
            + "}");
  }

  private AuditRecord lastAudit() {
    List<AuditRecord> all = audit.records();
    assertThat(all).isNotEmpty();
    return all.get(all.size() - 1);
  }

  @Nested
  class DryRun {
    @Test
    void isTheDefaultAndChangesNothing() {
      ContainmentResponse r = service().handle(RESPONDER, request(isolate, null, null));

      assertThat(r.decision()).isEqualTo(Decision.PLANNED);
      assertThat(r.mode()).isEqualTo(Mode.DRY_RUN);
      assertThat(r.planId()).startsWith("plan-");
      assertThat(r.plan().changes())
          .extracting(Change::summary)
          .containsExactly(
              "fake:Tag i-0a1b2c3d4e5f60001 tag:original-sgs: (none) -> sg-web",
              "fake:SetGroups i-0a1b2c3d4e5f60001 SecurityGroups: sg-web -> sg-quarantine");
      assertThat(cloud.calls).isEmpty();
      assertThat(cloud.state).isEmpty();
      AuditRecord a = lastAudit();
      assertThat(a.decision()).isEqualTo("PLANNED");
      assertThat(a.mode()).isEqualTo("DRY_RUN");
      assertThat(a.caller()).isEqualTo(RESPONDER_SESSION);
      assertThat(a.action()).isEqualTo("ISOLATE_VM");
      assertThat(a.findingId()).isEqualTo(findingId);
      assertThat(a.id()).isEqualTo(r.auditId());
      assertThat(a.details()).containsEntry("planId", r.planId()).containsKey("change.1");
    }

    @Test
    void planIdIsDeterministicAndFollowsTheState() {
      String first = service().handle(RESPONDER, request(isolate, null, null)).planId();
      String again = service().handle(RESPONDER, request(isolate, "dry-run", null)).planId();
      cloud.state.put("i-0a1b2c3d4e5f60001#SecurityGroups", "sg-web,sg-admin");
      String changed = service().handle(RESPONDER, request(isolate, null, null)).planId();

      assertThat(again).isEqualTo(first);
      assertThat(changed).isNotEqualTo(first);
    }

    @Test
    void byKindWhenTheFindingHasOnlyOne() {
      ContainmentResponse r =
          service()
              .handle(
                  RESPONDER,
                  json("{\"findingId\":\"" + findingId + "\",\"action\":\"DISABLE_PRINCIPAL\"}"));
      assertThat(r.decision()).isEqualTo(Decision.PLANNED);
      assertThat(r.action()).isEqualTo("DISABLE_PRINCIPAL");
      assertThat(r.plan().changes()).extracting(Change::resource).containsExactly("user/alice");
    }

    @Test
    void explicitActionWithoutFinding() {
      ContainmentResponse r =
          service()
              .handle(
                  RESPONDER,
                  json(
                      "{\"action\":{\"kind\":\"SNAPSHOT_VM\",\"parameters\":{\"vm\":\"i-0123456789abcdef0\"}}}"));
      assertThat(r.decision()).isEqualTo(Decision.PLANNED);
      assertThat(r.findingId()).isNull();
      assertThat(lastAudit().details()).containsEntry("param.vm", "i-0123456789abcdef0");
    }
  }

  @Nested
  class Execute {
    @Test
    void confirmedPlanIsAppliedAndAuditedBeforeAndAfter() {
      String planId = service().handle(RESPONDER, request(isolate, null, null)).planId();
      ContainmentResponse r = service().handle(RESPONDER, request(isolate, "execute", planId));

      assertThat(r.decision()).isEqualTo(Decision.DONE);
      assertThat(r.planId()).isEqualTo(planId);
      assertThat(cloud.state)
          .containsEntry("i-0a1b2c3d4e5f60001#SecurityGroups", "sg-quarantine")
          .containsEntry("i-0a1b2c3d4e5f60001#tag:original-sgs", "sg-web");
      assertThat(r.result().outcomes())
          .extracting(Outcome::status)
          .containsOnly(Outcome.Status.DONE);
      List<AuditRecord> records = audit.records();
      assertThat(records)
          .extracting(AuditRecord::decision)
          .containsExactly("PLANNED", "PLANNED", "DONE");
      assertThat(records.get(1).mode()).isEqualTo("EXECUTE");
      assertThat(records.get(1).reason()).contains("applying 2 change(s)");
      assertThat(records.get(2).details())
          .containsKeys("outcome.0", "outcome.1")
          .containsEntry("confirm", planId);
    }

    @Test
    void withoutConfirmIsRefusedButShowsThePlanToConfirm() {
      ContainmentResponse r = service().handle(RESPONDER, request(isolate, "execute", null));
      assertThat(r.decision()).isEqualTo(Decision.REFUSED);
      assertThat(r.reason()).contains("confirm required");
      assertThat(r.planId()).startsWith("plan-");
      assertThat(cloud.calls).isEmpty();
      assertThat(lastAudit().decision()).isEqualTo("REFUSED");
    }

    @Test
    void confirmOfAnOlderStateIsRefused() {
      String planId = service().handle(RESPONDER, request(isolate, null, null)).planId();
      cloud.state.put("i-0a1b2c3d4e5f60001#SecurityGroups", "sg-web,sg-new");

      ContainmentResponse r = service().handle(RESPONDER, request(isolate, "execute", planId));

      assertThat(r.decision()).isEqualTo(Decision.REFUSED);
      assertThat(r.reason()).contains("does not match the current plan");
      assertThat(r.planId()).isNotEqualTo(planId);
      assertThat(cloud.calls).isEmpty();
      assertThat(lastAudit().details())
          .containsEntry("confirm", planId)
          .containsEntry("planId", r.planId());
    }

    @Test
    void confirmOfAnotherActionIsRefused() {
      String snapshotPlan = service().handle(RESPONDER, request(snapshot, null, null)).planId();
      ContainmentResponse r =
          service().handle(RESPONDER, request(isolate, "execute", snapshotPlan));
      assertThat(r.decision()).isEqualTo(Decision.REFUSED);
      assertThat(cloud.calls).isEmpty();
    }

    @Test
    void reExecutingIsIdempotent() {
      String planId = service().handle(RESPONDER, request(disable, null, null)).planId();
      service().handle(RESPONDER, request(disable, "execute", planId));
      assertThat(cloud.calls).hasSize(1);

      ContainmentResponse again = service().handle(RESPONDER, request(disable, "execute", planId));

      assertThat(again.decision()).isEqualTo(Decision.DONE);
      assertThat(again.reason()).contains("already in place");
      assertThat(again.result().outcomes())
          .extracting(Outcome::status)
          .containsExactly(Outcome.Status.ALREADY_IN_PLACE);
      assertThat(cloud.calls).as("no second call").hasSize(1);
      ContainmentResponse dry = service().handle(RESPONDER, request(disable, null, null));
      assertThat(dry.plan().satisfied()).isTrue();
      assertThat(dry.reason()).contains("already in place");
    }

    @Test
    void confirmWithDryRunModeIsRefused() {
      String planId = service().handle(RESPONDER, request(disable, null, null)).planId();
      ContainmentResponse r = service().handle(RESPONDER, request(disable, "dry-run", planId));
      assertThat(r.decision()).isEqualTo(Decision.REFUSED);
      assertThat(r.reason()).contains("mode execute or rollback");
      assertThat(cloud.calls).isEmpty();
    }

    @Test
    void providerFailureIsFailedWithTheApiNamedAndAudited() {
      cloud.failOn =
          new ProviderFailure(
              ProviderFailure.Kind.ACCESS_DENIED,
              "fake:SetGroups",
              "i-0a1b2c3d4e5f60001",
              "AccessDenied",
              "not authorized");
      String planId = service().handle(RESPONDER, request(isolate, null, null)).planId();

      ContainmentResponse r = service().handle(RESPONDER, request(isolate, "execute", planId));

      assertThat(r.decision()).isEqualTo(Decision.FAILED);
      assertThat(r.reason())
          .isEqualTo(
              "ACCESS_DENIED fake:SetGroups on i-0a1b2c3d4e5f60001: AccessDenied (not authorized)");
      assertThat(r.result().outcomes())
          .extracting(Outcome::status)
          .containsExactly(Outcome.Status.DONE, Outcome.Status.FAILED);
      AuditRecord a = lastAudit();
      assertThat(a.decision()).isEqualTo("FAILED");
      assertThat(a.details().get("failure")).contains("fake:SetGroups", "AccessDenied");
    }

    @Test
    void readFailureWhilePlanningIsFailed() {
      cloud.failPlanning =
          new ProviderFailure(
              ProviderFailure.Kind.THROTTLED,
              "fake:Describe",
              "i-1",
              "Throttling",
              "Rate exceeded");
      ContainmentResponse r = service().handle(RESPONDER, request(isolate, null, null));
      assertThat(r.decision()).isEqualTo(Decision.FAILED);
      assertThat(r.failure().kind()).isEqualTo(ProviderFailure.Kind.THROTTLED);
      assertThat(lastAudit().decision()).isEqualTo("FAILED");
    }

    @Test
    void unsupportedActionIsRefused() {
      ContainmentResponse r =
          service()
              .handle(
                  RESPONDER,
                  json("{\"action\":{\"kind\":\"REVOKE_CREDENTIALS\",\"parameters\":{}}}"));
      assertThat(r.decision()).isEqualTo(Decision.REFUSED);
      assertThat(r.reason()).startsWith("UNSUPPORTED");
    }

    @Test
    void nothingChangesWhenTheAuditLogIsDown() {
      String planId = service().handle(RESPONDER, request(isolate, null, null)).planId();
      AuditLog down =
          record -> {
            throw new IllegalStateException("audit table unavailable");
          };
      assertThatThrownBy(
              () ->
                  service(Policy.defaults(), down)
                      .handle(RESPONDER, request(isolate, "execute", planId)))
          .hasMessageContaining("audit table unavailable");
      assertThat(cloud.calls).isEmpty();
    }
  }

  @Nested
  class Rollback {
    @Test
    void dryRunThenConfirmRestoresTheGroups() {
      String planId = service().handle(RESPONDER, request(isolate, null, null)).planId();
      service().handle(RESPONDER, request(isolate, "execute", planId));

      ContainmentResponse plan = service().handle(RESPONDER, request(isolate, "rollback", null));
      assertThat(plan.decision()).isEqualTo(Decision.PLANNED);
      assertThat(plan.plan().direction()).isEqualTo(Direction.ROLLBACK);
      assertThat(cloud.calls).hasSize(2);

      ContainmentResponse done =
          service().handle(RESPONDER, request(isolate, "rollback", plan.planId()));

      assertThat(done.decision()).isEqualTo(Decision.DONE);
      assertThat(cloud.state)
          .containsEntry("i-0a1b2c3d4e5f60001#SecurityGroups", "sg-web")
          .doesNotContainKey("i-0a1b2c3d4e5f60001#tag:original-sgs");
      assertThat(lastAudit().mode()).isEqualTo("ROLLBACK");
      assertThat(lastAudit().details()).containsEntry("direction", "ROLLBACK");
    }

    @Test
    void snapshotHasNone() {
      ContainmentResponse r = service().handle(RESPONDER, request(snapshot, "rollback", null));
      assertThat(r.decision()).isEqualTo(Decision.REFUSED);
      assertThat(r.reason()).isEqualTo("SNAPSHOT_VM has no rollback");
      assertThat(lastAudit().decision()).isEqualTo("REFUSED");
    }
  }

  @Nested
  class Authorization {
    @Test
    void unverifiedCallerMayDryRunOnly() {
      ContainmentResponse dry = service().handle(INVOKE, request(disable, null, null));
      assertThat(dry.decision()).isEqualTo(Decision.PLANNED);
      assertThat(lastAudit().caller()).isEqualTo("lambda-invoke");
      assertThat(lastAudit().details()).containsEntry("callerVerified", "false");

      ContainmentResponse exec =
          service().handle(INVOKE, request(disable, "execute", dry.planId()));
      assertThat(exec.decision()).isEqualTo(Decision.REFUSED);
      assertThat(exec.reason()).contains("not verified", "function URL");
      assertThat(exec.plan()).as("refused before planning").isNull();
      ContainmentResponse rollback =
          service().handle(INVOKE, request(disable, "rollback", "plan-x"));
      assertThat(rollback.decision()).isEqualTo(Decision.REFUSED);
      assertThat(cloud.calls).isEmpty();
    }

    @Test
    void verifiedNonResponderIsRefusedEvenForDryRunBeforeTheFindingIsRead() {
      ContainmentResponse r = service().handle(DEVELOPER, request(disable, null, null));
      assertThat(r.decision()).isEqualTo(Decision.REFUSED);
      assertThat(r.reason()).contains("not a responder role");
      assertThat(r.plan()).isNull();
      assertThat(r.action()).as("the finding was not read").isEqualTo("#" + disable);
      AuditRecord a = lastAudit();
      assertThat(a.caller()).isEqualTo(OTHER_SESSION);
      assertThat(a.decision()).isEqualTo("REFUSED");
    }

    @Test
    void aResponderRoleIsNeverATarget() {
      ContainmentResponse r =
          service()
              .handle(
                  RESPONDER,
                  json(
                      "{\"action\":{\"kind\":\"REVOKE_SESSIONS\",\"parameters\":{\"roleArn\":\""
                          + RESPONDER_ROLE
                          + "\",\"roleName\":\"IncidentResponder\"}}}"));
      assertThat(r.decision()).isEqualTo(Decision.REFUSED);
      assertThat(r.reason()).contains("lock out responders");
    }
  }

  @Nested
  class ProtectedPrincipals {
    @Test
    void blockedByTriageIsRefused() {
      Policy protecting =
          policy(
              List.of(), List.of(), List.of(), List.of(matcher("arn:aws:iam::*:user/breakglass")));
      Finding f =
          ContainFixtures.finding(
              aws(iamUser("breakglass", "AKIAEXAMPLEBREAK0001")).build(), protecting);
      String id = ContainFixtures.store(findings, f);

      ContainmentResponse r =
          service()
              .handle(
                  RESPONDER,
                  json(
                      "{\"findingId\":\""
                          + id
                          + "\",\"action\":\"DISABLE_PRINCIPAL\",\"mode\":\"execute\",\"confirm\":\"plan-0\"}"));

      assertThat(r.decision()).isEqualTo(Decision.REFUSED);
      assertThat(r.reason()).isEqualTo("action is blocked: protected principal");
      assertThat(cloud.calls).isEmpty();
      assertThat(lastAudit().decision()).isEqualTo("REFUSED");
    }

    @Test
    void policyInForceNowProtectsFindingsAndExplicitActions() {
      Policy protecting =
          policy(List.of(), List.of(), List.of(), List.of(matcher("arn:aws:iam::*:user/alice")));
      ContainmentResponse fromFinding =
          service(protecting, audit).handle(RESPONDER, request(disable, null, null));
      ContainmentResponse explicit =
          service(protecting, audit)
              .handle(
                  RESPONDER,
                  json(
                      "{\"action\":{\"kind\":\"DISABLE_PRINCIPAL\",\"parameters\":{\"principal\":\"arn:aws:iam::111122223333:user/alice\",\"userName\":\"alice\"}}}"));

      assertThat(fromFinding.decision()).isEqualTo(Decision.REFUSED);
      assertThat(explicit.decision()).isEqualTo(Decision.REFUSED);
      assertThat(explicit.reason()).contains("protected by policy", "user/alice");
      assertThat(audit.records())
          .extracting(AuditRecord::decision)
          .containsExactly("REFUSED", "REFUSED");
    }

    @Test
    void actionOfAnotherCloudIsRefused() {
      ContainmentResponse r =
          service()
              .handle(
                  RESPONDER,
                  json(
                      "{\"action\":{\"kind\":\"ISOLATE_VM\",\"cloud\":\"GCP\",\"parameters\":{\"vm\":\"x\"}}}"));
      assertThat(r.decision()).isEqualTo(Decision.REFUSED);
      assertThat(r.reason()).contains("GCP");
    }
  }

  @Nested
  class MalformedRequests {
    private ContainmentResponse refused(String body) {
      ContainmentResponse r = service().handle(RESPONDER, json(body));
      assertThat(r.decision()).isEqualTo(Decision.REFUSED);
      assertThat(lastAudit().decision()).isEqualTo("REFUSED");
      assertThat(lastAudit().id()).isEqualTo(r.auditId());
      assertThat(cloud.calls).isEmpty();
      return r;
    }

    @Test
    void everyOneIsRefusedAndAuditedWithTheFieldNamed() {
      assertThat(refused("not json").reason()).startsWith("(body): not JSON");
      assertThat(lastAudit().action()).isEqualTo("(unparsed)");
      assertThat(lastAudit().mode()).isEqualTo("UNKNOWN");
      assertThat(refused("{\"findingId\":\"x\",\"action\":0,\"confirmed\":\"p\"}").reason())
          .startsWith("confirmed: unknown field");
      assertThat(refused("{\"findingId\":\"x\",\"action\":0,\"mode\":\"now\"}").reason())
          .startsWith("mode: expected");
      assertThat(refused("{\"findingId\":\"nope\",\"action\":0}").reason())
          .isEqualTo("findingId: no finding nope");
      assertThat(refused("{\"findingId\":\"" + findingId + "\",\"action\":99}").reason())
          .startsWith("action: index 99 but the finding has");
      assertThat(
              refused("{\"findingId\":\"" + findingId + "\",\"action\":\"REVOKE_SESSIONS\"}")
                  .reason())
          .isEqualTo("action: the finding has no REVOKE_SESSIONS action");
      assertThat(refused("{\"action\":{\"kind\":\"ISOLATE_VM\",\"parameters\":{}}}").reason())
          .isEqualTo("INVALID parameters.vm (required)");
      assertThat(audit.records()).hasSize(7);
    }

    @Test
    void ambiguousKindAsksForTheIndex() {
      Finding twoVms =
          ContainFixtures.finding(
              aws(iamUser("carol", "AKIAEXAMPLECAROL001"))
                  .targets(io.runwatch.core.triage.TriageFixtures.vms(2))
                  .build(),
              Policy.defaults());
      String id = ContainFixtures.store(findings, twoVms);
      assertThat(refused("{\"findingId\":\"" + id + "\",\"action\":\"ISOLATE_VM\"}").reason())
          .contains("2 ISOLATE_VM actions", "send the index");
    }
  }
}
