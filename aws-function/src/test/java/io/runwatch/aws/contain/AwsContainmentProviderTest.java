package io.runwatch.aws.contain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runwatch.core.contain.Change;
import io.runwatch.core.contain.ContainmentException;
import io.runwatch.core.contain.Outcome;
import io.runwatch.core.contain.Plan;
import io.runwatch.core.contain.ProviderFailure;
import io.runwatch.core.contain.Result;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.triage.ContainmentAction;
import io.runwatch.core.triage.ContainmentAction.Kind;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AwsContainmentProviderTest {
  static final String QUARANTINE = "sg-0feedfacecafe0001";
  static final String VM = "i-0a1b2c3d4e5f60001";

  /** Every call that changes something; a dry run sends none of them. */
  static final Set<String> MUTATING =
      Set.of(
          "UpdateAccessKey",
          "PutUserPolicy",
          "DeleteUserPolicy",
          "TagUser",
          "UntagUser",
          "PutRolePolicy",
          "DeleteRolePolicy",
          "CreateTags",
          "DeleteTags",
          "ModifyNetworkInterfaceAttribute",
          "DisassociateIamInstanceProfile",
          "AssociateIamInstanceProfile",
          "CreateSnapshots",
          "CancelCommand");

  private final ContainTestClients aws = new ContainTestClients();
  private final AwsContainmentProvider provider = new AwsContainmentProvider(aws, QUARANTINE);

  @AfterEach
  void stop() {
    aws.close();
  }

  private static ContainmentAction action(Kind kind, String... kv) {
    Map<String, String> p = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      p.put(kv[i], kv[i + 1]);
    }
    return new ContainmentAction(kind, Cloud.AWS, p, "test", null);
  }

  private void assertOnlyReads() {
    assertThat(aws.operations()).isNotEmpty().noneMatch(MUTATING::contains);
  }

  @Test
  void disableNamedKeyDeactivatesExactlyThatKey() {
    aws.query("ListAccessKeys", 200, "list-access-keys.xml");
    aws.query("UpdateAccessKey", 200, "update-access-key.xml");
    ContainmentAction a =
        action(
            Kind.DISABLE_PRINCIPAL,
            "principal",
            "arn:aws:iam::111122223333:user/alice",
            "userName",
            "alice",
            "accessKeyId",
            "AKIAEXAMPLEALICE0001");

    Plan plan = provider.plan(a);
    assertOnlyReads();
    assertThat(plan.changes())
        .extracting(Change::summary)
        .containsExactly(
            "iam:UpdateAccessKey alice accessKey:AKIAEXAMPLEALICE0001:Status: Active -> Inactive");

    Result r = provider.apply(plan);

    assertThat(r.succeeded()).isTrue();
    assertThat(aws.operations()).containsExactly("ListAccessKeys", "UpdateAccessKey");
    assertThat(aws.form("UpdateAccessKey", 0))
        .isEqualTo(
            "Action=UpdateAccessKey&Version=2010-05-08&UserName=alice&AccessKeyId=AKIAEXAMPLEALICE0001&Status=Inactive");
    aws.assertAllSigned();
  }

  @Test
  void disableWithoutKeyDeactivatesAllActiveKeysAndPutsDenyAll() {
    aws.query("ListAccessKeys", 200, "list-access-keys.xml");
    aws.query("ListUserTags", 200, "list-user-tags-empty.xml");
    aws.query("GetUserPolicy", 404, "iam-no-such-entity.xml");
    aws.query("TagUser", 200, "iam-ok.xml");
    aws.query("UpdateAccessKey", 200, "update-access-key.xml");
    aws.query("PutUserPolicy", 200, "iam-ok.xml");
    ContainmentAction a =
        action(
            Kind.DISABLE_PRINCIPAL,
            "principal",
            "arn:aws:iam::111122223333:user/alice",
            "userName",
            "alice");

    Plan plan = provider.plan(a);
    assertOnlyReads();
    assertThat(plan.notes().get(0)).contains("no access key named", "all 1 active key(s)");
    provider.apply(plan);

    assertThat(aws.operations()).containsSubsequence("TagUser", "UpdateAccessKey", "PutUserPolicy");
    assertThat(aws.form("TagUser", 0))
        .contains(
            "Tags.member.1.Key=runwatch:deactivated-keys&Tags.member.1.Value=AKIAEXAMPLEALICE0001");
    assertThat(aws.form("UpdateAccessKey", 0))
        .contains("AccessKeyId=AKIAEXAMPLEALICE0001")
        .doesNotContain("AKIAEXAMPLEALICE0002");
    assertThat(aws.form("PutUserPolicy", 0))
        .isEqualTo(
            "Action=PutUserPolicy&Version=2010-05-08&UserName=alice&PolicyName=runwatch-deny-all&PolicyDocument="
                + "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"RunwatchDenyAll\",\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
    aws.assertAllSigned();
  }

  @Test
  void accessDeniedIsFailedWithApiAndResourceAndNoPrincipalArn() {
    aws.query("ListAccessKeys", 200, "list-access-keys.xml");
    aws.query("UpdateAccessKey", 403, "iam-access-denied.xml");
    Plan plan =
        provider.plan(
            action(
                Kind.DISABLE_PRINCIPAL,
                "userName",
                "alice",
                "accessKeyId",
                "AKIAEXAMPLEALICE0001"));

    Result r = provider.apply(plan);

    assertThat(r.succeeded()).isFalse();
    assertThat(r.failure().kind()).isEqualTo(ProviderFailure.Kind.ACCESS_DENIED);
    assertThat(r.failure().api()).isEqualTo("iam:UpdateAccessKey");
    assertThat(r.failure().resource()).isEqualTo("alice");
    assertThat(r.failure().code()).isEqualTo("AccessDenied");
    assertThat(r.failure().message())
        .contains("<principal> is not authorized")
        .doesNotContain("arn:aws:sts");
    assertThat(r.outcomes()).extracting(Outcome::status).containsExactly(Outcome.Status.FAILED);
  }

  @Test
  void rootAndRoleSessionsAreNotIamUsers() {
    assertThatThrownBy(
            () ->
                provider.plan(
                    action(
                        Kind.DISABLE_PRINCIPAL,
                        "principal",
                        "arn:aws:iam::111122223333:root",
                        "userName",
                        "root")))
        .isInstanceOfSatisfying(
            ContainmentException.class,
            e -> assertThat(e.failure().kind()).isEqualTo(ProviderFailure.Kind.UNSUPPORTED))
        .hasMessageContaining("root");
    assertThatThrownBy(
            () ->
                provider.plan(
                    action(
                        Kind.DISABLE_PRINCIPAL,
                        "principal",
                        "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123/bob",
                        "userName",
                        "bob")))
        .hasMessageContaining("REVOKE_SESSIONS");
    assertThat(aws.operations()).isEmpty();
  }

  @Test
  void revokeSessionsPutsTheTokenIssueTimeDeny() {
    aws.query("GetRolePolicy", 404, "iam-no-such-entity.xml");
    aws.query("PutRolePolicy", 200, "iam-ok.xml");
    ContainmentAction a =
        action(
            Kind.REVOKE_SESSIONS,
            "roleName",
            "Deployer",
            "roleArn",
            "arn:aws:iam::111122223333:role/service/Deployer",
            "tokenIssuedBefore",
            "2024-05-14T09:32:00Z");

    Plan plan = provider.plan(a);
    assertOnlyReads();
    assertThat(plan.changes().get(0).before()).isEqualTo(Change.NONE);
    provider.apply(plan);

    assertThat(aws.form("PutRolePolicy", 0))
        .isEqualTo(
            "Action=PutRolePolicy&Version=2010-05-08&RoleName=Deployer&PolicyName=runwatch-revoke-older-sessions&PolicyDocument="
                + "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"RunwatchRevokeOlderSessions\",\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\"2024-05-14T09:32:00Z\"}}}]}");
    aws.assertAllSigned();
  }

  @Test
  void revokeSessionsNeverNarrowsAnExistingLaterCutoff() {
    String later =
        "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Deny%22%2C%22Action%22%3A%22*%22%2C%22Resource%22%3A%22*%22%2C%22Condition%22%3A%7B%22DateLessThan%22%3A%7B%22aws%3ATokenIssueTime%22%3A%222024-05-15T00%3A00%3A00Z%22%7D%7D%7D%5D%7D";
    aws.server.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.post(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing("Action=GetRolePolicy&"))
            .willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                    .withStatus(200)
                    .withBody(
                        "<GetRolePolicyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetRolePolicyResult><PolicyName>runwatch-revoke-older-sessions</PolicyName>"
                            + "<RoleName>Deployer</RoleName><PolicyDocument>"
                            + later
                            + "</PolicyDocument></GetRolePolicyResult>"
                            + "<ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></GetRolePolicyResponse>")));

    Plan plan =
        provider.plan(
            action(
                Kind.REVOKE_SESSIONS,
                "roleName",
                "Deployer",
                "tokenIssuedBefore",
                "2024-05-14T09:32:00Z"));

    assertThat(plan.satisfied()).isTrue();
    assertThat(plan.notes().get(0)).contains("2024-05-15T00:00:00Z");
    assertThat(provider.apply(plan).outcomes())
        .extracting(Outcome::status)
        .containsExactly(Outcome.Status.ALREADY_IN_PLACE);
    assertOnlyReads();
  }

  @Test
  void identityCenterRolesAreRefused() {
    assertThatThrownBy(
            () ->
                provider.plan(
                    action(
                        Kind.REVOKE_SESSIONS,
                        "roleName",
                        "AWSReservedSSO_Admin_0123",
                        "tokenIssuedBefore",
                        "2024-05-14T09:32:00Z")))
        .hasMessageContaining("IAM Identity Center");
  }

  @Test
  void isolationRecordsThenReplacesTheGroupsOfEveryEni() {
    aws.query("DescribeInstances", 200, "describe-instances.xml");
    aws.query("CreateTags", 200, "ec2-return-true.xml");
    aws.query("ModifyNetworkInterfaceAttribute", 200, "ec2-return-true.xml");
    Plan plan = provider.plan(action(Kind.ISOLATE_VM, "vm", VM, "region", "us-east-1"));
    assertOnlyReads();
    assertThat(plan.notes()).anyMatch(n -> n.contains("connection tracking"));

    provider.apply(plan);

    assertThat(aws.operations())
        .containsExactly(
            "DescribeInstances",
            "CreateTags",
            "CreateTags",
            "ModifyNetworkInterfaceAttribute",
            "ModifyNetworkInterfaceAttribute");
    assertThat(aws.form("CreateTags", 0))
        .isEqualTo(
            "Action=CreateTags&Version=2016-11-15&ResourceId.1="
                + VM
                + "&Tag.1.Key=runwatch:original-sgs:eni-0aaaaaaaaaaaaaaa1&Tag.1.Value=sg-0adm0000000000002,sg-0web0000000000001");
    assertThat(aws.form("ModifyNetworkInterfaceAttribute", 0))
        .isEqualTo(
            "Action=ModifyNetworkInterfaceAttribute&Version=2016-11-15&NetworkInterfaceId=eni-0aaaaaaaaaaaaaaa1&SecurityGroupId.1="
                + QUARANTINE);
    assertThat(aws.form("ModifyNetworkInterfaceAttribute", 1))
        .isEqualTo(
            "Action=ModifyNetworkInterfaceAttribute&Version=2016-11-15&NetworkInterfaceId=eni-0bbbbbbbbbbbbbbb2&SecurityGroupId.1="
                + QUARANTINE);
    aws.assertAllSigned();
  }

  @Test
  void isolatedInstanceIsInPlaceAndRollbackRestoresFromTheTags() {
    aws.query("DescribeInstances", 200, "describe-instances-isolated.xml");
    aws.query("ModifyNetworkInterfaceAttribute", 200, "ec2-return-true.xml");
    aws.query("DeleteTags", 200, "ec2-return-true.xml");
    ContainmentAction a = action(Kind.ISOLATE_VM, "vm", VM);

    assertThat(provider.plan(a).satisfied()).as("already isolated").isTrue();
    Plan rollback = provider.planRollback(a).orElseThrow();
    assertOnlyReads();
    provider.apply(rollback);

    assertThat(aws.form("ModifyNetworkInterfaceAttribute", 0))
        .isEqualTo(
            "Action=ModifyNetworkInterfaceAttribute&Version=2016-11-15&NetworkInterfaceId=eni-0aaaaaaaaaaaaaaa1&SecurityGroupId.1=sg-0adm0000000000002&SecurityGroupId.2=sg-0web0000000000001");
    assertThat(aws.form("DeleteTags", 0))
        .isEqualTo(
            "Action=DeleteTags&Version=2016-11-15&ResourceId.1="
                + VM
                + "&Tag.1.Key=runwatch:original-sgs:eni-0aaaaaaaaaaaaaaa1");
    assertThat(aws.operations()).filteredOn("DeleteTags"::equals).hasSize(2);
    aws.assertAllSigned();
  }

  @Test
  void throttledReadIsATypedFailure() {
    aws.query("DescribeInstances", 503, "ec2-throttled.xml");
    assertThatThrownBy(() -> provider.plan(action(Kind.ISOLATE_VM, "vm", VM)))
        .isInstanceOfSatisfying(
            ContainmentException.class,
            e -> {
              assertThat(e.failure().kind()).isEqualTo(ProviderFailure.Kind.THROTTLED);
              assertThat(e.failure().api()).isEqualTo("ec2:DescribeInstances");
              assertThat(e.failure().code()).isEqualTo("RequestLimitExceeded");
            });
  }

  @Test
  void unauthorizedModifyStopsAfterTheTags() {
    aws.query("DescribeInstances", 200, "describe-instances.xml");
    aws.query("CreateTags", 200, "ec2-return-true.xml");
    aws.query("ModifyNetworkInterfaceAttribute", 403, "ec2-unauthorized.xml");
    Result r = provider.apply(provider.plan(action(Kind.ISOLATE_VM, "vm", VM)));
    assertThat(r.failure().kind()).isEqualTo(ProviderFailure.Kind.ACCESS_DENIED);
    assertThat(r.failure().resource()).isEqualTo("eni-0aaaaaaaaaaaaaaa1");
    assertThat(r.outcomes())
        .extracting(Outcome::status)
        .containsExactly(
            Outcome.Status.DONE,
            Outcome.Status.DONE,
            Outcome.Status.FAILED,
            Outcome.Status.NOT_ATTEMPTED);
  }

  @Test
  void deprivilegeRecordsTheProfileThenDisassociates() {
    aws.query(
        "DescribeIamInstanceProfileAssociations",
        200,
        "describe-iam-instance-profile-associations.xml");
    aws.query("DescribeInstances", 200, "describe-instances.xml");
    aws.query("CreateTags", 200, "ec2-return-true.xml");
    aws.query("DisassociateIamInstanceProfile", 200, "disassociate-iam-instance-profile.xml");
    Plan plan =
        provider.plan(action(Kind.DEPRIVILEGE_PRINCIPAL, "vm", VM, "roleName", "AppServer"));
    assertOnlyReads();
    assertThat(aws.form("DescribeIamInstanceProfileAssociations", 0))
        .contains(
            "Filter.1.Name=instance-id&Filter.1.Value.1=" + VM,
            "Filter.2.Name=state&Filter.2.Value.1=associated");

    provider.apply(plan);

    assertThat(aws.form("CreateTags", 0))
        .endsWith(
            "Tag.1.Key=runwatch:original-instance-profile&Tag.1.Value=arn:aws:iam::111122223333:instance-profile/AppServer");
    assertThat(aws.form("DisassociateIamInstanceProfile", 0))
        .isEqualTo(
            "Action=DisassociateIamInstanceProfile&Version=2016-11-15&AssociationId=iip-assoc-0db249b1f25fa24b8");
    aws.assertAllSigned();
  }

  @Test
  void cancelRunningCommandOnly() {
    aws.ssm("ListCommands", 200, ContainTestClients.fixture("list-commands-in-progress.json"));
    aws.ssm("CancelCommand", 200, "{}");
    ContainmentAction a =
        action(
            Kind.CANCEL_COMMAND,
            "commandId",
            "0b7c8d9e-1111-2222-3333-444455556666",
            "region",
            "eu-west-1");
    Plan plan = provider.plan(a);
    assertOnlyReads();
    provider.apply(plan);

    assertThat(aws.operations()).containsExactly("ListCommands", "CancelCommand");
    assertThat(aws.requests().get(0).getBodyAsString())
        .isEqualTo("{\"CommandId\":\"0b7c8d9e-1111-2222-3333-444455556666\"}");
    assertThat(aws.requests().get(1).getBodyAsString())
        .isEqualTo("{\"CommandId\":\"0b7c8d9e-1111-2222-3333-444455556666\"}");
    assertThat(provider.planRollback(a)).isEmpty();
    aws.assertAllSigned();
  }

  @Test
  void finishedCommandHasNothingToCancel() {
    aws.ssm("ListCommands", 200, ContainTestClients.fixture("list-commands-success.json"));
    Plan plan =
        provider.plan(
            action(Kind.CANCEL_COMMAND, "commandId", "0b7c8d9e-1111-2222-3333-444455556666"));
    assertThat(plan.satisfied()).isTrue();
    assertThat(plan.notes()).containsExactly("nothing to cancel: the command is Success");
    provider.apply(plan);
    assertThat(aws.operations()).containsExactly("ListCommands");
  }

  @Test
  void snapshotIsCreatedOncePerFindingAndInstance() {
    aws.query("DescribeSnapshots", 200, "describe-snapshots-empty.xml");
    aws.query("CreateSnapshots", 200, "create-snapshots.xml");
    ContainmentAction a = action(Kind.SNAPSHOT_VM, "vm", VM, "findingId", "f-123");
    Plan plan = provider.plan(a);
    assertOnlyReads();
    assertThat(aws.form("DescribeSnapshots", 0))
        .contains(
            "Owner.1=self",
            "Filter.1.Name=tag:runwatch:finding&Filter.1.Value.1=f-123",
            "Filter.2.Name=tag:runwatch:instance&Filter.2.Value.1=" + VM);

    Result r = provider.apply(plan);

    assertThat(r.outcomes().get(0).detail())
        .isEqualTo("snap-0aaaaaaaaaaaaaaa1,snap-0bbbbbbbbbbbbbbb2");
    assertThat(aws.form("CreateSnapshots", 0))
        .contains(
            "InstanceSpecification.InstanceId=" + VM,
            "InstanceSpecification.ExcludeBootVolume=false",
            "CopyTagsFromSource=volume",
            "TagSpecification.1.ResourceType=snapshot",
            "TagSpecification.1.Tag.1.Key=runwatch:finding&TagSpecification.1.Tag.1.Value=f-123",
            "TagSpecification.1.Tag.2.Key=runwatch:instance&TagSpecification.1.Tag.2.Value=" + VM);
    assertThat(provider.planRollback(a)).isEmpty();
    aws.assertAllSigned();
  }

  @Test
  void existingSnapshotsMakeItIdempotent() {
    aws.query("DescribeSnapshots", 200, "describe-snapshots-existing.xml");
    Plan plan = provider.plan(action(Kind.SNAPSHOT_VM, "vm", VM, "findingId", "f-123"));
    assertThat(plan.satisfied()).isTrue();
    assertThat(plan.changes().get(0).before()).isEqualTo("snap-1234567890abcdef0");
    provider.apply(plan);
    assertThat(aws.operations()).containsExactly("DescribeSnapshots");
  }

  @Test
  void badInstanceIdIsInvalidBeforeAnyCall() {
    assertThatThrownBy(() -> provider.plan(action(Kind.ISOLATE_VM, "vm", "web-1")))
        .isInstanceOfSatisfying(
            ContainmentException.class,
            e -> assertThat(e.failure().kind()).isEqualTo(ProviderFailure.Kind.INVALID))
        .hasMessageContaining("parameters.vm");
    assertThat(aws.operations()).isEmpty();
    assertThat(List.of()).isEmpty();
  }
}
