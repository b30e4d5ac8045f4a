package io.runwatch.core.ingest.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwatch.core.ingest.ErrorKind;
import io.runwatch.core.ingest.FieldMapping;
import io.runwatch.core.ingest.InvalidRecordException;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.PrincipalKind;
import io.runwatch.core.model.RecordRef;
import io.runwatch.core.model.VmRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AzureActivityParserTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String SUB = "c0ffee00-1234-4abc-8def-0123456789ab";
  private static final String RG = "/subscriptions/" + SUB + "/resourcegroups/rg-prod";
  private static final String WEB_01 = RG + "/providers/microsoft.compute/virtualmachines/web-01";

  private static final List<String> RELEVANT =
      List.of(
          "runcommand-action-portal-started.json",
          "runcommand-action-portal-succeeded.json",
          "runcommand-denied-portal.json",
          "runcommand-action-diag-started.json",
          "runcommand-action-diag-panther-succeeded.json",
          "runcommand-action-diag-panther-lowercase.json",
          "runcommand-action-eventgrid-failure.json",
          "managed-runcommand-eventgrid.json",
          "managed-runcommand-cloudevent.json",
          "vmss-runcommand-action-diag-panther.json",
          "vmss-instance-managed-runcommand-portal.json",
          "vmss-customscript-extension-scaleset-diag.json",
          "arc-runcommand-portal-accepted.json",
          "customscript-extension-diag-panther.json",
          "customscript-extension-renamed-portal.json");

  private final AzureActivityParser parser = new AzureActivityParser();

  @Nested
  class ActionRunCommand {
    @Test
    void portalStartedRecordCarriesTheScriptFromTheRequestBody() throws Exception {
      AdminCommand c = parseOne(record("runcommand-action-portal-started.json"));

      assertThat(c.cloud()).isEqualTo(Cloud.AZURE);
      assertThat(c.operation()).isEqualTo(Operation.RUN_COMMAND_ACTION);
      assertThat(c.eventName()).isEqualTo("Microsoft.Compute/virtualMachines/runCommand/action");
      assertThat(c.account()).isEqualTo(SUB);
      assertThat(c.region()).isNull();
      assertThat(c.targets()).containsExactly(new VmRef(WEB_01, "web-01"));
      assertThat(c.targetSelector()).isNull();
      assertThat(c.targetCount()).isNull();
      assertThat(c.commandId()).isEqualTo("7d1e4c2a-5b3f-4e8a-9c6d-0f1e2a3b4c5d");
      assertThat(c.document()).isEqualTo("RunShellScript");
      assertThat(c.content()).isEqualTo("id\ncat /etc/os-release");
      assertThat(c.contentSha256()).isNull();
      assertThat(c.outcome()).isEqualTo(Outcome.IN_PROGRESS);
      assertThat(c.errorCode()).isNull();
      assertThat(c.time()).isEqualTo(Instant.parse("2025-03-04T09:15:02.1234567Z"));
      assertThat(c.eventId()).isEqualTo("0c9b8a7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d");
      assertThat(c.foldKey()).isEqualTo("azure:7d1e4c2a-5b3f-4e8a-9c6d-0f1e2a3b4c5d|" + WEB_01);
      assertThat(c.sourceIp()).isEqualTo("203.0.113.10");
      assertThat(c.userAgent()).isNull();
      assertThat(c.principal())
          .isEqualTo(
              new Principal("alice@contoso.com", "Alice Example", PrincipalKind.HUMAN, null, null));
      assertThat(c.origin()).isEqualTo(where());
    }

    @Test
    void startedAndSucceededRecordsOfOneOperationShareTheFoldKey() throws Exception {
      AdminCommand started = parseOne(record("runcommand-action-portal-started.json"));
      AdminCommand succeeded = parseOne(record("runcommand-action-portal-succeeded.json"));

      assertThat(List.of(started.outcome(), succeeded.outcome()))
          .containsExactly(Outcome.IN_PROGRESS, Outcome.SUCCEEDED);
      assertThat(succeeded.foldKey()).isEqualTo(started.foldKey()).isNotNull();
      assertThat(succeeded.commandId()).isEqualTo(started.commandId());
      assertThat(succeeded.eventId())
          .isEqualTo("1d0c9b8a-7f6e-4b5a-8d3c-2e1f0a9b8c7d")
          .isNotEqualTo(started.eventId());
      assertThat(succeeded.time()).isAfter(started.time());
      // The body is logged with the request only: the end record does not know the script.
      assertThat(succeeded.document()).isNull();
      assertThat(succeeded.content()).isNull();
    }

    @Test
    void diagnosticExportIsNormalizedFromUpperCaseAndGetsASynthesizedEventId() throws Exception {
      AdminCommand c = parseOne(record("runcommand-action-diag-started.json"));

      assertThat(c.operation()).isEqualTo(Operation.RUN_COMMAND_ACTION);
      assertThat(c.eventName()).isEqualTo("MICROSOFT.COMPUTE/VIRTUALMACHINES/RUNCOMMAND/ACTION");
      assertThat(c.account()).isEqualTo(SUB);
      assertThat(c.region()).as("'global' is where the event was processed").isNull();
      assertThat(c.targets())
          .containsExactly(
              new VmRef(RG + "/providers/microsoft.compute/virtualmachines/app-02", "APP-02"));
      assertThat(c.outcome()).isEqualTo(Outcome.IN_PROGRESS);
      assertThat(c.sourceIp()).isEqualTo("192.0.2.44");
      assertThat(c.time()).isEqualTo(Instant.parse("2025-03-05T14:02:11.441Z"));
      assertThat(c.eventId())
          .isEqualTo(
              "8e7f6a5b-4c3d-4e2f-9a1b-0c9d8e7f6a5b/microsoft.compute/virtualmachines/runcommand"
                  + "/action/Start/2025-03-05T14:02:11.4410000Z");
      assertThat(c.principal())
          .isEqualTo(
              new Principal(
                  "2b3c4d5e-6f70-4812-93a4-b5c6d7e8f901",
                  null,
                  PrincipalKind.SERVICE_ACCOUNT,
                  "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b",
                  null));
    }

    @Test
    void pantherSampleWithoutIdentityReadsEveryFieldItHas() throws Exception {
      AdminCommand c = parseOne(record("runcommand-action-diag-panther-succeeded.json"));

      assertThat(c.account()).isEqualTo("12345678-1234-1234-1234-123456789abc");
      assertThat(c.region()).isEqualTo("eastus");
      assertThat(c.sourceIp()).isEqualTo("1.1.1.1");
      assertThat(c.outcome()).isEqualTo(Outcome.SUCCEEDED);
      assertThat(c.principal()).isEqualTo(Principal.UNKNOWN);
      assertThat(c.targets())
          .containsExactly(
              new VmRef(
                  "/subscriptions/12345678-1234-1234-1234-123456789abc/resourcegroups/compute-rg"
                      + "/providers/microsoft.compute/virtualmachines/prod-vm-01",
                  "prod-vm-01"));
      assertThat(c.foldKey())
          .isEqualTo(
              "azure:a1b2c3d4-e5f6-7890-abcd-ef1234567890|/subscriptions/12345678-1234-1234-1234"
                  + "-123456789abc/resourcegroups/compute-rg/providers/microsoft.compute"
                  + "/virtualmachines/prod-vm-01");
      assertThat(c.eventId())
          .isEqualTo(
              "a1b2c3d4-e5f6-7890-abcd-ef1234567890/microsoft.compute/virtualmachines/runcommand"
                  + "/action/Success/2025-12-22T10:30:00.0000000Z");
      assertThat(c.document()).isNull();
    }

    @Test
    void lowerCaseOperationNameIsRecognizedAndKeptAsGiven() throws Exception {
      AdminCommand c = parseOne(record("runcommand-action-diag-panther-lowercase.json"));

      assertThat(c.operation()).isEqualTo(Operation.RUN_COMMAND_ACTION);
      assertThat(c.eventName()).isEqualTo("microsoft.compute/virtualmachines/runcommand/action");
      assertThat(c.outcome()).isEqualTo(Outcome.SUCCEEDED);
      assertThat(c.region()).isEqualTo("westeurope");
    }

    @Test
    void eventGridActionFailureIsAFailureWithoutCode() throws Exception {
      AdminCommand c = parseOne(record("runcommand-action-eventgrid-failure.json"));

      assertThat(c.operation()).isEqualTo(Operation.RUN_COMMAND_ACTION);
      assertThat(c.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(c.errorCode()).isNull();
      assertThat(c.sourceIp()).isEqualTo("192.0.2.44");
      assertThat(c.eventId()).isEqualTo("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
      assertThat(c.time()).isEqualTo(Instant.parse("2025-03-08T11:20:33.12Z"));
      assertThat(c.targets()).containsExactly(new VmRef(WEB_01, "web-01"));
      assertThat(c.principal().kind()).isEqualTo(PrincipalKind.SERVICE_ACCOUNT);
    }
  }

  @Nested
  class Denials {
    @Test
    void authorizationFailureIsDeniedWithTheArmErrorCode() throws Exception {
      AdminCommand c = parseOne(record("runcommand-denied-portal.json"));

      assertThat(c.outcome()).isEqualTo(Outcome.DENIED);
      assertThat(c.errorCode()).isEqualTo("AuthorizationFailed");
      assertThat(c.principal())
          .isEqualTo(
              new Principal(
                  "mallory@contoso.com", "Mallory Example", PrincipalKind.HUMAN, null, null));
      assertThat(c.sourceIp()).isEqualTo("198.51.100.23");
    }

    @Test
    void forbiddenSubStatusAloneIsEnoughForADenial() throws Exception {
      ObjectNode r = record("runcommand-denied-portal.json");
      ((ObjectNode) r.get("properties")).remove(List.of("statusMessage", "statusCode"));

      AdminCommand c = parseOne(r);

      assertThat(c.outcome()).isEqualTo(Outcome.DENIED);
      assertThat(c.errorCode()).isEqualTo("Forbidden");
    }

    @Test
    void eventGridFailureWith403IsDenied() throws Exception {
      ObjectNode r = record("runcommand-action-eventgrid-failure.json");
      ((ObjectNode) r.get("data")).put("status", "403");

      AdminCommand c = parseOne(r);

      assertThat(c.outcome()).isEqualTo(Outcome.DENIED);
      assertThat(c.errorCode()).isEqualTo("Forbidden");
    }

    @Test
    void otherFailuresKeepTheirCodeFromTheResultSignature() throws Exception {
      ObjectNode r = record("runcommand-action-diag-started.json");
      r.put("resultType", "Failure").put("resultSignature", "Failed.Conflict");

      AdminCommand c = parseOne(r);

      assertThat(c.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(c.errorCode()).isEqualTo("Conflict");
    }

    @Test
    void policyRefusalIsAFailureNotADenial() throws Exception {
      ObjectNode r = record("runcommand-denied-portal.json");
      ObjectNode properties = (ObjectNode) r.get("properties");
      properties.put("statusMessage", "{\"error\":{\"code\":\"RequestDisallowedByPolicy\"}}");
      properties.put("statusCode", "BadRequest");
      r.set("subStatus", MAPPER.readTree("{\"value\":\"BadRequest\"}"));

      AdminCommand c = parseOne(r);

      assertThat(c.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(c.errorCode()).isEqualTo("RequestDisallowedByPolicy");
    }

    @Test
    void canceledIsAFailure() throws Exception {
      ObjectNode r = record("runcommand-action-diag-started.json");
      r.put("resultType", "Canceled").put("resultSignature", "Canceled.");

      AdminCommand c = parseOne(r);

      assertThat(c.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(c.errorCode()).isNull();
    }
  }

  @Nested
  class ManagedRunCommand {
    @Test
    void eventGridWriteByAVmsSystemIdentityIsAnInstanceIdentity() throws Exception {
      AdminCommand c = parseOne(record("managed-runcommand-eventgrid.json"));

      assertThat(c.operation()).isEqualTo(Operation.MANAGED_RUN_COMMAND);
      assertThat(c.eventName()).isEqualTo("Microsoft.Compute/virtualMachines/runCommands/write");
      assertThat(c.targets())
          .containsExactly(
              new VmRef(RG + "/providers/microsoft.compute/virtualmachines/db-01", "db-01"));
      assertThat(c.document()).isEqualTo("patch-check");
      assertThat(c.content()).isNull();
      assertThat(c.outcome()).isEqualTo(Outcome.SUCCEEDED);
      assertThat(c.account()).isEqualTo(SUB);
      assertThat(c.sourceIp()).isNull();
      assertThat(c.eventId()).isEqualTo("5e6f7081-92a3-4b45-86d7-e8f90a1b2c3d");
      assertThat(c.time()).isEqualTo(Instant.parse("2025-03-06T22:41:07.331Z"));
      assertThat(c.foldKey())
          .isEqualTo(
              "azure:6f708192-a3b4-4c56-97e8-f90a1b2c3d4e|"
                  + RG
                  + "/providers/microsoft.compute/virtualmachines/db-01");
      assertThat(c.principal())
          .isEqualTo(
              new Principal(
                  "4d5e6f70-8192-4a34-b5c6-d7e8f90a1b2c",
                  RG + "/providers/microsoft.compute/virtualmachines/jump-01",
                  PrincipalKind.INSTANCE_IDENTITY,
                  "3c4d5e6f-7081-4923-a4b5-c6d7e8f90a1b",
                  null));
    }

    @Test
    void cloudEventWriteByAUserAssignedIdentityOnAVmIsAnInstanceIdentity() throws Exception {
      AdminCommand c = parseOne(record("managed-runcommand-cloudevent.json"));

      assertThat(c.operation()).isEqualTo(Operation.MANAGED_RUN_COMMAND);
      assertThat(c.document()).isEqualTo("rotate-logs");
      assertThat(c.time()).isEqualTo(Instant.parse("2025-03-07T03:12:45.902Z"));
      assertThat(c.eventId()).isEqualTo("9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f");
      assertThat(c.commandId()).isEqualTo("0d1e2f3a-4b5c-4d6e-9f70-8192a3b4c5d6");
      assertThat(c.principal().kind()).isEqualTo(PrincipalKind.INSTANCE_IDENTITY);
      assertThat(c.principal().displayName())
          .isEqualTo(
              "/subscriptions/"
                  + SUB
                  + "/resourcegroups/rg-ops/providers/microsoft.compute"
                  + "/virtualmachines/ops-runner");
      assertThat(c.principal().id()).isEqualTo("8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e");
    }

    @Test
    void accountFallsBackToTheCloudEventSource() throws Exception {
      ObjectNode r = record("managed-runcommand-cloudevent.json");
      ((ObjectNode) r.get("data")).remove(List.of("subscriptionId", "resourceUri"));
      r.put(
          "subject",
          "/resourceGroups/x/providers/Microsoft.Compute/virtualMachines/vm/runCommands/a");

      AdminCommand c = parseOne(r);

      assertThat(c.account()).isEqualTo(SUB);
    }

    @Test
    void scaleSetInstanceRunCommandNamesTheInstanceAndCarriesTheInlineScript() throws Exception {
      AdminCommand c = parseOne(record("vmss-instance-managed-runcommand-portal.json"));

      assertThat(c.operation()).isEqualTo(Operation.MANAGED_RUN_COMMAND);
      assertThat(c.targets())
          .containsExactly(
              new VmRef(
                  RG
                      + "/providers/microsoft.compute/virtualmachinescalesets/web-vmss/virtualmachines/3",
                  "web-vmss_3"));
      assertThat(c.targetSelector()).isNull();
      assertThat(c.document()).isEqualTo("collect-diag");
      assertThat(c.content()).isEqualTo("journalctl -u nginx --since today > /tmp/nginx.log");
      assertThat(c.outcome()).isEqualTo(Outcome.IN_PROGRESS);
    }

    @Test
    void arcMachineRunCommandByAUserAssignedIdentityIsAServiceAccount() throws Exception {
      AdminCommand c = parseOne(record("arc-runcommand-portal-accepted.json"));

      assertThat(c.operation()).isEqualTo(Operation.MANAGED_RUN_COMMAND);
      assertThat(c.targets())
          .containsExactly(
              new VmRef(
                  "/subscriptions/"
                      + SUB
                      + "/resourcegroups/rg-onprem/providers/microsoft.hybridcompute/machines"
                      + "/fileserver-07",
                  "fileserver-07"));
      assertThat(c.document()).isEqualTo("inventory");
      assertThat(c.outcome()).isEqualTo(Outcome.IN_PROGRESS);
      assertThat(c.errorCode()).isNull();
      assertThat(c.sourceIp()).isEqualTo("20.50.2.10");
      assertThat(c.principal())
          .isEqualTo(
              new Principal(
                  "b8c9d0e1-f2a3-4b4c-8d5e-6f7a8b9c0d1f",
                  "ops-automation",
                  PrincipalKind.SERVICE_ACCOUNT,
                  "a7b8c9d0-e1f2-4a3b-9c4d-5e6f7a8b9c0e",
                  null));
    }
  }

  @Nested
  class ScaleSetActionRunCommand {
    @Test
    void pantherVmssInstanceRunCommandKeepsTheInstanceId() throws Exception {
      AdminCommand c = parseOne(record("vmss-runcommand-action-diag-panther.json"));

      assertThat(c.operation()).isEqualTo(Operation.RUN_COMMAND_ACTION);
      String instance =
          "/subscriptions/55555555-5555-5555-5555-555555555555/resourcegroups/vmss-rg/providers"
              + "/microsoft.compute/virtualmachinescalesets/web-vmss/virtualmachines/0";
      assertThat(c.targets()).containsExactly(new VmRef(instance, "web-vmss_0"));
      assertThat(c.foldKey()).isEqualTo("azure:f6a7b8c9-d0e1-2345-f012-555555555555|" + instance);
      assertThat(c.region()).isEqualTo("northeurope");
    }
  }

  @Nested
  class Extensions {
    @Test
    void pantherCustomScriptExtensionWriteIsACandidate() throws Exception {
      AdminCommand c = parseOne(record("customscript-extension-diag-panther.json"));

      assertThat(c.operation()).isEqualTo(Operation.CUSTOM_SCRIPT_EXTENSION);
      assertThat(c.document()).isEqualTo("customScript");
      assertThat(c.targets())
          .containsExactly(
              new VmRef(
                  "/subscriptions/22222222-2222-2222-2222-222222222222/resourcegroups/compute-rg"
                      + "/providers/microsoft.compute/virtualmachines/db-vm",
                  "db-vm"));
      assertThat(c.outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void monitoringAgentExtensionIsNotACommand() throws Exception {
      assertThat(parseAll(record("not-command-extension-azuremonitor-portal.json"))).isEmpty();
    }

    @Test
    void loggedExtensionTypeOverridesAnInnocentLookingName() throws Exception {
      AdminCommand c = parseOne(record("customscript-extension-renamed-portal.json"));

      assertThat(c.operation()).isEqualTo(Operation.CUSTOM_SCRIPT_EXTENSION);
      assertThat(c.document()).isEqualTo("MDE.Linux");
      assertThat(c.content()).isEqualTo("bash -c 'useradd -m svc-backup'");
      assertThat(c.outcome()).isEqualTo(Outcome.IN_PROGRESS);
    }

    @Test
    void loggedNonScriptTypeIsNotACommandWhateverItsName() throws Exception {
      ObjectNode r = record("customscript-extension-renamed-portal.json");
      ObjectNode properties = (ObjectNode) r.get("properties");
      properties.put(
          "requestbody", properties.get("requestbody").asText().replace("CustomScript", "DSC"));

      assertThat(parseAll(r)).isEmpty();
    }

    @Test
    void scaleSetModelExtensionTargetsTheWholeScaleSetBySelector() throws Exception {
      AdminCommand c = parseOne(record("vmss-customscript-extension-scaleset-diag.json"));

      String scaleSet = RG + "/providers/microsoft.compute/virtualmachinescalesets/web-vmss";
      assertThat(c.operation()).isEqualTo(Operation.CUSTOM_SCRIPT_EXTENSION);
      assertThat(c.targets()).isEmpty();
      assertThat(c.targetSelector()).isEqualTo(scaleSet);
      assertThat(c.foldKey()).isEqualTo("azure:0b1c2d3e-4f5a-4b6c-9d7e-8f9a0b1c2d3e|" + scaleSet);
      assertThat(c.document()).isEqualTo("CUSTOMSCRIPT");
      assertThat(c.region()).isEqualTo("westeurope");
      assertThat(c.principal().kind()).isEqualTo(PrincipalKind.HUMAN);
    }
  }

  @Nested
  class NotRelevant {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "not-relevant-vm-write-panther.json",
          "not-relevant-aks-runcommand-panther.json",
          "not-relevant-serial-console-panther.json",
          "not-relevant-gallery-application-panther.json",
          "not-command-extension-azuremonitor-portal.json"
        })
    void recognizedButSkipped(String fixture) throws Exception {
      JsonNode r = record(fixture);
      List<AdminCommand> seen = new ArrayList<>();

      assertThat(parser.accepts(r)).isTrue();
      assertThat(parser.parse(r, where(), seen::add)).isZero();
      assertThat(seen).isEmpty();
    }

    @Test
    void awsRecordIsNotAccepted() throws Exception {
      JsonNode aws = record("aws-cloudtrail-describeinstances-unrelated.json");

      assertThat(parser.accepts(aws)).isFalse();
      assertThat(parser.parse(aws, where(), c -> {})).isZero();
    }
  }

  @Nested
  class Prefilter {
    @Test
    void everyRelevantFixturePassesInAnyCasing() {
      for (String fixture : RELEVANT) {
        String raw = text(fixture);
        assertThat(parser.mayBeRelevant(raw)).as(fixture).isTrue();
        assertThat(parser.mayBeRelevant(raw.toUpperCase(Locale.ROOT))).as(fixture).isTrue();
        assertThat(parser.mayBeRelevant(raw.toLowerCase(Locale.ROOT))).as(fixture).isTrue();
      }
    }

    @Test
    void escapedSlashesDoNotHideAnExtensionWrite() {
      String raw = text("customscript-extension-diag-panther.json").replace("/", "\\/");

      assertThat(parser.mayBeRelevant(raw)).isTrue();
    }

    @Test
    void unrelatedAwsRecordIsRejected() {
      assertThat(parser.mayBeRelevant(text("aws-cloudtrail-describeinstances-unrelated.json")))
          .isFalse();
    }

    @Test
    void unrelatedAzureRecordIsRejected() {
      assertThat(parser.mayBeRelevant(text("not-relevant-vm-write-panther.json"))).isFalse();
    }
  }

  @Nested
  class Shapes {
    @Test
    void acceptsEveryAzureShape() throws Exception {
      for (String fixture : RELEVANT) {
        assertThat(parser.accepts(record(fixture))).as(fixture).isTrue();
      }
    }

    @Test
    void rejectsOtherShapes() throws Exception {
      assertThat(parser.accepts(MAPPER.readTree("[]"))).isFalse();
      assertThat(parser.accepts(MAPPER.readTree("{\"type\":\"Microsoft.Storage.BlobCreated\"}")))
          .isFalse();
      assertThat(parser.accepts(MAPPER.readTree("{\"operationName\":\"x\"}"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "runcommand-action-portal-started.json:eventTimestamp",
          "runcommand-action-diag-started.json:time",
          "managed-runcommand-eventgrid.json:eventTime",
          "managed-runcommand-cloudevent.json:time"
        })
    void missingTimeIsAMissingFieldNamedAfterTheShape(String fixtureAndField) throws Exception {
      String[] parts = fixtureAndField.split(":");
      ObjectNode r = record(parts[0]);
      r.remove(parts[1]);

      assertThatThrownBy(() -> parser.parse(r, where(), c -> {}))
          .isInstanceOfSatisfying(
              InvalidRecordException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.MISSING_FIELD);
                assertThat(e.field()).isEqualTo(parts[1]);
              });
    }

    @Test
    void unparseableTimeIsAnInvalidField() throws Exception {
      ObjectNode r = record("runcommand-action-portal-started.json");
      r.put("eventTimestamp", "yesterday");

      assertThatThrownBy(() -> parser.parse(r, where(), c -> {}))
          .isInstanceOfSatisfying(
              InvalidRecordException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_FIELD));
    }

    @Test
    void missingResourceIdIsAMissingField() throws Exception {
      ObjectNode r = record("runcommand-action-diag-started.json");
      r.remove("resourceId");
      r.put("correlationId", "still-an-activity-record");

      assertThatThrownBy(() -> parser.parse(r, where(), c -> {}))
          .isInstanceOfSatisfying(
              InvalidRecordException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.MISSING_FIELD);
                assertThat(e.field()).isEqualTo("resourceId");
              });
    }

    @Test
    void resourceIdNamingNoMachineIsAnInvalidField() throws Exception {
      ObjectNode r = record("runcommand-action-diag-started.json");
      r.put(
          "resourceId",
          "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Web/sites/x");

      assertThatThrownBy(() -> parser.parse(r, where(), c -> {}))
          .isInstanceOfSatisfying(
              InvalidRecordException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_FIELD);
                assertThat(e.field()).isEqualTo("resourceId");
              });
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "[\"RunShellScript\"]", "", "null"})
    void unusableRequestBodyIsIgnored(String body) throws Exception {
      ObjectNode r = record("runcommand-action-portal-started.json");
      ((ObjectNode) r.get("properties")).put("requestbody", body);

      AdminCommand c = parseOne(r);

      assertThat(c.document()).isNull();
      assertThat(c.content()).isNull();
      assertThat(c.outcome()).isEqualTo(Outcome.IN_PROGRESS);
    }

    @Test
    void requestBodyLoggedAsAnObjectIsReadToo() throws Exception {
      ObjectNode r = record("runcommand-action-portal-started.json");
      ((ObjectNode) r.get("properties"))
          .set(
              "requestBody",
              MAPPER.readTree("{\"commandId\":\"RunPowerShellScript\",\"script\":\"whoami\"}"));
      ((ObjectNode) r.get("properties")).remove("requestbody");

      AdminCommand c = parseOne(r);

      assertThat(c.document()).isEqualTo("RunPowerShellScript");
      assertThat(c.content()).isEqualTo("whoami");
    }

    @Test
    void recordWithoutCorrelationIdIsNotFolded() throws Exception {
      ObjectNode r = record("runcommand-action-portal-succeeded.json");
      r.remove("correlationId");

      AdminCommand c = parseOne(r);

      assertThat(c.commandId()).isNull();
      assertThat(c.foldKey()).isNull();
    }

    /** Any damage to a record ends in a command, a skip or a typed error, never a crash. */
    @Test
    void damagedRecordsNeverThrowAnythingButInvalidRecord() {
      Random random = new Random(1651);
      JsonNode[] replacements = {
        null,
        JsonNodeFactory.instance.nullNode(),
        JsonNodeFactory.instance.numberNode(403),
        JsonNodeFactory.instance.textNode(""),
        JsonNodeFactory.instance.textNode("/"),
        JsonNodeFactory.instance.objectNode(),
        JsonNodeFactory.instance.arrayNode(),
        JsonNodeFactory.instance.booleanNode(true)
      };
      int parsed = 0;
      for (String fixture : RELEVANT) {
        for (int round = 0; round < 200; round++) {
          JsonNode r = record(fixture);
          for (int hits = 1 + random.nextInt(3); hits > 0; hits--) {
            damage(r, random, replacements);
          }
          try {
            parsed += parser.parse(r, where(), c -> {});
          } catch (InvalidRecordException expected) {
            assertThat(expected.kind()).isNotNull();
          }
        }
      }
      assertThat(parsed).as("most damage leaves a usable record").isPositive();
    }
  }

  @Nested
  class Principals {
    @Test
    void guidCallerWithoutClaimsIsAServiceAccount() {
      Principal p = AzurePrincipalReader.read(null, "33a68b9d-63ce-484c-a97e-94aef4c89648");

      assertThat(p)
          .isEqualTo(
              new Principal(
                  "33a68b9d-63ce-484c-a97e-94aef4c89648",
                  null,
                  PrincipalKind.SERVICE_ACCOUNT,
                  null,
                  null));
    }

    @Test
    void emailCallerWithoutClaimsIsAHuman() {
      Principal p = AzurePrincipalReader.read(null, "bob@contoso.com");

      assertThat(p.kind()).isEqualTo(PrincipalKind.HUMAN);
      assertThat(p.id()).isEqualTo("bob@contoso.com");
    }

    @Test
    void nothingAtAllIsUnknown() {
      assertThat(AzurePrincipalReader.read(null, null)).isEqualTo(Principal.UNKNOWN);
    }

    @Test
    void scaleSetIdentityIsAnInstanceIdentity() throws Exception {
      JsonNode claims =
          MAPPER.readTree(
              "{\"appid\":\"a\",\"idtyp\":\"app\",\"xms_mirid\":\"/subscriptions/s/resourcegroups"
                  + "/MC_rg/providers/Microsoft.Compute/virtualMachineScaleSets/aks-pool-vmss\"}");

      Principal p = AzurePrincipalReader.read(claims, "caller-guid");

      assertThat(p.kind()).isEqualTo(PrincipalKind.INSTANCE_IDENTITY);
      assertThat(p.displayName())
          .isEqualTo(
              "/subscriptions/s/resourcegroups/mc_rg/providers/microsoft.compute"
                  + "/virtualmachinescalesets/aks-pool-vmss");
    }

    @Test
    void machineClaimWithoutAnyIdStillNamesThePrincipal() throws Exception {
      String vm =
          "/subscriptions/s/resourcegroups/r/providers/Microsoft.Compute/virtualMachines/vm1";
      JsonNode claims = MAPPER.readTree("{\"xms_az_rid\":\"" + vm + "\"}");

      Principal p = AzurePrincipalReader.read(claims, null);

      assertThat(p.kind()).isEqualTo(PrincipalKind.INSTANCE_IDENTITY);
      assertThat(p.id()).isEqualTo(vm);
      assertThat(p.displayName()).isEqualTo(vm.toLowerCase(Locale.ROOT));
    }

    @Test
    void appTokenWithoutAnyIdIsUnknown() throws Exception {
      assertThat(AzurePrincipalReader.read(MAPPER.readTree("{\"idtyp\":\"app\"}"), null))
          .isEqualTo(Principal.UNKNOWN);
    }

    @Test
    void aksClusterIdentityIsAServiceAccount() throws Exception {
      JsonNode claims =
          MAPPER.readTree(
              "{\"appid\":\"a\",\"idtyp\":\"app\",\"xms_mirid\":\"/subscriptions/s/resourcegroups"
                  + "/rg/providers/Microsoft.ContainerService/managedClusters/aks1\"}");

      Principal p = AzurePrincipalReader.read(claims, null);

      assertThat(p.kind()).isEqualTo(PrincipalKind.SERVICE_ACCOUNT);
      assertThat(p.displayName()).isEqualTo("aks1");
      assertThat(p.issuer()).isEqualTo("a");
    }
  }

  @Test
  void fieldTableDocumentsEveryModelFieldButTheOrigin() {
    Set<String> documented =
        parser.fieldTable().stream().map(FieldMapping::modelField).collect(Collectors.toSet());
    Set<String> modelFields =
        Arrays.stream(AdminCommand.class.getRecordComponents())
            .map(c -> c.getName())
            .filter(n -> !n.equals("origin"))
            .collect(Collectors.toSet());

    assertThat(documented).containsExactlyInAnyOrderElementsOf(modelFields);
    assertThat(parser.fieldTable())
        .allSatisfy(
            row -> {
              assertThat(row.rawField()).isNotBlank();
              assertThat(row.whenAbsent()).isNotBlank();
            });
    assertThat(parser.cloud()).isEqualTo(Cloud.AZURE);
  }

  // --- helpers -------------------------------------------------------------------------------

  private AdminCommand parseOne(JsonNode record) throws InvalidRecordException {
    List<AdminCommand> commands = parseAll(record);
    assertThat(commands).hasSize(1);
    return commands.get(0);
  }

  private List<AdminCommand> parseAll(JsonNode record) throws InvalidRecordException {
    List<AdminCommand> seen = new ArrayList<>();
    int count = parser.parse(record, where(), seen::add);
    assertThat(count).isEqualTo(seen.size());
    return seen;
  }

  private static RecordRef where() {
    return new RecordRef("test", 0, -1);
  }

  /** The fixture's one record; Event Grid fixtures are delivered as one-element arrays. */
  private static ObjectNode record(String fixture) {
    try {
      JsonNode node = MAPPER.readTree(text(fixture));
      if (node.isArray()) {
        assertThat(node).hasSize(1);
        node = node.get(0);
      }
      return (ObjectNode) node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(String fixture) {
    try (InputStream in =
        AzureActivityParserTest.class.getResourceAsStream("/events/azure/" + fixture)) {
      assertThat(in).as(fixture).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces or removes one field somewhere in the tree. */
  private static void damage(JsonNode root, Random random, JsonNode[] replacements) {
    JsonNode node = root;
    while (true) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      if (names.isEmpty()) {
        return;
      }
      String name = names.get(random.nextInt(names.size()));
      JsonNode child = node.get(name);
      if (child.isObject() && random.nextBoolean()) {
        node = child;
        continue;
      }
      JsonNode replacement = replacements[random.nextInt(replacements.length)];
      if (replacement == null) {
        ((ObjectNode) node).remove(name);
      } else {
        ((ObjectNode) node).set(name, replacement.deepCopy());
      }
      return;
    }
  }
}
