package io.runwatch.core.ingest.identity;

import static io.runwatch.core.ingest.JsonFields.at;
import static io.runwatch.core.ingest.JsonFields.text;

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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AWS identity changes from CloudTrail: new access keys and console passwords, user and role policy
 * changes, trust policy changes, group membership, MFA devices, and console sign-ins. Records come
 * bare (S3 delivery files, JSON lines) or in the EventBridge envelope ({@code AWS API Call via
 * CloudTrail}, {@code AWS Console Sign In via CloudTrail}).
 *
 * <p>This parser sits before {@code CloudTrailParser} and {@link #accepts} only records whose
 * {@code eventSource} and {@code eventName} are one of the calls below, so no Systems Manager
 * record ever reaches it. STS calls ({@code AssumeRole} and the like) are not identity changes
 * here: they neither hold a token of this parser nor are accepted by it.
 *
 * <p>A call that failed ({@code errorCode} set) changed nothing and is skipped; so is a failed
 * console sign-in. Subjects follow {@link IdentitySubjects}: {@code requestParameters.userName} or
 * {@code roleName} made into a path-less ARN in the record's account; without a {@code userName} (a
 * user managing their own key, password or MFA device) the caller is the subject.
 */
public final class CloudTrailIdentityParser implements RecordParser {
  static final String IAM = "iam.amazonaws.com";
  static final String SIGNIN = "signin.amazonaws.com";
  private static final String API_CALL = "AWS API Call via CloudTrail";
  private static final String CONSOLE_SIGN_IN = "AWS Console Sign In via CloudTrail";
  private static final Map<String, Kind> IAM_CALLS =
      Map.ofEntries(
          Map.entry("CreateAccessKey", Kind.ACCESS_KEY_CREATED),
          Map.entry("UpdateAccessKey", Kind.ACCESS_KEY_CREATED),
          Map.entry("CreateLoginProfile", Kind.LOGIN_PROFILE_CHANGED),
          Map.entry("UpdateLoginProfile", Kind.LOGIN_PROFILE_CHANGED),
          Map.entry("AttachUserPolicy", Kind.POLICY_CHANGED),
          Map.entry("PutUserPolicy", Kind.POLICY_CHANGED),
          Map.entry("AddUserToGroup", Kind.POLICY_CHANGED),
          Map.entry("AttachRolePolicy", Kind.POLICY_CHANGED),
          Map.entry("PutRolePolicy", Kind.POLICY_CHANGED),
          Map.entry("UpdateAssumeRolePolicy", Kind.TRUST_CHANGED),
          Map.entry("CreateVirtualMFADevice", Kind.MFA_CHANGED),
          Map.entry("EnableMFADevice", Kind.MFA_CHANGED),
          Map.entry("DeactivateMFADevice", Kind.MFA_CHANGED));
  private static final String CONSOLE_LOGIN = "ConsoleLogin";

  public CloudTrailIdentityParser() {}

  @Override
  public Cloud cloud() {
    return Cloud.AWS;
  }

  /**
   * The service ({@code eventSource}, or EventBridge's {@code source}) and the call. {@code
   * sts.amazonaws.com} is deliberately absent: no STS call is an identity change here, and the bulk
   * of a trail's STS traffic ({@code AssumeRole}) must stay on the cheap path.
   */
  @Override
  public List<Set<String>> candidateTokens() {
    Set<String> calls = new HashSet<>(IAM_CALLS.keySet());
    calls.add(CONSOLE_LOGIN);
    return List.of(Set.of(IAM, SIGNIN, "aws.iam", "aws.signin"), Set.copyOf(calls));
  }

  @Override
  public boolean mayBeRelevant(String latin1) {
    return latin1.contains(IAM) || latin1.contains(SIGNIN);
  }

  @Override
  public boolean accepts(JsonNode record) {
    JsonNode r = cloudTrailRecord(record);
    return r != null && isIdentityCall(text(r, "eventSource"), text(r, "eventName"));
  }

  static boolean isIdentityCall(String eventSource, String eventName) {
    if (eventName == null) {
      return false;
    }
    return IAM.equals(eventSource) && IAM_CALLS.containsKey(eventName)
        || SIGNIN.equals(eventSource) && CONSOLE_LOGIN.equals(eventName);
  }

