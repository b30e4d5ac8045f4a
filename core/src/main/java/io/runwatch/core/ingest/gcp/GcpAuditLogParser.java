package io.runwatch.core.ingest.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.ingest.FieldMapping;
import io.runwatch.core.ingest.IngestListener;
import io.runwatch.core.ingest.InvalidRecordException;
import io.runwatch.core.ingest.JsonFields;
import io.runwatch.core.ingest.RecordParser;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.OperationCompletion;
import io.runwatch.core.model.RecordRef;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads Google Cloud Audit Logs entries (bare, or in the Pub/Sub and Eventarc envelopes {@link
 * LogEntryEnvelope} unwraps) and reports the calls that run or stage code in VMs: OS Config patch
 * jobs, patch deployments and OS policy assignments, and Compute Engine metadata changes that set
 * startup or shutdown scripts.
 *
 * <p>OS Config writes these calls to the Data Access log (DATA_WRITE), which is off by default:
 * without it only the Compute Engine half of this parser has input.
 */
public final class GcpAuditLogParser implements RecordParser {
  private static final Pattern PROJECT_OF_LOG = Pattern.compile("^projects/([^/]+)/logs/");
  private static final Pattern LOCATION_OF_RESOURCE =
      Pattern.compile("/(?:zones|locations|regions)/([^/]+)");

  public GcpAuditLogParser() {}

  @Override
  public Cloud cloud() {
    return Cloud.GCP;
  }

  @Override
  public List<Set<String>> candidateTokens() {
    return List.of(AuditMethod.candidateTokens());
  }

  @Override
  public boolean mayBeRelevant(String latin1) {
    return latin1.contains("osconfig.googleapis.com")
        || latin1.contains("OsConfig")
        || latin1.contains("etMetadata")
        || latin1.contains("etCommonInstanceMetadata")
        || latin1.contains("instances.insert")
        // Envelopes hide the entry in base64, so they must always pass.
        || latin1.contains("messagePublished")
        || latin1.contains("\"subscription\"")
        || latin1.contains("\"ackId\"");
  }

  @Override
  public boolean accepts(JsonNode record) {
    return LogEntryEnvelope.recognizes(record);
  }

  @Override
  public int parse(JsonNode record, RecordRef where, IngestListener out)
      throws InvalidRecordException {
    JsonNode entry = LogEntryEnvelope.unwrap(record);
    JsonNode payload = JsonFields.at(entry, "protoPayload");
    String methodName = JsonFields.text(payload, "methodName");
    AuditMethod method = AuditMethod.of(methodName);
    if (method == null) {
      return 0;
    }
    AdminCommand.Builder command =
        AdminCommand.builder().operation(method.operation()).eventName(methodName);
    String operationId = JsonFields.text(entry, "operation", "id");
    // Entries too large for Logging are split; the parts share a uid and describe one call.
    String splitId = JsonFields.text(entry, "split", "uid");
    boolean isCommand =
        switch (method) {
          case EXECUTE_PATCH_JOB -> describePatchJob(payload, operationId, command);
          case CREATE_PATCH_DEPLOYMENT, UPDATE_PATCH_DEPLOYMENT ->
              describePatchDeployment(payload, command);
          case CREATE_OS_POLICY_ASSIGNMENT, UPDATE_OS_POLICY_ASSIGNMENT ->
              describePolicyAssignment(payload, command);
          case SET_INSTANCE_METADATA, INSERT_INSTANCE ->
              StartupScriptCommands.describeInstance(entry, payload, operationId, command);
          case SET_PROJECT_METADATA ->
              StartupScriptCommands.describeProject(payload, account(entry), operationId, command);
        };
    GcpOutcome outcome = GcpOutcome.of(entry, payload);
    if (!isCommand) {
      return reportCompletion(entry, method, operationId, outcome, where, out);
    }
    JsonNode requestMetadata = JsonFields.at(payload, "requestMetadata");
    out.command(
        command
            .time(JsonFields.requiredTime(entry, "timestamp"))
            .account(account(entry))
            .region(region(entry, payload))
            .principal(GcpPrincipals.of(payload))
            // Some SIEM exports rename callerIp to callerIP.
            .sourceIp(JsonFields.textIgnoreCase(requestMetadata, "callerIp"))
            .userAgent(JsonFields.text(requestMetadata, "callerSuppliedUserAgent"))
            .outcome(outcome.outcome())
            .errorCode(outcome.errorCode())
            .eventId(JsonFields.text(entry, "insertId"))
            .foldKey(
                operationId != null
                    ? "gcp:" + operationId
                    : splitId != null ? "gcp:split:" + splitId : null)
            .origin(where)
            .build());
    return 1;
  }

