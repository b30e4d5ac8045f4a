package io.runwatch.core.ingest.gcp;

import io.runwatch.core.ingest.FieldMapping;
import java.util.List;

/** Which Cloud Audit Logs field fills which model field, and what its absence means. */
final class GcpFieldTable {
  static final List<FieldMapping> ROWS =
      List.of(
          new FieldMapping("cloud", "(constant)", "always GCP"),
          new FieldMapping(
              "account",
              "resource.labels.project_id, else logName projects/<id>/logs/…",
              "null: an organization, folder or billing-account log"),
          new FieldMapping(
              "region",
              "resource.labels.zone | location, else protoPayload.resourceLocation"
                  + ".currentLocations[0], else zones|locations|regions/<x> in resourceName",
              "null: project-wide call (patch jobs name zones in the filter instead)"),
          new FieldMapping(
              "operation",
              "protoPayload.methodName (any API version) and, for Compute metadata,"
                  + " the startup/shutdown script keys touched",
              "methodName absent or another method: not relevant, nothing emitted"),
          new FieldMapping("eventName", "protoPayload.methodName", "never absent when emitted"),
          new FieldMapping(
              "principal.id",
              "protoPayload.authenticationInfo.principalEmail, else principalSubject",
              "principal UNKNOWN (redacted caller)"),
          new FieldMapping(
              "principal.kind",
              "principal e-mail: service agent (service-N@…, @cloudservices, system:)"
                  + " → CLOUD_SERVICE; *.gserviceaccount.com with"
                  + " requestMetadata.callerNetwork → INSTANCE_IDENTITY, without → SERVICE_ACCOUNT;"
                  + " other e-mail → HUMAN",
              "UNKNOWN"),
          new FieldMapping(
              "principal.issuer",
              "authenticationInfo.serviceAccountDelegationInfo[].firstPartyPrincipal"
                  + ".principalEmail, joined with ' > ' oldest first",
              "null: no impersonation"),
          new FieldMapping(
              "principal.credentialId",
              "authenticationInfo.serviceAccountKeyName",
              "null: not a user-managed service account key"),
          new FieldMapping(
              "sourceIp",
              "protoPayload.requestMetadata.callerIp (may be 'private' or 'gce-internal-ip')",
              "null: often on the 'last' entry of a long-running operation"),
          new FieldMapping(
              "userAgent", "protoPayload.requestMetadata.callerSuppliedUserAgent", "null"),
          new FieldMapping(
              "targets",
              "PATCH_*: instanceFilter.instances[] as zones/Z/instances/N; STARTUP_SCRIPT_CHANGE"
                  + " on an instance: resource.labels.instance_id (else response.targetId, else"
                  + " resourceName) named by resourceName …/instances/<name>",
              "empty: the call selects VMs indirectly (targetSelector)"),
          new FieldMapping(
              "targetSelector",
              "request instanceFilter rendered compactly (all | zones | instances | labels |"
                  + " prefixes; include | exclude | os); project:<id> for project metadata",
              "null: the record has no filter (e.g. request not logged)"),
          new FieldMapping(
              "commandId",
              "PATCH_JOB: response.name (projects/P/patchJobs/ID), else operation.id;"
                  + " PATCH_DEPLOYMENT, OS_POLICY_ASSIGNMENT: the resource name;"
                  + " STARTUP_SCRIPT_CHANGE: operation.id, else response.name",
              "null: denied calls have no response"),
          new FieldMapping(
              "document",
              "PATCH_JOB: request.displayName, else a patchConfig summary; PATCH_DEPLOYMENT,"
                  + " OS_POLICY_ASSIGNMENT: the resource name; STARTUP_SCRIPT_CHANGE: the script"
                  + " keys touched",
              "null"),
          new FieldMapping(
              "content",
              "PATCH_*: pre/post-step script references; OS_POLICY_ASSIGNMENT: exec"
                  + " validate/enforce scripts; STARTUP_SCRIPT_CHANGE: request.metadata.items[]"
                  + ".value of script keys",
              "null: Compute redacts metadata values of setMetadata and"
                  + " setCommonInstanceMetadata; fetch the script later"),
          new FieldMapping(
              "contentSha256",
              "SHA-256 of content when it is exactly one startup script's text",
              "null"),
          new FieldMapping(
              "outcome",
              "protoPayload.status.code: 7, 16 or an authorizationInfo[].granted=false → DENIED;"
                  + " other non-zero → FAILED; operation.first without last → IN_PROGRESS",
              "SUCCEEDED"),
          new FieldMapping("errorCode", "protoPayload.status.code as its gRPC name", "null: OK"),
          new FieldMapping("time", "timestamp", "the record is invalid (MISSING_FIELD timestamp)"),
          new FieldMapping("eventId", "insertId", "null: duplicates cannot be dropped"),
          new FieldMapping(
              "foldKey",
              "\"gcp:\" + operation.id (start and end entries of one operation share it),"
                  + " else \"gcp:split:\" + split.uid (parts of an entry too large to log whole)",
              "null: single-entry call, or the entry omits operation.id"));

  private GcpFieldTable() {}
}
