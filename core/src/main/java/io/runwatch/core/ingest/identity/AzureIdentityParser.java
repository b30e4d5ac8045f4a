package io.runwatch.core.ingest.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.runwatch.core.ingest.FieldMapping;
import io.runwatch.core.ingest.IngestListener;
import io.runwatch.core.ingest.InvalidRecordException;
import io.runwatch.core.ingest.JsonFields;
import io.runwatch.core.ingest.RecordParser;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.IdentityChange;
import io.runwatch.core.model.IdentityChange.Kind;
import io.runwatch.core.model.RecordRef;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure identity changes: role assignments from the Activity Log, and interactive Entra ID
 * sign-ins.
 *
 * <p><b>Role assignments</b> ({@code Microsoft.Authorization/roleAssignments/write}, {@link
 * Kind#ROLE_ASSIGNED}) in the shapes the command parser reads: the portal/REST event, the
 * diagnostic-settings export and Event Grid. ARM logs one operation as several records. The
 * assignee is only in the request body, {@code properties.requestbody} ({@code
 * {"Id":…,"Properties":{"PrincipalId","RoleDefinitionId","Scope",…}}}), which ARM writes on the
 * {@code Started} record; newer records may also carry {@code properties.responseBody} on {@code
 * Succeeded}. A change is reported from every record that names the assignee, except failed and
 * canceled ones; a record that does not name it ({@code properties.entity} is the assignment's own
 * id, not the assignee; Event Grid carries no body) is skipped as not relevant, because a change
 * without a subject joins to nothing. The same assignment may therefore appear twice (Started and
 * Succeeded), which changes no verdict. A Started record whose operation later fails still reports
 * a change: the failure record does not name the assignee, so it cannot be retracted.
 *
 * <p>The subject is the assignee's Entra object id: it joins to commands by service principals and
 * managed identities, whose {@code Principal.id()} is that object id, but not to commands by users,
 * which carry the UPN (see {@link IdentitySubjects}).
 *
 * <p><b>Sign-ins</b> ({@link Kind#SIGN_IN}) from the Entra ID sign-in log, interactive user
 * sign-ins only: the diagnostic-settings export ({@code category: SignInLogs}, {@code
 * operationName: Sign-in activity}, fields under {@code properties}) and the Log Analytics {@code
 * SigninLogs} table as exported ({@code UserPrincipalName}, {@code IPAddress}, {@code ResultType},
 * {@code TimeGenerated}). Only successful sign-ins ({@code resultType} 0) count. The subject is the
 * UPN, which commands by users carry as their id; the detail is the address signed in from.
 *
 * <p>This parser sits before the Azure command parser and {@link #accepts} only these records.
 */
public final class AzureIdentityParser implements RecordParser {
  static final String ROLE_ASSIGNMENT_WRITE = "Microsoft.Authorization/roleAssignments/write";
  private static final String SIGN_IN_ACTIVITY = "Sign-in activity";
  private static final String SIGN_IN_LOGS = "SignInLogs";
  private static final String EVENT_PREFIX = "Microsoft.Resources.";
  private static final String UPN = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
  private static final String OBJECT_ID =
      "http://schemas.microsoft.com/identity/claims/objectidentifier";
  private static final Pattern SUBSCRIPTION = Pattern.compile("(?i)/subscriptions/([^/]+)");
  private static final Set<String> FAILED = Set.of("failed", "failure", "canceled", "cancel");
  private static final JsonMapper JSON = new JsonMapper();

  /** Built-in roles that matter for running commands in VMs, by role definition GUID. */
  private static final Map<String, String> ROLE_NAMES =
      Map.of(
          "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner",
          "b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor",
          "acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader",
          "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "User Access Administrator",
          "9980e02c-c2be-4d73-94e8-173b1dc7cf3c", "Virtual Machine Contributor");

  public AzureIdentityParser() {}

  @Override
  public Cloud cloud() {
    return Cloud.AZURE;
  }

  @Override
  public List<Set<String>> candidateTokens() {
    return List.of(Set.of(ROLE_ASSIGNMENT_WRITE, SIGN_IN_ACTIVITY, SIGN_IN_LOGS));
  }

  @Override
  public boolean mayBeRelevant(String latin1) {
    return containsIgnoreCase(latin1, "roleassignments")
        || containsIgnoreCase(latin1, "sign-in activity")
        || containsIgnoreCase(latin1, "signinlogs");
  }

  @Override
  public boolean accepts(JsonNode record) {
    return isRoleAssignment(record) || isSignIn(record);
  }

  @Override
  public int parse(JsonNode record, RecordRef where, IngestListener out)
      throws InvalidRecordException {
    IdentityChange change =
        isRoleAssignment(record)
            ? roleAssignment(record, where)
            : isSignIn(record) ? signIn(record, where) : null;
    if (change == null) {
      return 0;
    }
    out.identityChange(change);
    return 1;
  }

  // ---- role assignments ----

  private static boolean isRoleAssignment(JsonNode record) {
    if (record == null || !record.isObject()) {
      return false;
    }
    JsonNode op = JsonFields.at(body(record), "operationName");
    String name = op == null ? null : op.isObject() ? JsonFields.text(op, "value") : op.asText();
    return ROLE_ASSIGNMENT_WRITE.equalsIgnoreCase(name);
  }

  private static boolean isEvent(JsonNode root) {
    String type = JsonFields.text(root, "eventType");
    if (type == null) {
      type = JsonFields.text(root, "type");
    }
    return type != null && type.startsWith(EVENT_PREFIX);
  }

  /** Where the operation's fields live: the record, or an Event Grid event's {@code data}. */
  private static JsonNode body(JsonNode root) {
    if (!isEvent(root)) {
      return root;
    }
    JsonNode data = JsonFields.at(root, "data");
    return data != null && data.isObject() ? data : root;
  }

  private static IdentityChange roleAssignment(JsonNode root, RecordRef where)
      throws InvalidRecordException {
    JsonNode body = body(root);
    String status = status(root, body);
    if (status != null && FAILED.contains(status.toLowerCase(Locale.ROOT))) {
      return null;
    }
    JsonNode assignment = assignmentProperties(property(body, "requestbody"));
    if (field(assignment, "principalId") == null) {
      assignment = assignmentProperties(property(body, "responseBody"));
    }
    String assignee = field(assignment, "principalId");
    if (assignee == null) {
      return null; // the record does not say who got the role
    }
    String role = field(assignment, "roleDefinitionId");
    String scope = field(assignment, "scope");
    String type = field(assignment, "principalType");
    String detail =
        roleName(role)
            + (scope == null ? "" : " at " + scope)
            + (type == null ? "" : " to " + type);
    return new IdentityChange(
        Cloud.AZURE,
        subscription(root, body),
        assignee,
        caller(root, body),
        Kind.ROLE_ASSIGNED,
        JsonFields.requiredTime(root, timeField(root)),
        detail,
        eventId(root, body, status),
        where);
  }

  /** {@code Properties} of a request or response body given as JSON text or as an object. */
  private static JsonNode assignmentProperties(JsonNode bodyNode) {
    JsonNode parsed = bodyNode;
    if (bodyNode != null && bodyNode.isTextual()) {
      try {
        parsed = JSON.readTree(bodyNode.textValue());
      } catch (IOException e) {
        return null; // a body that is not JSON names no assignee
      }
    }
    if (parsed == null || !parsed.isObject()) {
      return null;
    }
    JsonNode properties = fieldNode(parsed, "properties");
    return properties != null && properties.isObject() ? properties : parsed;
  }

  private static String roleName(String roleDefinitionId) {
    if (roleDefinitionId == null) {
      return "a role";
    }
    String guid =
        roleDefinitionId.substring(roleDefinitionId.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    String name = ROLE_NAMES.get(guid);
    return name == null ? "role " + guid : name + " (" + guid + ")";
  }

  private static String status(JsonNode root, JsonNode body) {
    if (isEvent(root)) {
      String type = JsonFields.text(root, "eventType");
      type = type != null ? type : JsonFields.text(root, "type");
      for (String word : new String[] {"Success", "Failure", "Cancel"}) {
        if (type.endsWith(word)) {
          return word;
        }
      }
      return JsonFields.text(body, "status");
    }
    JsonNode status = JsonFields.at(root, "status");
    if (status != null && status.isObject()) {
      return JsonFields.text(status, "value");
    }
    return status != null ? status.asText() : JsonFields.text(root, "resultType");
  }

  /** The caller's id as the command parser names a principal: UPN, else object id, else caller. */
  private static String caller(JsonNode root, JsonNode body) {
    JsonNode claims = JsonFields.at(body, "claims");
    if (claims == null) {
      claims = JsonFields.at(root, "identity", "claims");
    }
    String upn = first(JsonFields.text(claims, UPN), JsonFields.text(claims, "upn"));
    String caller = JsonFields.text(root, "caller");
    if (upn != null) {
      return upn;
    }
    if (caller != null && caller.contains("@")) {
      return caller;
    }
    return first(
        JsonFields.text(claims, OBJECT_ID),
        JsonFields.text(claims, "oid"),
        JsonFields.text(claims, "appid"),
        caller);
  }

  private static String subscription(JsonNode root, JsonNode body) {
    String id = JsonFields.text(body, "subscriptionId");
    if (id == null) {
      for (String source :
          new String[] {
            JsonFields.text(root, "resourceId"),
            JsonFields.text(body, "resourceUri"),
            JsonFields.text(root, "subject"),
            JsonFields.text(root, "topic"),
            JsonFields.text(root, "source")
          }) {
        Matcher m = SUBSCRIPTION.matcher(source == null ? "" : source);
        if (m.find()) {
          id = m.group(1);
          break;
        }
      }
    }
    return id == null ? null : id.toLowerCase(Locale.ROOT);
  }

  private static String timeField(JsonNode root) {
    for (String f : new String[] {"eventTimestamp", "eventTime", "time"}) {
      if (root.hasNonNull(f)) {
        return f;
      }
    }
    return "eventTimestamp";
  }

  private static String eventId(JsonNode root, JsonNode body, String status) {
    String id = JsonFields.text(root, isEvent(root) ? "id" : "eventDataId");
    if (id != null) {
      return id;
    }
    String correlation = JsonFields.text(body, "correlationId");
    return correlation == null ? null : correlation + "/" + status;
  }

  /**
   * A property of the operation, ignoring case, from {@code properties} or the {@code
   * properties.eventProperties} some exports nest them in.
   */
  private static JsonNode property(JsonNode body, String name) {
    JsonNode properties = JsonFields.at(body, "properties");
    JsonNode found = fieldNode(properties, name);
    return found != null ? found : fieldNode(JsonFields.at(properties, "eventProperties"), name);
  }

  // ---- sign-ins ----

  /**
   * An interactive user sign-in: category {@code SignInLogs} (the other sign-in logs, such as
   * {@code NonInteractiveUserSignInLogs}, share the operation name but not the category), or a Log
   * Analytics row of type {@code SigninLogs}, or a record naming only the operation.
   */
  private static boolean isSignIn(JsonNode record) {
    if (record == null || !record.isObject()) {
      return false;
    }
    String category = field(record, "category");
    if (category != null) {
      return SIGN_IN_LOGS.equalsIgnoreCase(category);
    }
    String type = field(record, "Type");
    if (type != null && type.toLowerCase(Locale.ROOT).endsWith("signinlogs")) {
      return SIGN_IN_LOGS.equalsIgnoreCase(type);
    }
    return SIGN_IN_ACTIVITY.equalsIgnoreCase(field(record, "operationName"));
  }

  private static IdentityChange signIn(JsonNode root, RecordRef where)
      throws InvalidRecordException {
    JsonNode properties = fieldNode(root, "properties");
    JsonNode p = properties != null && properties.isObject() ? properties : root;
    String result = first(field(root, "resultType"), field(fieldNode(p, "status"), "errorCode"));
    if (!"0".equals(result)) {
      return null; // a failed or interrupted sign-in changes nothing
    }
    String upn = first(field(p, "userPrincipalName"), field(root, "userPrincipalName"));
    if (upn == null) {
      return null;
    }
    String ip = first(field(p, "ipAddress"), field(root, "callerIpAddress"));
    JsonNode timeHolder = p;
    String timeField = fieldName(p, "createdDateTime");
    if (timeField == null) {
      timeHolder = root;
      timeField = first(fieldName(root, "time"), fieldName(root, "TimeGenerated"), "time");
    }
    return new IdentityChange(
        Cloud.AZURE,
        first(field(root, "tenantId"), field(root, "AADTenantId")),
        upn,
        upn,
        Kind.SIGN_IN,
        JsonFields.requiredTime(timeHolder, timeField),
        ip,
        first(field(p, "id"), field(root, "correlationId")),
        where);
  }

  // ---- field access, ignoring case ----

  /** ASCII case-insensitive search without copying the (possibly large) record. */
  private static boolean containsIgnoreCase(String haystack, String lowerNeedle) {
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

  private static JsonNode fieldNode(JsonNode node, String name) {
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode exact = node.get(name);
    if (exact != null && !exact.isNull()) {
      return exact;
    }
    for (var it = node.properties().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isNull()) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String fieldName(JsonNode node, String name) {
    if (node == null || !node.isObject()) {
      return null;
    }
    for (var it = node.properties().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isNull()) {
        return e.getKey();
      }
    }
    return null;
  }

  private static String field(JsonNode node, String name) {
    JsonNode n = fieldNode(node, name);
    return n != null && n.isValueNode() && !n.asText().isEmpty() ? n.asText() : null;
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  @Override
  public List<FieldMapping> fieldTable() {
    return List.of(
        new FieldMapping("cloud", "(constant) AZURE", "-"),
        new FieldMapping(
            "account",
            "role assignment: subscriptionId | /subscriptions/<id> of resourceId, resourceUri,"
                + " subject, topic or source, lower-cased; sign-in: tenantId | AADTenantId",
            "null"),
        new FieldMapping(
            "kind",
            "operationName Microsoft.Authorization/roleAssignments/write → ROLE_ASSIGNED;"
                + " category SignInLogs / Type SigninLogs / operationName Sign-in activity →"
                + " SIGN_IN",
            "record skipped; also failed or canceled assignments and sign-ins with resultType"
                + " other than 0"),
        new FieldMapping(
            "subject",
            "role assignment: properties.requestbody Properties.PrincipalId (any case) |"
                + " properties.responseBody properties.principalId (the assignee's object id);"
                + " sign-in: properties.userPrincipalName | UserPrincipalName",
            "record skipped: the Succeeded record and Event Grid do not name the assignee"),
        new FieldMapping(
            "actor",
            "claims (claims | identity.claims | data.claims) upn, else a caller holding @, else"
                + " claims objectidentifier | oid | appid, else caller; sign-in: the UPN",
            "null"),
        new FieldMapping(
            "time",
            "eventTimestamp | eventTime | time; sign-in: properties.createdDateTime | time |"
                + " TimeGenerated",
            "error MISSING_FIELD"),
        new FieldMapping(
            "detail",
            "role name (built-in) or role definition GUID, scope, principal type; sign-in: the"
                + " address (properties.ipAddress | IPAddress | callerIpAddress) and nothing else",
            "the kind of change only"),
        new FieldMapping(
            "eventId",
            "eventDataId | Event Grid id | correlationId/status; sign-in: properties.id |"
                + " correlationId",
            "null"));
  }
}
