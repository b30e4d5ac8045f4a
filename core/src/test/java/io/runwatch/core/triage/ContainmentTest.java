package io.runwatch.core.triage;

import static io.runwatch.core.triage.TriageFixtures.aws;
import static io.runwatch.core.triage.TriageFixtures.azure;
import static io.runwatch.core.triage.TriageFixtures.context;
import static io.runwatch.core.triage.TriageFixtures.correlation;
import static io.runwatch.core.triage.TriageFixtures.gcp;
import static io.runwatch.core.triage.TriageFixtures.hit;
import static io.runwatch.core.triage.TriageFixtures.iamUser;
import static io.runwatch.core.triage.TriageFixtures.instanceRole;
import static io.runwatch.core.triage.TriageFixtures.learned;
import static io.runwatch.core.triage.TriageFixtures.matcher;
import static io.runwatch.core.triage.TriageFixtures.policy;
import static io.runwatch.core.triage.TriageFixtures.roleSession;
import static io.runwatch.core.triage.TriageFixtures.ssoUser;
import static io.runwatch.core.triage.TriageFixtures.target;
import static io.runwatch.core.triage.TriageFixtures.vms;
import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.correlate.CorrelationStatus;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.RecentActivity;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.PrincipalKind;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.triage.ContainmentAction.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ContainmentTest {
  private static final DetectorHit MEDIUM = hit("RW-NEW-SOURCE", Severity.MEDIUM, 50);
  private final Triage triage = new Triage();

  private List<ContainmentAction> actions(
      AdminCommand c, CommandCorrelation cc, Policy p, DetectorHit... hits) {
    return triage
        .triage(context(c, cc, p, learned(c, List.of()), RecentActivity.empty()), List.of(hits))
        .orElseThrow()
        .actions();
  }

  private List<ContainmentAction> actions(AdminCommand c) {
    return actions(c, null, Policy.defaults(), MEDIUM);
  }

  private static ContainmentAction only(List<ContainmentAction> actions, Kind kind) {
    List<ContainmentAction> of = actions.stream().filter(a -> a.kind() == kind).toList();
    assertThat(of).as("%s in %s", kind, actions).hasSize(1);
    return of.get(0);
  }

  private static List<Kind> kinds(List<ContainmentAction> actions) {
    return actions.stream().map(ContainmentAction::kind).toList();
  }

  @Test
  void nothingBelowMediumUnlessEscalated() {
    AdminCommand c = aws(iamUser("alice", "AKIAEXAMPLEALICE0001")).build();
    assertThat(actions(c, null, Policy.defaults(), hit("RW-VOLUME-SPIKE", Severity.LOW, 20)))
        .isEmpty();
    assertThat(
            actions(c, null, Policy.defaults(), hit("RW-FAILED-THEN-SUCCEEDED", Severity.LOW, 20)))
        .as("escalated although LOW")
        .isNotEmpty();
  }

  @Nested
  class Aws {
    @Test
    void iamUserKeyIsDeactivated() {
      List<ContainmentAction> a = actions(aws(iamUser("alice", "AKIAEXAMPLEALICE0001")).build());
      ContainmentAction disable = only(a, Kind.DISABLE_PRINCIPAL);
      assertThat(disable.cloud()).isEqualTo(Cloud.AWS);
      assertThat(disable.parameters())
          .containsEntry("accessKeyId", "AKIAEXAMPLEALICE0001")
          .containsEntry("userName", "alice")
          .containsEntry("principal", "arn:aws:iam::111122223333:user/alice");
      assertThat(disable.blocked()).isNull();
      assertThat(kinds(a)).doesNotContain(Kind.REVOKE_SESSIONS);
    }

    @Test
    void aTemporaryKeyIsNotDeactivatedButTheUserIsDenied() {
      ContainmentAction disable =
          only(
              actions(aws(iamUser("alice", "ASIATEMPORARY000001")).build()),
              Kind.DISABLE_PRINCIPAL);
      assertThat(disable.parameters()).doesNotContainKey("accessKeyId");
      assertThat(disable.why()).contains("temporary key ASIATEMPORARY000001");
    }

    @Test
    void assumedRoleSessionsAreRevokedOnTheIssuerRole() {
      List<ContainmentAction> a = actions(aws(roleSession("Deployer", "ci-42")).build());
      ContainmentAction revoke = only(a, Kind.REVOKE_SESSIONS);
      assertThat(revoke.parameters())
          .containsEntry("roleArn", "arn:aws:iam::111122223333:role/service/Deployer")
          .containsEntry("roleName", "Deployer")
          .containsEntry("sessionName", "ci-42")
          .containsEntry("conditionKey", "aws:TokenIssueTime")
          .containsEntry("tokenIssuedBefore", "2024-05-14T09:32:00Z");
      assertThat(kinds(a)).doesNotContain(Kind.DISABLE_PRINCIPAL);
    }

    @Test
    void aSessionWithoutIssuerDerivesTheRoleArn() {
      Principal p =
          new Principal(
              "arn:aws:sts::111122223333:assumed-role/Ops/bob",
              "Ops/bob",
              PrincipalKind.ROLE_SESSION,
              null,
              null);
      ContainmentAction revoke = only(actions(aws(p).build()), Kind.REVOKE_SESSIONS);
      assertThat(revoke.parameters())
          .containsEntry("roleArn", "arn:aws:iam::111122223333:role/Ops");
    }

    @Test
    void ssoPersonIsAlsoDisabledAtTheIdentityProvider() {
      List<ContainmentAction> a = actions(aws(ssoUser("carol")).build());
      assertThat(only(a, Kind.REVOKE_SESSIONS).parameters().get("roleName"))
          .isEqualTo("AWSReservedSSO_Admin_0123456789abcdef");
      assertThat(only(a, Kind.DISABLE_PRINCIPAL).parameters()).containsEntry("userName", "carol");
    }

    @Test
    void instanceIdentityPivotDetachesTheProfileOfTheIssuingVm() {
      AdminCommand c = aws(instanceRole("WebServerRole", "i-0123456789abcdef0")).build();
      List<ContainmentAction> a = actions(c);
      ContainmentAction deprivilege = only(a, Kind.DEPRIVILEGE_PRINCIPAL);
      assertThat(deprivilege.parameters())
          .containsEntry("vm", "i-0123456789abcdef0")
          .containsEntry("roleName", "WebServerRole")
          .containsEntry("method", "ec2:DisassociateIamInstanceProfile");
      only(a, Kind.REVOKE_SESSIONS);
      assertThat(a)
          .filteredOn(x -> x.kind() == Kind.ISOLATE_VM)
          .extracting(x -> x.parameters().get("vm"))
          .containsExactly("i-0123456789abcdef0", "i-0a1b2c3d4e5f60001");
    }

    @Test
    void cancelWhenInProgressOrWide() {
      AdminCommand base = aws(iamUser("alice", "AKIAEXAMPLEALICE0001")).build();
      assertThat(kinds(actions(base))).doesNotContain(Kind.CANCEL_COMMAND);
      ContainmentAction running =
          only(actions(base.toBuilder().outcome(Outcome.IN_PROGRESS).build()), Kind.CANCEL_COMMAND);
      assertThat(running.parameters())
          .containsEntry("commandId", "0b7c8d9e-1111-2222-3333-444455556666")
          .containsEntry("region", "eu-west-1");
      assertThat(
              only(actions(base.toBuilder().targets(vms(11)).build()), Kind.CANCEL_COMMAND).why())
          .contains("on 11 VMs");
    }

    @Test
    void associationsAreDeletedAndSessionsTerminated() {
      AdminCommand assoc =
          aws(iamUser("alice", null))
              .operation(Operation.CREATE_ASSOCIATION)
              .commandId("assoc-1")
              .build();
      assertThat(only(actions(assoc), Kind.CANCEL_COMMAND).parameters())
          .containsEntry("associationId", "assoc-1");
      AdminCommand session =
          aws(iamUser("alice", null))
              .operation(Operation.START_SESSION)
              .commandId("alice-0abc")
              .build();
      assertThat(only(actions(session), Kind.CANCEL_COMMAND).parameters())
          .containsEntry("sessionId", "alice-0abc");
    }
  }

  @Nested
  class Vms {
    private final AdminCommand c = aws(iamUser("alice", null)).targets(vms(4)).build();

    @Test
    void confirmedAgentReportedAndBlindTargetsButNotNotObserved() {
      CommandCorrelation cc =
          correlation(
              c,
              target("i-0a1b2c3d4e5f60000", CorrelationStatus.CONFIRMED, "/bin/sh x"),
              target("i-0a1b2c3d4e5f60001", CorrelationStatus.NOT_OBSERVED),
              target("i-0a1b2c3d4e5f60002", CorrelationStatus.BLIND_SPOT),
              target("i-0a1b2c3d4e5f60003", CorrelationStatus.AGENT_REPORTED));
      List<ContainmentAction> a = actions(c, cc, Policy.defaults(), MEDIUM);
      assertThat(a)
          .filteredOn(x -> x.kind() == Kind.ISOLATE_VM)
          .extracting(x -> x.parameters().get("vm"))
          .containsExactly("i-0a1b2c3d4e5f60000", "i-0a1b2c3d4e5f60002", "i-0a1b2c3d4e5f60003");
      assertThat(a)
          .filteredOn(x -> x.kind() == Kind.SNAPSHOT_VM)
          .extracting(x -> x.parameters().get("vm"))
          .containsExactly("i-0a1b2c3d4e5f60000", "i-0a1b2c3d4e5f60002", "i-0a1b2c3d4e5f60003");
      assertThat(a)
          .filteredOn(x -> x.kind() == Kind.ISOLATE_VM)
          .first()
          .satisfies(x -> assertThat(x.why()).contains("confirmed by host telemetry"));
    }

    @Test
    void withoutTelemetryEveryNamedTarget() {
      assertThat(actions(c))
          .filteredOn(x -> x.kind() == Kind.ISOLATE_VM)
          .hasSize(4)
          .allSatisfy(x -> assertThat(x.why()).contains("no host telemetry"));
    }

    @Test
    void aDeniedCommandTouchedNoVm() {
      AdminCommand denied = c.toBuilder().outcome(Outcome.DENIED).build();
      assertThat(kinds(actions(denied)))
          .doesNotContain(Kind.ISOLATE_VM, Kind.SNAPSHOT_VM, Kind.CANCEL_COMMAND)
          .contains(Kind.DISABLE_PRINCIPAL);
    }

    @Test
    void manyVmsAreCapped() {
      AdminCommand wide = c.toBuilder().targets(vms(60)).build();
      List<ContainmentAction> isolate =
          actions(wide).stream().filter(x -> x.kind() == Kind.ISOLATE_VM).toList();
      assertThat(isolate).hasSize(Containment.MAX_VMS);
      assertThat(isolate.get(isolate.size() - 1).why()).contains("25 of 60 VMs listed");
    }
  }

  @Nested
  class Azure {
    @Test
    void aPersonIsBlockedAndTheirTokensRevoked() {
      Principal bob = new Principal("bob@contoso.com", "Bob", PrincipalKind.HUMAN, null, null);
      List<ContainmentAction> a = actions(azure(bob).build());
      assertThat(only(a, Kind.DISABLE_PRINCIPAL).parameters())
          .containsEntry("userPrincipalName", "bob@contoso.com");
      assertThat(only(a, Kind.REVOKE_SESSIONS).parameters().get("method"))
          .contains("revokeSignInSessions");
      ContainmentAction isolate = only(a, Kind.ISOLATE_VM);
      assertThat(isolate.cloud()).isEqualTo(Cloud.AZURE);
      assertThat(isolate.parameters().get("method")).contains("NSG");
      assertThat(isolate.why()).startsWith("Isolate vm-pay-01:");
      only(a, Kind.SNAPSHOT_VM);
    }

    @Test
    void aServicePrincipalIsDisabledByItsAppId() {
      Principal sp =
          new Principal(
              "7d3a1c9e-0000-4000-8000-000000000001",
              "deploy-pipeline",
              PrincipalKind.SERVICE_ACCOUNT,
              "0f1e2d3c-0000-4000-8000-0000000000aa",
              null);
      List<ContainmentAction> a = actions(azure(sp).build());
      assertThat(only(a, Kind.DISABLE_PRINCIPAL).parameters())
          .containsEntry("appId", "0f1e2d3c-0000-4000-8000-0000000000aa")
          .containsEntry("objectId", "7d3a1c9e-0000-4000-8000-000000000001");
      assertThat(kinds(a)).doesNotContain(Kind.REVOKE_SESSIONS);
    }
  }

  @Nested
  class Gcp {
    @Test
    void aServiceAccountIsDisabledAndItsKeyRevoked() {
      Principal sa =
          new Principal(
              "deploy@prod-project.iam.gserviceaccount.com",
              "deploy@prod-project.iam.gserviceaccount.com",
              PrincipalKind.SERVICE_ACCOUNT,
              null,
              "//iam.googleapis.com/projects/prod-project/serviceAccounts/deploy@prod-project.iam.gserviceaccount.com/keys/0123abcd");
      List<ContainmentAction> a = actions(gcp(sa).build());
      assertThat(only(a, Kind.DISABLE_PRINCIPAL).parameters())
          .containsEntry("serviceAccount", "deploy@prod-project.iam.gserviceaccount.com");
      assertThat(only(a, Kind.REVOKE_CREDENTIALS).parameters()).containsEntry("keyId", "0123abcd");
      assertThat(only(a, Kind.ISOLATE_VM).parameters().get("method")).contains("network tag");
      assertThat(only(a, Kind.CANCEL_COMMAND).parameters()).containsKey("assignment");
    }

    @Test
    void aPersonIsSuspended() {
      Principal dan =
          new Principal("dan@example.com", "dan@example.com", PrincipalKind.HUMAN, null, null);
      List<ContainmentAction> a = actions(gcp(dan).build());
      assertThat(only(a, Kind.DISABLE_PRINCIPAL).parameters())
          .containsEntry("user", "dan@example.com");
      assertThat(kinds(a)).doesNotContain(Kind.REVOKE_CREDENTIALS);
    }
  }

  @Nested
  class Protected {
    @Test
    void principalStepsAreBlockedForProtectedPrincipalsButVmStepsAreNot() {
      AdminCommand c =
          aws(iamUser("breakglass", "AKIAEXAMPLEBREAK0001")).outcome(Outcome.IN_PROGRESS).build();
      Policy p = policy(List.of(), List.of(), List.of(), List.of(matcher("*:user/breakglass")));
      List<ContainmentAction> a = actions(c, null, p, MEDIUM);
      assertThat(only(a, Kind.DISABLE_PRINCIPAL).blocked()).isEqualTo("protected principal");
      assertThat(only(a, Kind.CANCEL_COMMAND).blocked()).isNull();
      assertThat(only(a, Kind.ISOLATE_VM).blocked()).isNull();
    }

    @Test
    void revocationAndDeprivilegeAreBlockedToo() {
      AdminCommand c = aws(instanceRole("WebServerRole", "i-0123456789abcdef0")).build();
      Policy p = policy(List.of(), List.of(), List.of(), List.of(matcher("*WebServerRole*")));
      List<ContainmentAction> a = actions(c, null, p, MEDIUM);
      assertThat(only(a, Kind.DEPRIVILEGE_PRINCIPAL).blocked()).isEqualTo("protected principal");
      assertThat(only(a, Kind.REVOKE_SESSIONS).blocked()).isEqualTo("protected principal");
    }
  }

  @Test
  void theCloudItselfIsNotContained() {
    Principal svc =
        new Principal(
            "ssm.amazonaws.com", "ssm.amazonaws.com", PrincipalKind.CLOUD_SERVICE, null, null);
    assertThat(kinds(actions(aws(svc).build())))
        .doesNotContain(Kind.DISABLE_PRINCIPAL, Kind.REVOKE_SESSIONS, Kind.DEPRIVILEGE_PRINCIPAL);
  }

  @Test
  void parametersNeverHoldNulls() {
    Map<String, String> m = Containment.params("a", "1", "b", null, "c", "3");
    assertThat(m).containsOnlyKeys("a", "c");
  }
}
