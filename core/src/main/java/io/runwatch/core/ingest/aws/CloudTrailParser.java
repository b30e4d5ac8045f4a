package io.runwatch.core.ingest.aws;

import static io.runwatch.core.ingest.JsonFields.at;
import static io.runwatch.core.ingest.JsonFields.integer;
import static io.runwatch.core.ingest.JsonFields.text;
import static io.runwatch.core.ingest.JsonFields.texts;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.ingest.FieldMapping;
import io.runwatch.core.ingest.IngestListener;
import io.runwatch.core.ingest.InvalidRecordException;
import io.runwatch.core.ingest.JsonFields;
import io.runwatch.core.ingest.RecordParser;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.model.RecordRef;
import io.runwatch.core.model.Sha256;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AWS: CloudTrail records (S3 delivery files, JSON lines, single records), the EventBridge envelope
 * {@code "AWS API Call via CloudTrail"}, and the {@code aws.ssm} status events.
 *
 * <p>CloudTrail never logs SendCommand's {@code parameters} (always {@code
 * HIDDEN_DUE_TO_SECURITY_REASONS}), so content stays unknown here; the functions fetch it with
 * {@code ssm:ListCommands}. Denied calls are kept as {@link Outcome#DENIED}: a run of denials
 * before a success is a detection signal.
 */
public final class CloudTrailParser implements RecordParser {
  static final String SSM = "ssm.amazonaws.com";
  private static final String HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";
  private static final Map<String, Operation> OPERATIONS =
      Map.ofEntries(
          Map.entry("SendCommand", Operation.SEND_COMMAND),
          Map.entry("StartSession", Operation.START_SESSION),
          Map.entry("ResumeSession", Operation.RESUME_SESSION),
          Map.entry("CreateAssociation", Operation.CREATE_ASSOCIATION),
          Map.entry("CreateAssociationBatch", Operation.CREATE_ASSOCIATION),
          Map.entry("UpdateAssociation", Operation.UPDATE_ASSOCIATION),
          Map.entry("StartAssociationsOnce", Operation.START_ASSOCIATIONS_ONCE),
          Map.entry("CreateDocument", Operation.CREATE_DOCUMENT),
          Map.entry("UpdateDocument", Operation.UPDATE_DOCUMENT));
  private static final Set<String> DENIAL_CODES =
      Set.of(
          "AccessDenied",
          "AccessDeniedException",
          "UnauthorizedOperation",
          "Client.UnauthorizedOperation",
          "UnauthorizedAccess",
          "InvalidClientTokenId",
          "ExpiredToken",
          "ExpiredTokenException");

  private final SsmStatusEvents statusEvents = new SsmStatusEvents();

  @Override
  public Cloud cloud() {
    return Cloud.AWS;
  }

  @Override
  public List<Set<String>> candidateTokens() {
    // The service (CloudTrail's eventSource, EventBridge's source) and what happened (the API
    // call, or the status event's detail-type): SSM agents' own chatter has only the first.
    Set<String> what = new java.util.HashSet<>(OPERATIONS.keySet());
    what.addAll(SsmStatusEvents.detailTypes());
    return List.of(Set.of(SSM, "aws.ssm"), Set.copyOf(what));
  }

  @Override
  public boolean mayBeRelevant(String latin1) {
    return latin1.contains(SSM) || latin1.contains("\"aws.ssm\"");
  }

  @Override
  public boolean accepts(JsonNode record) {
    return record.has("eventSource") && record.has("eventName")
        || record.has("detail-type") && record.has("detail");
  }

  @Override
  public int parse(JsonNode record, RecordRef where, IngestListener out)
      throws InvalidRecordException {
    if (record.has("detail-type")) {
      return parseEventBridge(record, where, out);
    }
    return parseCloudTrail(record, null, where, out);
  }

  private int parseEventBridge(JsonNode event, RecordRef where, IngestListener out)
      throws InvalidRecordException {
    String detailType = text(event, "detail-type");
    JsonNode detail = event.get("detail");
    if ("AWS API Call via CloudTrail".equals(detailType)) {
      if (detail == null || !detail.isObject()) {
        throw InvalidRecordException.invalid("detail", "the CloudTrail record must be an object");
      }
      return parseCloudTrail(detail, event, where, out);
    }
    if ("aws.ssm".equals(text(event, "source"))) {
      return statusEvents.parse(event, where, out);
    }
    return 0;
  }

  private int parseCloudTrail(JsonNode r, JsonNode envelope, RecordRef where, IngestListener out)
      throws InvalidRecordException {
    if (!SSM.equals(text(r, "eventSource"))) {
      return 0;
    }
    String eventName = text(r, "eventName");
    // Immutable maps throw on a null key: an eventName that is null or not a string is just not
    // one of ours.
    Operation op = eventName == null ? null : OPERATIONS.get(eventName);
    if (op == null) {
      return 0;
    }
    JsonNode request = at(r, "requestParameters");
    JsonNode response = at(r, "responseElements");
    SsmTargets targets = SsmTargets.from(request, response);
    String errorCode = text(r, "errorCode");
    String content = content(op, request);
    out.command(
        AdminCommand.builder()
            .cloud(Cloud.AWS)
            .account(account(r, envelope))
            .region(text(r, "awsRegion"))
            .operation(op)
            .eventName(text(r, "eventName"))
            .principal(CloudTrailPrincipals.from(r))
            .sourceIp(text(r, "sourceIPAddress"))
            .userAgent(text(r, "userAgent"))
            .targets(targets.vms())
            .targetSelector(targets.selector())
            .targetCount(integer(response, "command", "targetCount"))
            .commandId(commandId(op, request, response))
            .document(document(request, response))
            .content(content)
            .contentSha256(content == null ? null : Sha256.hex(content))
            .outcome(outcome(errorCode))
            .errorCode(errorCode)
            .time(JsonFields.requiredTime(r, "eventTime"))
            .eventId(text(r, "eventID"))
            .origin(where)
            .build());
    return 1;
  }

  private static String account(JsonNode r, JsonNode envelope) {
    String a = text(r, "recipientAccountId");
    if (a == null) {
      a = text(r, "userIdentity", "accountId");
    }
    if (a == null && envelope != null) {
      a = text(envelope, "account");
    }
    return a;
  }

  private static String commandId(Operation op, JsonNode request, JsonNode response) {
    return switch (op) {
      case SEND_COMMAND -> text(response, "command", "commandId");
      case START_SESSION -> text(response, "sessionId");
      case RESUME_SESSION -> text(request, "sessionId");
      case CREATE_ASSOCIATION ->
          text(response, "associationDescription", "associationId") != null
              ? text(response, "associationDescription", "associationId")
              : text(response, "associationId");
      case UPDATE_ASSOCIATION -> text(request, "associationId");
      case START_ASSOCIATIONS_ONCE -> {
        List<String> ids = texts(at(request, "associationIds"));
        yield ids.isEmpty() ? null : String.join(",", ids);
      }
      default -> null;
    };
  }

  private static String document(JsonNode request, JsonNode response) {
    String d = text(request, "documentName");
    if (d == null) {
      d = text(request, "name"); // CreateDocument, CreateAssociation
    }
    if (d == null) {
      d = text(response, "command", "documentName");
    }
    return d;
  }

  /** Document content is logged for CreateDocument/UpdateDocument unless AWS hides it. */
  private static String content(Operation op, JsonNode request) {
    if (op != Operation.CREATE_DOCUMENT && op != Operation.UPDATE_DOCUMENT) {
      return null;
    }
    String c = text(request, "content");
    return c == null || c.equals(HIDDEN) ? null : c;
  }

  private static Outcome outcome(String errorCode) {
    if (errorCode == null) {
      return Outcome.SUCCEEDED;
    }
    return DENIAL_CODES.contains(errorCode) ? Outcome.DENIED : Outcome.FAILED;
  }

  @Override
  public List<FieldMapping> fieldTable() {
    return List.of(
        new FieldMapping("cloud", "(constant) AWS", "-"),
        new FieldMapping(
            "account",
            "recipientAccountId | userIdentity.accountId | EventBridge account",
            "null: unknown account"),
        new FieldMapping("region", "awsRegion", "null"),
        new FieldMapping(
            "operation",
            "eventSource=ssm.amazonaws.com + eventName (SendCommand, StartSession, ResumeSession,"
                + " CreateAssociation[Batch], UpdateAssociation, StartAssociationsOnce,"
                + " CreateDocument, UpdateDocument)",
            "record skipped as not relevant"),
        new FieldMapping(
            "principal.id",
            "userIdentity.arn | userIdentity.principalId | userIdentity.invokedBy (AWSService)",
            "'unknown' with kind UNKNOWN"),
        new FieldMapping(
            "principal.kind",
            "userIdentity.type (IAMUser/Root/Federated/IdentityCenter → HUMAN; AssumedRole →"
                + " ROLE_SESSION, INSTANCE_IDENTITY when the session name is an instance id, HUMAN"
                + " when issued by IAM Identity Center; AWSService, invokedBy or a"
                + " *.amazonaws.com source address → CLOUD_SERVICE)",
            "UNKNOWN"),
        new FieldMapping(
            "principal.issuer", "userIdentity.sessionContext.sessionIssuer.arn", "null: no role"),
        new FieldMapping("principal.credentialId", "userIdentity.accessKeyId", "null"),
        new FieldMapping(
            "sourceIp", "sourceIPAddress (a service name when a service called)", "null"),
        new FieldMapping("userAgent", "userAgent", "null"),
        new FieldMapping(
            "targets",
            "requestParameters.instanceIds | .target | .instanceId | .targets[key=InstanceIds] |"
                + " .entries[] | responseElements.command.instanceIds",
            "empty: targets chosen by selector, or the call was denied before resolution"),
        new FieldMapping(
            "targetSelector",
            "requestParameters.targets[key≠InstanceIds] rendered key=v1,v2",
            "null: explicit instances"),
        new FieldMapping(
            "targetCount",
            "responseElements.command.targetCount",
            "null: not resolved (denied call, sessions, associations)"),
        new FieldMapping(
            "commandId",
            "responseElements.command.commandId | responseElements.sessionId |"
                + " requestParameters.sessionId | associationDescription.associationId |"
                + " requestParameters.associationId[s]",
            "null: denied call (responseElements is null) or documents"),
        new FieldMapping(
            "document",
            "requestParameters.documentName | .name | responseElements.command.documentName",
            "null: StartSession with the default shell document"),
        new FieldMapping(
            "content",
            "requestParameters.content (Create/UpdateDocument); SendCommand parameters are always"
                + " HIDDEN_DUE_TO_SECURITY_REASONS",
            "null: unknown until fetched with ssm:ListCommands"),
        new FieldMapping(
            "outcome",
            "errorCode: AccessDenied-like → DENIED, other → FAILED; none → SUCCEEDED",
            "SUCCEEDED"),
        new FieldMapping("errorCode", "errorCode", "null: the call succeeded"),
        new FieldMapping("time", "eventTime", "error MISSING_FIELD"),
        new FieldMapping("eventId", "eventID", "null: duplicates cannot be dropped"));
  }
}
