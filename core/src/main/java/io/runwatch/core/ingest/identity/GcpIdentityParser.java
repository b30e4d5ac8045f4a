package io.runwatch.core.ingest.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.ingest.FieldMapping;
import io.runwatch.core.ingest.IngestListener;
import io.runwatch.core.ingest.InvalidRecordException;
import io.runwatch.core.ingest.JsonFields;
import io.runwatch.core.ingest.RecordParser;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.IdentityChange;
import io.runwatch.core.model.IdentityChange.Kind;
import io.runwatch.core.model.RecordRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GCP identity changes from Cloud Audit Logs (Admin Activity), bare or in the Pub/Sub and Eventarc
 * envelopes:
 *
 * <ul>
 *   <li>{@code google.iam.admin.v1.CreateServiceAccountKey} and {@code UploadServiceAccountKey}:
 *       {@link Kind#SERVICE_ACCOUNT_KEY_CREATED} for the service account;
 *   <li>{@code SetIamPolicy} on a project, folder or organization ({@code
 *       cloudresourcemanager.googleapis.com}): {@link Kind#POLICY_CHANGED}, one change per member
 *       the policy delta adds a binding for, naming the roles;
 *   <li>{@code google.iam.admin.v1.SetIAMPolicy} on a service account: {@link Kind#TRUST_CHANGED}
 *       for the service account, naming who may now act as it (the members added).
 * </ul>
 *
 * <p>Bindings come from {@code serviceData.policyDelta.bindingDeltas} (action {@code ADD}); an
 * entry without a delta is skipped rather than read as "every member of the new policy was just
 * added". Calls that failed ({@code status.code} other than 0) changed nothing and are skipped.
 *
 * <p>This parser sits before the GCP command parser and {@link #accepts} only entries whose method
 * is one of these, so no OS Config or Compute entry ever reaches it.
 */
public final class GcpIdentityParser implements RecordParser {
  static final String CREATE_KEY = "google.iam.admin.v1.CreateServiceAccountKey";
  static final String UPLOAD_KEY = "google.iam.admin.v1.UploadServiceAccountKey";
  static final String SET_SA_POLICY = "google.iam.admin.v1.SetIAMPolicy";
  static final String SET_POLICY = "SetIamPolicy";
  private static final String RESOURCE_MANAGER = "cloudresourcemanager.googleapis.com";
  private static final Pattern PARENT_OF_LOG =
      Pattern.compile("^(projects|folders|organizations)/([^/]+)/logs/");
  private static final Pattern SERVICE_ACCOUNT = Pattern.compile("/serviceAccounts/([^/]+)");
  private static final Pattern KEY = Pattern.compile("/keys/([^/]+)$");

  public GcpIdentityParser() {}

  @Override
  public Cloud cloud() {
    return Cloud.GCP;
  }

  /**
   * The method names. Envelopes hide the entry in base64; they are candidates through the GCP
   * command parser's tokens, and {@link #accepts} looks inside them.
   */
  @Override
  public List<Set<String>> candidateTokens() {
    return List.of(Set.of(CREATE_KEY, UPLOAD_KEY, SET_SA_POLICY, SET_POLICY));
  }

  @Override
  public boolean mayBeRelevant(String latin1) {
    return latin1.contains("iam.admin.v1.") || latin1.contains(SET_POLICY);
  }

  @Override
  public boolean accepts(JsonNode record) {
    return method(GcpEntries.unwrap(record)) != null;
  }

  /** The identity method {@code entry} records, or {@code null}. */
  private static String method(JsonNode entry) {
    JsonNode payload = JsonFields.at(entry, "protoPayload");
    String method = JsonFields.text(payload, "methodName");
    if (method == null) {
      return null;
    }
    return switch (method) {
      case CREATE_KEY, UPLOAD_KEY, SET_SA_POLICY -> method;
      case SET_POLICY ->
          RESOURCE_MANAGER.equals(JsonFields.text(payload, "serviceName")) ? method : null;
      default -> null;
    };
  }

  @Override
  public int parse(JsonNode record, RecordRef where, IngestListener out)
      throws InvalidRecordException {
    JsonNode entry = GcpEntries.unwrap(record);
    String method = method(entry);
    if (method == null) {
      return 0;
    }
    JsonNode payload = JsonFields.at(entry, "protoPayload");
    Integer code = JsonFields.integer(payload, "status", "code");
    if (code != null && code != 0) {
      return 0; // refused or failed: nothing changed
    }
    Instant time = JsonFields.requiredTime(entry, "timestamp");
    String account = account(entry);
    String actor = actor(payload);
    String eventId = JsonFields.text(entry, "insertId");
    List<IdentityChange> changes = new ArrayList<>();
    switch (method) {
      case CREATE_KEY, UPLOAD_KEY -> {
        String keyOwner = serviceAccount(entry, payload);
        if (keyOwner != null) {
          String key = key(payload);
          String verb = method.equals(CREATE_KEY) ? "created" : "uploaded";
          changes.add(
              new IdentityChange(
                  Cloud.GCP,
                  account,
                  keyOwner,
                  actor,
                  Kind.SERVICE_ACCOUNT_KEY_CREATED,
                  time,
                  key == null ? "key " + verb : "key " + key + " " + verb,
                  eventId,
                  where));
        }
      }
      case SET_SA_POLICY -> {
        String serviceAccount = serviceAccount(entry, payload);
        Map<String, Set<String>> added = addedBindings(payload);
        if (serviceAccount != null && !added.isEmpty()) {
          List<String> grants = new ArrayList<>();
          added.forEach(
              (member, roles) -> grants.add(member + " (" + String.join(", ", roles) + ")"));
          changes.add(
              new IdentityChange(
                  Cloud.GCP,
                  account,
                  serviceAccount,
                  actor,
                  Kind.TRUST_CHANGED,
                  time,
                  "may now act as it: " + String.join("; ", grants),
                  eventId,
                  where));
        }
      }
      default -> {
        String resource = JsonFields.text(payload, "resourceName");
        addedBindings(payload)
            .forEach(
                (member, roles) ->
                    changes.add(
                        new IdentityChange(
                            Cloud.GCP,
                            account,
                            IdentitySubjects.gcpMember(member),
                            actor,
                            Kind.POLICY_CHANGED,
                            time,
                            String.join(", ", roles) + (resource == null ? "" : " on " + resource),
                            eventId,
                            where)));
      }
    }
    changes.forEach(out::identityChange);
    return changes.size();
  }

  /** Roles added per member, from the policy delta, in log order. */
  private static Map<String, Set<String>> addedBindings(JsonNode payload) {
    Map<String, Set<String>> added = new LinkedHashMap<>();
    for (String holder : List.of("serviceData", "metadata")) {
      JsonNode delta = child(child(JsonFields.at(payload, holder), "policyDelta"), "bindingDeltas");
      if (delta == null || !delta.isArray()) {
        continue;
      }
      for (JsonNode d : delta) {
        String member = JsonFields.text(d, "member");
        String role = JsonFields.text(d, "role");
        if ("ADD".equalsIgnoreCase(JsonFields.text(d, "action"))
            && member != null
            && !member.startsWith("deleted:")) {
          added.computeIfAbsent(member, m -> new LinkedHashSet<>()).add(String.valueOf(role));
        }
      }
    }
    return added;
  }

  /**
   * The service account's e-mail: the log resource's {@code email_id} label, else the {@code
   * serviceAccounts/<id>} segment of the response, request or resource name that holds an e-mail,
   * else the first such segment (the numeric unique id, which joins to nothing but still says which
   * account changed).
   */
  private static String serviceAccount(JsonNode entry, JsonNode payload) {
    String email = JsonFields.text(entry, "resource", "labels", "email_id");
    if (email != null) {
      return email;
    }
    String fallback = null;
    for (String name :
        new String[] {
          JsonFields.text(child(payload, "response"), "name"),
          JsonFields.text(child(payload, "request"), "name"),
          JsonFields.text(child(payload, "request"), "resource"),
          JsonFields.text(payload, "resourceName")
        }) {
      Matcher m = SERVICE_ACCOUNT.matcher(name == null ? "" : name);
      if (m.find()) {
        if (m.group(1).contains("@")) {
          return m.group(1);
        }
        fallback = fallback == null ? m.group(1) : fallback;
      }
    }
    return fallback;
  }

  private static String key(JsonNode payload) {
    String name = JsonFields.text(child(payload, "response"), "name");
    Matcher m = KEY.matcher(name == null ? "" : name);
    return m.find() ? m.group(1) : null;
  }

  /** Who made the call, as the GCP command parser names a principal. */
  private static String actor(JsonNode payload) {
    JsonNode auth = JsonFields.at(payload, "authenticationInfo");
    String email = JsonFields.text(auth, "principalEmail");
    return email != null
        ? email
        : IdentitySubjects.gcpMember(JsonFields.text(auth, "principalSubject"));
  }

  /** The project id; for folder and organization policies, {@code folders/<id>} and the like. */
  private static String account(JsonNode entry) {
    String project = JsonFields.text(entry, "resource", "labels", "project_id");
    if (project != null) {
      return project;
    }
    Matcher m = PARENT_OF_LOG.matcher(String.valueOf(JsonFields.text(entry, "logName")));
    if (!m.find()) {
      return null;
    }
    return m.group(1).equals("projects") ? m.group(2) : m.group(1) + "/" + m.group(2);
  }

  /** A field by its proto JSON name or the snake_case name IAM writes, e.g. policy_delta. */
  private static JsonNode child(JsonNode node, String camelName) {
    JsonNode n = JsonFields.at(node, camelName);
    if (n != null) {
      return n;
    }
    StringBuilder snake = new StringBuilder();
    for (char c : camelName.toCharArray()) {
      if (Character.isUpperCase(c)) {
        snake.append('_').append(Character.toLowerCase(c));
      } else {
        snake.append(c);
      }
    }
    return JsonFields.at(node, snake.toString().toLowerCase(Locale.ROOT));
  }

  @Override
  public List<FieldMapping> fieldTable() {
    return List.of(
        new FieldMapping("cloud", "(constant) GCP", "-"),
        new FieldMapping(
            "account",
            "resource.labels.project_id | logName projects/<id> (folders/<id>, organizations/<id>)",
            "null"),
        new FieldMapping(
            "kind",
            "protoPayload.methodName: google.iam.admin.v1.CreateServiceAccountKey,"
                + " UploadServiceAccountKey → SERVICE_ACCOUNT_KEY_CREATED;"
                + " google.iam.admin.v1.SetIAMPolicy → TRUST_CHANGED; SetIamPolicy with serviceName"
                + " cloudresourcemanager.googleapis.com → POLICY_CHANGED",
            "record skipped; also when status.code is not 0"),
        new FieldMapping(
            "subject",
            "service account: resource.labels.email_id | serviceAccounts/<email> in"
                + " response.name, request.name, request.resource, resourceName; policy:"
                + " serviceData.policyDelta.bindingDeltas[action=ADD].member without user: or"
                + " serviceAccount:",
            "record skipped: no service account named, or no binding added"),
        new FieldMapping(
            "actor",
            "protoPayload.authenticationInfo.principalEmail | principalSubject without its prefix",
            "null"),
        new FieldMapping("time", "timestamp", "error MISSING_FIELD"),
        new FieldMapping(
            "detail",
            "key id (response.name /keys/<id>); roles added and the resource; for a service"
                + " account's policy, the members that may now act as it with their roles",
            "the kind of change only"),
        new FieldMapping("eventId", "insertId", "null"));
  }
}
