package io.runwatch.core.ingest.azure;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.ingest.FieldMapping;
import io.runwatch.core.ingest.IngestListener;
import io.runwatch.core.ingest.InvalidRecordException;
import io.runwatch.core.ingest.JsonFields;
import io.runwatch.core.ingest.RecordParser;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.RecordRef;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads Azure Resource Manager records of commands run in VMs: Run Command (action and managed), on
 * VMs, scale-set instances and Arc machines, and Custom Script extension writes.
 *
 * <p>Input shapes, one record per call:
 *
 * <ul>
 *   <li>Activity Log events as the portal and REST API give them ({@code operationName.value},
 *       {@code eventTimestamp}, {@code claims}, {@code status.value}, {@code eventDataId});
 *   <li>diagnostic-settings exports to storage or Event Hubs ({@code operationName} string, {@code
 *       time}, {@code identity.claims}, {@code resultType}, no record id);
 *   <li>Event Grid subscription events ({@code Microsoft.Resources.Resource{Action,Write}*}) in
 *       Event Grid or CloudEvents 1.0 schema.
 * </ul>
 *
 * <p>ARM logs an operation as several records sharing a {@code correlationId} (Started, Accepted,
 * then Succeeded or Failed). Each becomes its own command with the same {@link
 * AdminCommand#foldKey()}, {@code azure:<correlationId>|<target id>}, for the folder downstream.
 * Outcomes: Started/Accepted are {@code IN_PROGRESS}, Succeeded {@code SUCCEEDED}, Failed and
 * Canceled {@code FAILED}, or {@code DENIED} when RBAC refused the request (see {@link
 * AzureOutcomeReader}).
 *
 * <p>Which operations count is in {@link AzureOperations}; which extension writes count is in
 * {@link ScriptExtensions}. The script itself is known only when ARM logged the request body, which
 * it seldom does; {@link RequestBodies} ignores a body it cannot parse.
 */
public final class AzureActivityParser implements RecordParser {
  private static final List<FieldMapping> FIELDS =
      List.of(
          row("cloud", "—", "always AZURE"),
          row(
              "account",
              "subscriptionId | data.subscriptionId | resourceId /subscriptions/<id> | topic or"
                  + " source /subscriptions/<id>",
              "null only when no subscription id appears anywhere; lower-cased"),
          row(
              "region",
              "location",
              "null: the portal shape and Event Grid have none; diagnostic exports write where the"
                  + " event was processed, and \"global\" is dropped"),
          row(
              "operation",
              "operationName.value | operationName | data.operationName",
              "record skipped: not a command operation (see AzureOperations)"),
          row("eventName", "operationName as given", "record skipped"),
          row(
              "principal",
              "claims | identity.claims | data.claims (upn, objectidentifier, appid, idtyp, name,"
                  + " xms_mirid, xms_az_rid), caller",
              "UNKNOWN principal: no claims and no caller"),
          row(
              "sourceIp",
              "callerIpAddress | httpRequest.clientIpAddress | data.httpRequest.clientIpAddress |"
                  + " claims.ipaddr",
              "null: Event Grid includes httpRequest only for some operations"),
          row("userAgent", "—", "always null: the Activity Log does not record it"),
          row(
              "targets",
              "resourceId | data.resourceUri | subject: the VM, scale-set instance or Arc machine,"
                  + " lower-cased, child segments (/runCommands/x, /extensions/x) stripped",
              "record rejected (MISSING_FIELD resourceId) when absent; INVALID_FIELD when it names"
                  + " no machine"),
          row(
              "targetSelector",
              "resourceId of a scale-set model extension write: the scale set id",
              "null: the operation names its machines"),
          row(
              "targetCount",
              "—",
              "always null: ARM does not say how many instances a change reached"),
          row("commandId", "correlationId | data.correlationId, lower-cased", "null"),
          row(
              "document",
              "managed run command or extension name (last resourceId segment); action run"
                  + " command: requestbody.commandId (e.g. RunShellScript)",
              "null: requestbody is rarely logged, so the action's command id is usually unknown"),
          row(
              "content",
              "requestbody: script lines joined by \\n (action), properties.source.script"
                  + " (managed), properties.settings.commandToExecute (extension)",
              "null: not logged, given by URI, or in protected settings; an unparseable"
                  + " requestbody is ignored"),
          row("contentSha256", "—", "null: filled later when content is fetched"),
          row(
              "outcome",
              "status.value | resultType | eventType/type suffix; subStatus, resultSignature,"
                  + " properties.statusCode, properties.statusMessage for denials",
              "IN_PROGRESS: no terminal status given"),
          row(
              "errorCode",
              "properties.statusMessage error.code | subStatus | resultSignature |"
                  + " properties.statusCode | data.status",
              "null: success, in progress, or a failure without a specific code"),
          row(
              "time",
              "eventTimestamp | time | eventTime",
              "record rejected (MISSING_FIELD with the field name)"),
          row(
              "eventId",
              "eventDataId | id (Event Grid, CloudEvents); diagnostic exports have none, so"
                  + " correlationId/operationName lower-cased/resultType/time is used",
              "synthesized as described, never null"),
          row(
              "foldKey",
              "\"azure:\" + correlationId lower-cased + \"|\" + target or scale set id",
              "null when correlationId is absent: the record is not folded"));

  public AzureActivityParser() {}

  @Override
  public Cloud cloud() {
    return Cloud.AZURE;
  }

  /**
   * Every relevant record names a {@code Microsoft.} provider, which ARM writes canonically or
   * upper-cased and SIEMs sometimes lower-case; only records that do are scanned, ignoring case,
   * for the operation words (including the {@code \/} some JSON writers use for {@code /}).
   */
  @Override
  public List<Set<String>> candidateTokens() {
    // Every relevant record names its operation exactly (operationName, data.operationName).
    return List.of(AzureOperations.names());
  }

  @Override
  public boolean mayBeRelevant(String latin1) {
    if (latin1.indexOf("icrosoft.") < 0 && latin1.indexOf("ICROSOFT.") < 0) {
      return false;
    }
    return containsIgnoreCase(latin1, "runcommand")
        || containsIgnoreCase(latin1, "extensions/write")
        || containsIgnoreCase(latin1, "extensions\\/write");
  }

  @Override
  public boolean accepts(JsonNode record) {
    return AzureRecord.of(record) != null;
  }

  @Override
  public int parse(JsonNode json, RecordRef where, IngestListener out)
      throws InvalidRecordException {
    AzureRecord record = AzureRecord.of(json);
    if (record == null) {
      return 0;
    }
    String operationName = record.operationName();
    AzureOperations.Spec spec = AzureOperations.lookup(operationName);
    if (spec == null) {
      return 0;
    }
    String resourceId = record.resourceId();
    if (resourceId == null) {
      throw InvalidRecordException.missing("resourceId");
    }
    TargetShape.Target target = spec.target().read(resourceId);
    if (target == null) {
      throw InvalidRecordException.invalid(
          "resourceId",
          "not a " + spec.target() + " resource id: " + JsonFields.abbreviate(resourceId, 200));
    }
    JsonNode body = RequestBodies.of(record);
    if (spec.isExtensionWrite()
        && !ScriptExtensions.mayRunScript(target.childName(), RequestBodies.extensionType(body))) {
      return 0;
    }

    AzureOutcomeReader.Reading reading = AzureOutcomeReader.read(record);
    String correlationId = lower(record.correlationId());
    AdminCommand.Builder command =
        AdminCommand.builder()
            .cloud(Cloud.AZURE)
            .operation(spec.operation())
            .account(record.subscriptionId())
            .region(record.location())
            .eventName(operationName)
            .principal(AzurePrincipalReader.read(record.claims(), record.caller()))
            .sourceIp(record.sourceIp())
            .targets(target.vms())
            .targetSelector(target.selector())
            .commandId(correlationId)
            .outcome(reading.outcome())
            .errorCode(reading.errorCode())
            .time(record.time())
            .eventId(record.eventId())
            .foldKey(
                correlationId == null ? null : "azure:" + correlationId + "|" + target.foldId())
            .origin(where);
    describeScript(command, spec.operation(), target.childName(), body);
    out.command(command.build());
    return 1;
  }

  private static void describeScript(
      AdminCommand.Builder command, Operation operation, String childName, JsonNode body) {
    switch (operation) {
      case RUN_COMMAND_ACTION ->
          command
              .document(RequestBodies.actionCommandId(body))
              .content(RequestBodies.actionScript(body));
      case MANAGED_RUN_COMMAND ->
          command.document(childName).content(RequestBodies.managedScript(body));
      default -> command.document(childName).content(RequestBodies.extensionCommand(body));
    }
  }

  @Override
  public List<FieldMapping> fieldTable() {
    return FIELDS;
  }

  private static FieldMapping row(String model, String raw, String whenAbsent) {
    return new FieldMapping(model, raw, whenAbsent);
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  /** ASCII case-insensitive search without copying the (possibly large) record. */
  static boolean containsIgnoreCase(String haystack, String lowerNeedle) {
    int n = lowerNeedle.length();
    char first = lowerNeedle.charAt(0);
    char firstUpper = Character.toUpperCase(first);
    for (int i = 0, last = haystack.length() - n; i <= last; i++) {
      char c = haystack.charAt(i);
      if ((c == first || c == firstUpper) && haystack.regionMatches(true, i, lowerNeedle, 0, n)) {
        return true;
      }
    }
    return false;
  }
}
