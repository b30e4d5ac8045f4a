package io.runwatch.aws;

import static io.runwatch.core.contain.ContainFixtures.OTHER_SESSION;
import static io.runwatch.core.contain.ContainFixtures.RESPONDER_ROLE;
import static io.runwatch.core.contain.ContainFixtures.RESPONDER_SESSION;
import static io.runwatch.core.triage.TriageFixtures.aws;
import static io.runwatch.core.triage.TriageFixtures.iamUser;
import static io.runwatch.core.triage.TriageFixtures.matcher;
import static io.runwatch.core.triage.TriageFixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runwatch.aws.contain.ContainTestClients;
import io.runwatch.core.contain.ContainFixtures;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.port.AuditLog.AuditRecord;
import io.runwatch.core.port.InMemoryAuditLog;
import io.runwatch.core.port.InMemoryFindingStore;
import io.runwatch.core.triage.ContainmentAction.Kind;
import io.runwatch.core.triage.Finding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The containment function end to end: events as Lambda delivers them, the real service and AWS
 * provider, EC2 and SNS on WireMock, core's in-memory finding store and audit log.
 */
class ContainHandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VM = "i-0a1b2c3d4e5f60001";

  private final ContainTestClients aws = new ContainTestClients();
  private final InMemoryFindingStore findings = new InMemoryFindingStore();
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final CapturingContext context = new CapturingContext();

  @AfterEach
  void stop() {
    aws.close();
  }

  private static ContainConfig config(ContainConfig.Entry entry) {
    return new ContainConfig(
        "findings",
        "audit",
        "arn:aws:sns:us-east-1:111122223333:runwatch",
        List.of(RESPONDER_ROLE),
        "sg-0feedfacecafe0001",
        "us-east-1",
        entry);
  }

  private ContainHandler handler(ContainConfig.Entry entry, Policy policy) {
    return new ContainHandler(
        ContainDependencies.of(
            config(entry),
            aws,
            findings,
            audit,
            policy,
            aws.sns(),
            Clock.fixed(Instant.parse("2024-05-14T10:00:00Z"), ZoneOffset.UTC)));
  }

  private JsonNode invoke(ContainHandler h, String payload) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    h.handleRequest(
        new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out, context);
    return JSON.readTree(out.toByteArray());
  }

  /**
   * A function URL event (payload 2.0) signed by {@code callerArn}, body base64 as Lambda may send
   * it.
   */
  static String urlEvent(String callerArn, String body) {
    // The shape of a function URL request (payload format 2.0) with AWS_IAM auth, as documented in
    // "Invoking Lambda function URLs" (docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html).
    return """
        {"version": "2.0", "routeKey": "$default", "rawPath": "/", "rawQueryString": "",
         "headers": {"content-type": "application/json", "x-amz-date": "20240514T100000Z"},
         "requestContext": {
           "accountId": "111122223333", "apiId": "abcdefg",
           "authorizer": {"iam": {"accessKey": "ASIAEXAMPLE", "accountId": "111122223333",
             "callerId": "AROAEXAMPLE:alice", "cognitoIdentity": null, "principalOrgId": null,
             "userArn": "%s", "userId": "AROAEXAMPLE:alice"}},
           "domainName": "abcdefg.lambda-url.us-east-1.on.aws", "domainPrefix": "abcdefg",
           "http": {"method": "POST", "path": "/", "protocol": "HTTP/1.1",
             "sourceIp": "203.0.113.9", "userAgent": "awscurl/0.33"},
           "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "routeKey": "$default",
           "stage": "$default", "time": "14/May/2024:10:00:00 +0000", "timeEpoch": 1715680800000},
         "body": "%s", "isBase64Encoded": true}
        """
        .formatted(
            callerArn, Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static JsonNode body(JsonNode urlResponse) throws Exception {
    return JSON.readTree(urlResponse.get("body").textValue());
  }

  private String isolate(Finding f, String mode, String confirm) {
    return "{\"findingId\":\""
        + f.id()
        + "\",\"action\":"
        + ContainFixtures.indexOf(f, Kind.ISOLATE_VM)
        + ",\"mode\":\""
        + mode
        + "\""
        + (confirm == null ? "" : ",\"confirm\":\"" + confirm + "\"")
        + "}";
  }

  private Finding storedFinding(Policy policy) {
    Finding f =
        ContainFixtures.finding(aws(iamUser("alice", "AKIAEXAMPLEALICE0001")).build(), policy);
    ContainFixtures.store(findings, f);
    return f;
  }

  @Test
  void dryRunThenConfirmedExecuteThroughTheFunctionUrlThenRollback() throws Exception {
    Finding f = storedFinding(Policy.defaults());
    ContainHandler h = handler(ContainConfig.Entry.FUNCTION_URL, Policy.defaults());
    aws.query("DescribeInstances", 200, "describe-instances.xml");
    aws.query("CreateTags", 200, "ec2-return-true.xml");
    aws.query("ModifyNetworkInterfaceAttribute", 200, "ec2-return-true.xml");
    aws.query("DeleteTags", 200, "ec2-return-true.xml");
    aws.query("Publish", 200, "sns-publish.xml");

    JsonNode dry = invoke(h, urlEvent(RESPONDER_SESSION, isolate(f, "dry-run", null)));
    assertThat(dry.get("statusCode").asInt()).isEqualTo(200);
    JsonNode plan = body(dry);
    assertThat(plan.get("decision").asText()).isEqualTo("PLANNED");
    assertThat(plan.get("changes")).hasSize(4);
    assertThat(plan.get("notes").toString()).contains("connection tracking");
    assertThat(aws.operations()).containsExactly("DescribeInstances", "Publish");
    String planId = plan.get("planId").asText();

    JsonNode done = body(invoke(h, urlEvent(RESPONDER_SESSION, isolate(f, "execute", planId))));

    assertThat(done.get("decision").asText()).isEqualTo("DONE");
    assertThat(done.get("planId").asText()).isEqualTo(planId);
    assertThat(done.get("outcomes").findValuesAsText("status")).containsOnly("DONE");
    assertThat(aws.operations()).filteredOn("ModifyNetworkInterfaceAttribute"::equals).hasSize(2);
    List<AuditRecord> records = audit.records();
    assertThat(records)
        .extracting(AuditRecord::decision)
        .containsExactly("PLANNED", "PLANNED", "DONE");
    assertThat(records).extracting(AuditRecord::caller).containsOnly(RESPONDER_SESSION);
    assertThat(records.get(2).id()).isEqualTo(done.get("auditId").asText());
    assertThat(records.get(2).details())
        .containsEntry("via", "function-url")
        .containsEntry("param.findingId", f.id());

    // The instance now carries the recorded groups: rollback restores them.
    aws.server.resetAll();
    aws.query("DescribeInstances", 200, "describe-instances-isolated.xml");
    aws.query("ModifyNetworkInterfaceAttribute", 200, "ec2-return-true.xml");
    aws.query("DeleteTags", 200, "ec2-return-true.xml");
    aws.query("Publish", 200, "sns-publish.xml");
    String rollbackPlan =
        body(invoke(h, urlEvent(RESPONDER_SESSION, isolate(f, "rollback", null))))
            .get("planId")
            .asText();
    JsonNode restored =
        body(invoke(h, urlEvent(RESPONDER_SESSION, isolate(f, "rollback", rollbackPlan))));

    assertThat(restored.get("decision").asText()).isEqualTo("DONE");
    assertThat(restored.get("direction").asText()).isEqualTo("ROLLBACK");
    assertThat(aws.form("ModifyNetworkInterfaceAttribute", 0))
        .endsWith(
            "NetworkInterfaceId=eni-0aaaaaaaaaaaaaaa1&SecurityGroupId.1=sg-0adm0000000000002&SecurityGroupId.2=sg-0web0000000000001");
    assertThat(aws.form("ModifyNetworkInterfaceAttribute", 1))
        .endsWith(
            "NetworkInterfaceId=eni-0bbbbbbbbbbbbbbb2&SecurityGroupId.1=sg-0db00000000000003");
    assertThat(audit.records().get(audit.records().size() - 1).mode()).isEqualTo("ROLLBACK");

    String notice = aws.form("Publish", 0);
    assertThat(notice)
        .contains(
            "TopicArn=arn:aws:sns:us-east-1:111122223333:runwatch",
            "Message=Containment PLANNED: ISOLATE_VM (rollback)",
            "MessageAttributes.entry.1.Name=decision",
            "MessageAttributes.entry.2.Name=kind&MessageAttributes.entry.2.Value.DataType=String&MessageAttributes.entry.2.Value.StringValue=containment-audit");
    aws.assertAllSigned();
    for (String line : context.lines) {
      assertThat(line)
          .startsWith("{\"handler\":\"ContainHandler\"")
          .doesNotContain("arn:", VM, f.id(), "eni-", "sg-");
    }
  }

  @Test
  void nonResponderIsRefusedAndAudited() throws Exception {
    Finding f = storedFinding(Policy.defaults());
    aws.query("Publish", 200, "sns-publish.xml");
    JsonNode r =
        invoke(
            handler(ContainConfig.Entry.FUNCTION_URL, Policy.defaults()),
            urlEvent(OTHER_SESSION, isolate(f, "dry-run", null)));

    assertThat(r.get("statusCode").asInt()).isEqualTo(403);
    assertThat(body(r).get("decision").asText()).isEqualTo("REFUSED");
    assertThat(body(r).get("reason").asText()).contains("not a responder role");
    assertThat(aws.operations()).containsExactly("Publish");
    assertThat(audit.records())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.caller()).isEqualTo(OTHER_SESSION);
              assertThat(a.decision()).isEqualTo("REFUSED");
            });
    assertThat(aws.form("Publish", 0))
        .contains("MessageAttributes.entry.1.Value.StringValue=REFUSED");
  }

  @Test
  void directInvokeMayDryRunButNotExecuteEvenWithAForgedUrlEvent() throws Exception {
    Finding f = storedFinding(Policy.defaults());
    aws.query("DescribeInstances", 200, "describe-instances.xml");
    aws.query("Publish", 200, "sns-publish.xml");
    ContainHandler h = handler(ContainConfig.Entry.INVOKE, Policy.defaults());

    JsonNode dry = invoke(h, isolate(f, "dry-run", null));
    assertThat(dry.get("decision").asText()).isEqualTo("PLANNED");
    assertThat(dry.has("statusCode")).as("a direct invoke gets the answer itself").isFalse();
    String planId = dry.get("planId").asText();

    JsonNode exec = invoke(h, isolate(f, "execute", planId));
    JsonNode forged = body(invoke(h, urlEvent(RESPONDER_SESSION, isolate(f, "execute", planId))));

    assertThat(exec.get("decision").asText()).isEqualTo("REFUSED");
    assertThat(exec.get("reason").asText()).contains("only dry-run");
    assertThat(forged.get("decision").asText())
        .as("requestContext is not trusted on the invoke entry")
        .isEqualTo("REFUSED");
    assertThat(aws.operations())
        .noneMatch(op -> op.equals("ModifyNetworkInterfaceAttribute") || op.equals("CreateTags"));
    assertThat(audit.records()).extracting(AuditRecord::caller).containsOnly("lambda-invoke");
    assertThat(audit.records())
        .extracting(AuditRecord::decision)
        .containsExactly("PLANNED", "REFUSED", "REFUSED");
  }

  @Test
  void directPayloadToTheUrlEntryIsRefused() throws Exception {
    Finding f = storedFinding(Policy.defaults());
    aws.query("Publish", 200, "sns-publish.xml");
    JsonNode r =
        invoke(
            handler(ContainConfig.Entry.FUNCTION_URL, Policy.defaults()),
            isolate(f, "dry-run", null));
    assertThat(r.get("decision").asText()).isEqualTo("REFUSED");
    assertThat(r.get("reason").asText()).contains("not authenticated");
  }

  @Test
  void protectedPrincipalIsRefused() throws Exception {
    Policy protecting =
        policy(List.of(), List.of(), List.of(), List.of(matcher("arn:aws:iam::*:user/alice")));
    Finding f = storedFinding(protecting);
    aws.query("Publish", 200, "sns-publish.xml");
    String disable =
        "{\"findingId\":\""
            + f.id()
            + "\",\"action\":\"DISABLE_PRINCIPAL\",\"mode\":\"execute\",\"confirm\":\"plan-000000000000000000000000\"}";

    JsonNode r =
        body(
            invoke(
                handler(ContainConfig.Entry.FUNCTION_URL, protecting),
                urlEvent(RESPONDER_SESSION, disable)));

    assertThat(r.get("decision").asText()).isEqualTo("REFUSED");
    assertThat(r.get("reason").asText()).isEqualTo("action is blocked: protected principal");
    assertThat(aws.operations()).containsExactly("Publish");
    assertThat(audit.records()).extracting(AuditRecord::decision).containsExactly("REFUSED");
  }

  @Test
  void malformedBodyIsRefusedAuditedAndAnswered() throws Exception {
    aws.query("Publish", 500, "sns-publish.xml");
    JsonNode r =
        invoke(
            handler(ContainConfig.Entry.FUNCTION_URL, Policy.defaults()),
            urlEvent(RESPONDER_SESSION, "{\"action\":"));
    assertThat(r.get("statusCode").asInt()).isEqualTo(403);
    assertThat(body(r).get("reason").asText()).startsWith("(body): not JSON");
    assertThat(audit.records())
        .singleElement()
        .satisfies(a -> assertThat(a.action()).isEqualTo("(unparsed)"));
    assertThat(context.onlyLine()).contains("\"notice\":false", "\"action\":\"unresolved\"");
  }

  @Test
  void configurationErrorsNameTheVariable() {
    Map<String, String> env =
        Map.of(
            "RUNWATCH_FINDINGS_TABLE",
            "f",
            "RUNWATCH_AUDIT_TABLE",
            "a",
            "RUNWATCH_TOPIC_ARN",
            "arn:aws:sns:us-east-1:111122223333:runwatch",
            "RUNWATCH_RESPONDER_ROLES",
            RESPONDER_ROLE,
            "RUNWATCH_QUARANTINE_SG",
            "sg-0feedfacecafe0001",
            "AWS_REGION",
            "us-east-1");
    ContainConfig ok = ContainConfig.fromEnvironment(env);
    assertThat(ok.entry()).isEqualTo(ContainConfig.Entry.INVOKE);
    assertThat(ok.responderRoles()).containsExactly(RESPONDER_ROLE);

    java.util.HashMap<String, String> bad = new java.util.HashMap<>(env);
    bad.remove("RUNWATCH_AUDIT_TABLE");
    assertThatThrownBy(() -> ContainConfig.fromEnvironment(bad))
        .hasMessageContaining("RUNWATCH_AUDIT_TABLE is not set");
    bad.put("RUNWATCH_AUDIT_TABLE", "a");
    bad.put("RUNWATCH_QUARANTINE_SG", "quarantine");
    assertThatThrownBy(() -> ContainConfig.fromEnvironment(bad))
        .hasMessageContaining("RUNWATCH_QUARANTINE_SG");
    bad.put("RUNWATCH_QUARANTINE_SG", "sg-0feedfacecafe0001");
    bad.put("RUNWATCH_CONTAIN_ENTRY", "both");
    assertThatThrownBy(() -> ContainConfig.fromEnvironment(bad))
        .hasMessageContaining("RUNWATCH_CONTAIN_ENTRY");
    bad.put("RUNWATCH_CONTAIN_ENTRY", "function-url");
    bad.put("RUNWATCH_RESPONDER_ROLES", "arn:aws:iam::111122223333:user/bob");
    ContainConfig userRole = ContainConfig.fromEnvironment(bad);
    assertThatThrownBy(
            () ->
                ContainDependencies.of(
                    userRole, aws, findings, audit, Policy.defaults(), null, Clock.systemUTC()))
        .hasMessageContaining("responder role #1");
  }
}