  /** The CloudTrail record itself, or the one an EventBridge envelope carries; else null. */
  private static JsonNode cloudTrailRecord(JsonNode record) {
    if (record == null || !record.isObject()) {
      return null;
    }
    if (record.has("eventSource") && record.has("eventName")) {
      return record;
    }
    String detailType = text(record, "detail-type");
    JsonNode detail = record.get("detail");
    if ((API_CALL.equals(detailType) || CONSOLE_SIGN_IN.equals(detailType))
        && detail != null
        && detail.isObject()) {
      return detail;
    }
    return null;
  }

  @Override
  public int parse(JsonNode record, RecordRef where, IngestListener out)
      throws InvalidRecordException {
    JsonNode r = cloudTrailRecord(record);
    if (r == null || !isIdentityCall(text(r, "eventSource"), text(r, "eventName"))) {
      return 0;
    }
    JsonNode envelope = r == record ? null : record;
    if (text(r, "errorCode") != null) {
      return 0; // refused or failed: nothing changed
    }
    String eventName = text(r, "eventName");
    String account = account(r, envelope);
    String callerArn = text(r, "userIdentity", "arn");
    String partition = partition(callerArn);
    JsonNode request = at(r, "requestParameters");
    JsonNode response = at(r, "responseElements");
    String userName = text(request, "userName");
    String roleName = text(request, "roleName");
    // Named by userName/roleName: a path-less ARN in the record's account (no account, no
    // subject). Without a userName, the caller manages its own key, password or device.
    String user =
        userName == null
            ? IdentitySubjects.canonical(callerArn)
            : account == null ? null : IdentitySubjects.awsUser(partition, account, userName);
    String role =
        roleName != null && account != null
            ? IdentitySubjects.awsRole(partition, account, roleName)
            : null;

    String subject;
    String detail;
    Kind kind;
    if (CONSOLE_LOGIN.equals(eventName)) {
      if (!"Success".equals(text(response, CONSOLE_LOGIN))) {
        return 0;
      }
      kind = Kind.SIGN_IN;
      subject = callerArn != null ? callerArn : signInUser(r, partition, account);
      detail = text(r, "sourceIPAddress");
    } else {
      kind = IAM_CALLS.get(eventName);
      switch (eventName) {
        case "CreateAccessKey" -> {
          String owner = text(response, "accessKey", "userName");
          subject =
              userName == null && owner != null && account != null
                  ? IdentitySubjects.awsUser(partition, account, owner)
                  : user;
          detail = describe("access key", text(response, "accessKey", "accessKeyId"), "created");
        }
        case "UpdateAccessKey" -> {
          if (!"Active".equalsIgnoreCase(text(request, "status"))) {
            return 0; // deactivating a key takes access away
          }
          subject = user;
          detail = describe("access key", text(request, "accessKeyId"), "reactivated");
        }
        case "CreateLoginProfile", "UpdateLoginProfile" -> {
          subject = user;
          String reset = text(request, "passwordResetRequired");
          detail =
              "console password "
                  + (eventName.startsWith("Create") ? "created" : "changed")
                  + (reset == null ? "" : " (reset required: " + reset + ")");
        }
        case "AttachUserPolicy", "AttachRolePolicy" -> {
          subject = eventName.contains("Role") ? role : user;
          detail = describe("managed policy", text(request, "policyArn"), "attached");
        }
        case "PutUserPolicy", "PutRolePolicy" -> {
          subject = eventName.contains("Role") ? role : user;
          detail = describe("inline policy", text(request, "policyName"), "put");
        }
        case "AddUserToGroup" -> {
          subject = user;
          detail = describe("added to group", text(request, "groupName"), null);
        }
        case "UpdateAssumeRolePolicy" -> {
          subject = role;
          String policy = text(request, "policyDocument");
          detail =
              "trust policy replaced"
                  + (policy == null ? "" : ": " + JsonFields.abbreviate(oneLine(policy), 300));
        }
        case "CreateVirtualMFADevice" -> {
          // Not bound to a user until EnableMFADevice: attributed to its creator, as in the
          // self-service flow (a user adding their own device).
          subject = IdentitySubjects.canonical(callerArn);
          String serial = text(response, "virtualMFADevice", "serialNumber");
          detail =
              describe(
                  "virtual MFA device",
                  serial != null ? serial : text(request, "virtualMFADeviceName"),
                  "created");
        }
        case "EnableMFADevice" -> {
          subject = user;
          detail = describe("MFA device", text(request, "serialNumber"), "enabled");
        }
        default -> { // DeactivateMFADevice
          subject = user;
          detail = describe("MFA device", text(request, "serialNumber"), "deactivated");
        }
      }
    }
    if (subject == null) {
      return 0; // the record does not say whose identity changed
    }
    out.identityChange(
        new IdentityChange(
            Cloud.AWS,
            account,
            subject,
            actor(r),
            kind,
            JsonFields.requiredTime(r, "eventTime"),
            detail,
            text(r, "eventID"),
            where));
    return 1;
  }