  /**
   * A Compute {@code last} entry carries no metadata delta, so it cannot say by itself whether the
   * call touched a startup script; it completes the matching {@code first} entry, if any.
   */
  private static int reportCompletion(
      JsonNode entry,
      AuditMethod method,
      String operationId,
      GcpOutcome outcome,
      RecordRef where,
      IngestListener out)
      throws InvalidRecordException {
    boolean computeOperation =
        method == AuditMethod.SET_INSTANCE_METADATA
            || method == AuditMethod.SET_PROJECT_METADATA
            || method == AuditMethod.INSERT_INSTANCE;
    if (!computeOperation
        || operationId == null
        || !ProtoJson.isTrue(JsonFields.at(entry, "operation"), "last")) {
      return 0;
    }
    out.completion(
        new OperationCompletion(
            "gcp:" + operationId,
            outcome.outcome(),
            outcome.errorCode(),
            JsonFields.requiredTime(entry, "timestamp"),
            where));
    return 1;
  }

  @Override
  public List<FieldMapping> fieldTable() {
    return GcpFieldTable.ROWS;
  }

  private static boolean describePatchJob(
      JsonNode payload, String operationId, AdminCommand.Builder command) {
    JsonNode request = JsonFields.at(payload, "request");
    JsonNode response = JsonFields.at(payload, "response");
    // The response (a PatchJob) repeats the request; denied calls have only the request.
    JsonNode filter = either(request, response, "instanceFilter");
    JsonNode config = either(request, response, "patchConfig");
    String jobName = ProtoJson.text(response, "name");
    command
        .commandId(jobName != null ? jobName : operationId)
        .document(
            ProtoJson.firstNonNull(
                ProtoJson.text(request, "displayName"),
                ProtoJson.text(response, "displayName"),
                PatchRequests.summary(config)))
        .targetSelector(PatchRequests.selector(filter))
        .targets(PatchRequests.targets(filter))
        .content(PatchRequests.steps(config));
    return true;
  }

  private static boolean describePatchDeployment(JsonNode payload, AdminCommand.Builder command) {
    JsonNode request = JsonFields.at(payload, "request");
    JsonNode response = JsonFields.at(payload, "response");
    JsonNode deployment = ProtoJson.child(request, "patchDeployment");
    if (deployment == null) {
      deployment = response;
    }
    String parent = ProtoJson.text(request, "parent");
    String id = ProtoJson.text(request, "patchDeploymentId");
    String name =
        ProtoJson.firstNonNull(
            ProtoJson.text(response, "name"),
            ProtoJson.text(deployment, "name"),
            parent != null && id != null ? parent + "/patchDeployments/" + id : null,
            JsonFields.text(payload, "resourceName"));
    JsonNode filter = ProtoJson.child(deployment, "instanceFilter");
    command
        .commandId(name)
        .document(name)
        .targetSelector(PatchRequests.selector(filter))
        .targets(PatchRequests.targets(filter))
        .content(PatchRequests.steps(ProtoJson.child(deployment, "patchConfig")));
    return true;
  }

  private static boolean describePolicyAssignment(JsonNode payload, AdminCommand.Builder command) {
    JsonNode assignment = PolicyAssignments.assignment(JsonFields.at(payload, "request"));
    String name = PolicyAssignments.name(payload);
    command
        .commandId(name)
        .document(name)
        .targetSelector(PolicyAssignments.selector(ProtoJson.child(assignment, "instanceFilter")))
        .content(PolicyAssignments.scripts(assignment));
    return true;
  }

  private static String account(JsonNode entry) {
    String project = JsonFields.text(entry, "resource", "labels", "project_id");
    return project != null
        ? project
        : ProtoJson.firstMatch(PROJECT_OF_LOG, JsonFields.text(entry, "logName"));
  }

  private static String region(JsonNode entry, JsonNode payload) {
    JsonNode labels = JsonFields.at(entry, "resource", "labels");
    JsonNode locations = JsonFields.at(payload, "resourceLocation", "currentLocations");
    List<String> current = JsonFields.texts(locations);
    return ProtoJson.firstNonNull(
        JsonFields.text(labels, "zone"),
        JsonFields.text(labels, "location"),
        current.isEmpty() ? null : current.get(0),
        ProtoJson.firstMatch(LOCATION_OF_RESOURCE, JsonFields.text(payload, "resourceName")));
  }

  private static JsonNode either(JsonNode first, JsonNode second, String camelName) {
    JsonNode n = ProtoJson.child(first, camelName);
    return n != null ? n : ProtoJson.child(second, camelName);
  }
}