  /** A console sign-in record without {@code userIdentity.arn} (seen for some IAM users). */
  private static String signInUser(JsonNode r, String partition, String account) {
    String name = text(r, "userIdentity", "userName");
    if ("IAMUser".equals(text(r, "userIdentity", "type")) && name != null && account != null) {
      return IdentitySubjects.awsUser(partition, account, name);
    }
    return null;
  }

  /** Who made the change, as {@code CloudTrailParser} names a command's principal. */
  private static String actor(JsonNode r) {
    String arn = text(r, "userIdentity", "arn");
    if (arn != null) {
      return arn;
    }
    String principalId = text(r, "userIdentity", "principalId");
    return principalId != null ? principalId : text(r, "userIdentity", "invokedBy");
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

  private static String partition(String arn) {
    if (arn != null && arn.startsWith("arn:")) {
      int end = arn.indexOf(':', 4);
      if (end > 4) {
        return arn.substring(4, end);
      }
    }
    return "aws";
  }

  private static String describe(String what, String name, String verb) {
    StringBuilder s = new StringBuilder(what);
    if (name != null) {
      s.append(' ').append(name);
    }
    if (verb != null) {
      s.append(' ').append(verb);
    }
    return s.toString();
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s+", " ");
  }

  @Override
  public List<FieldMapping> fieldTable() {
    return List.of(
        new FieldMapping("cloud", "(constant) AWS", "-"),
        new FieldMapping(
            "account",
            "recipientAccountId | userIdentity.accountId | EventBridge account",
            "null; then a subject named by userName or roleName cannot be built and the record is"
                + " skipped"),
        new FieldMapping(
            "kind",
            "eventSource=iam.amazonaws.com + eventName: CreateAccessKey, UpdateAccessKey"
                + " (status Active) → ACCESS_KEY_CREATED; Create/UpdateLoginProfile →"
                + " LOGIN_PROFILE_CHANGED; AttachUserPolicy, PutUserPolicy, AddUserToGroup,"
                + " AttachRolePolicy, PutRolePolicy → POLICY_CHANGED; UpdateAssumeRolePolicy →"
                + " TRUST_CHANGED; CreateVirtualMFADevice, EnableMFADevice, DeactivateMFADevice →"
                + " MFA_CHANGED; eventSource=signin.amazonaws.com + ConsoleLogin (Success) → SIGN_IN",
            "record skipped; also when errorCode is set or the sign-in failed"),
        new FieldMapping(
            "subject",
            "arn:<partition>:iam::<account>:user/<requestParameters.userName> |"
                + " :role/<requestParameters.roleName> | responseElements.accessKey.userName |"
                + " userIdentity.arn (self-service, console sign-in) without its IAM path",
            "record skipped: whose identity changed is unknown"),
        new FieldMapping(
            "actor",
            "userIdentity.arn | userIdentity.principalId | userIdentity.invokedBy",
            "null"),
        new FieldMapping("time", "eventTime", "error MISSING_FIELD"),
        new FieldMapping(
            "detail",
            "access key id, policy ARN or name, group, MFA serial, trust policy (abbreviated);"
                + " SIGN_IN: sourceIPAddress and nothing else",
            "the kind of change only"),
        new FieldMapping("eventId", "eventID", "null"));
  }
}
