package io.runwatch.core.triage;

import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.correlate.TargetCorrelation;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.PrincipalKind;
import io.runwatch.core.model.VmRef;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.triage.ContainmentAction.Kind;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which containment steps fit a command, per cloud and kind of principal, with the parameters the
 * containment functions take. Recommending is not acting: every step is run by a responder, dry-run
 * first. Steps against the principal are marked {@code blocked} for protected principals
 * (break-glass accounts, the pipeline that deploys runwatch itself), so no automation runs them.
 *
 * <p>Parameter names: {@code principal} (the id as logged), {@code account}, {@code region}, {@code
 * vm} (the control-plane VM id), {@code method} (what the function will do, for the dry-run), and
 * per cloud: AWS {@code userName}, {@code accessKeyId}, {@code roleArn}, {@code roleName}, {@code
 * sessionName}, {@code conditionKey}, {@code tokenIssuedBefore}, {@code commandId}, {@code
 * associationId}, {@code sessionId}; Azure {@code userPrincipalName}, {@code objectId}, {@code
 * appId}; GCP {@code serviceAccount}, {@code user}, {@code keyId}, {@code patchJob}, {@code
 * assignment}.
 */
final class Containment {
  static final String PROTECTED = "protected principal";

  /** VMs named one by one before the rest are left to the finding's correlation. */
  static final int MAX_VMS = 25;

  private static final Pattern AWS_USER =
      Pattern.compile("arn:aws[\\w-]*:iam::(\\d{12}):user/(?:.*/)?([^/]+)");
  private static final Pattern AWS_ROOT = Pattern.compile("arn:aws[\\w-]*:iam::(\\d{12}):root");
  private static final Pattern AWS_SESSION =
      Pattern.compile("arn:(aws[\\w-]*):sts::(\\d{12}):assumed-role/([^/]+)/(.+)");
  private static final Pattern AWS_INSTANCE = Pattern.compile("i-[0-9a-fA-F]{8,17}");
  private static final Pattern GCP_KEY = Pattern.compile(".*/keys/([^/]+)$");

  private Containment() {}

  static List<ContainmentAction> recommend(
      AdminCommand c, CommandCorrelation cc, Policy policy, int fanOut, Instant now) {
    List<ContainmentAction> out = new ArrayList<>();
    String blocked = policy.isProtected(c) ? PROTECTED : null;
    switch (c.cloud()) {
      case AWS -> aws(c, blocked, now, out);
      case AZURE -> azure(c, blocked, out);
      case GCP -> gcp(c, blocked, out);
    }
    cancel(c, fanOut, out);
    vms(c, cc, out);
    return out;
  }

  // ---- principals

  private static void aws(
      AdminCommand c, String blocked, Instant now, List<ContainmentAction> out) {
    Principal p = c.principal();
    if (p.kind() == PrincipalKind.CLOUD_SERVICE || p.kind() == PrincipalKind.UNKNOWN) {
      return;
    }
    Matcher user = AWS_USER.matcher(p.id());
    Matcher root = AWS_ROOT.matcher(p.id());
    Matcher session = AWS_SESSION.matcher(p.id());
    if (user.matches() || root.matches()) {
      String userName = user.matches() ? user.group(2) : "root";
      String key = p.credentialId();
      boolean longTermKey = key != null && key.startsWith("AKIA");
      out.add(
          new ContainmentAction(
              Kind.DISABLE_PRINCIPAL,
              Cloud.AWS,
              params(
                  "principal",
                  p.id(),
                  "account",
                  c.account(),
                  "userName",
                  userName,
                  "accessKeyId",
                  longTermKey ? key : null,
                  "method",
                  longTermKey
                      ? "iam:UpdateAccessKey Status=Inactive"
                      : "deny-all inline policy on the user"),
              longTermKey
                  ? "Deactivate access key " + key + " that " + userName + " used for this call."
                  : "The call used "
                      + (key != null ? "temporary key " + key : "no recorded key")
                      + "; attach a deny-all policy to "
                      + userName
                      + " to stop every credential it holds.",
              blocked));
      return;
    }
    if (session.matches()) {
      String partition = session.group(1);
      String account = session.group(2);
      String roleName = session.group(3);
      String sessionName = session.group(4);
      String roleArn =
          p.issuer() != null
              ? p.issuer()
              : "arn:" + partition + ":iam::" + account + ":role/" + roleName;
      if (p.kind() == PrincipalKind.INSTANCE_IDENTITY
          && AWS_INSTANCE.matcher(sessionName).matches()) {
        out.add(
            new ContainmentAction(
                Kind.DEPRIVILEGE_PRINCIPAL,
                Cloud.AWS,
                params(
                    "principal", p.id(),
                    "account", account,
                    "region", c.region(),
                    "vm", sessionName,
                    "roleArn", roleArn,
                    "roleName", roleName,
                    "method", "ec2:DisassociateIamInstanceProfile"),
                "The command came from instance "
                    + sessionName
                    + " with its role "
                    + roleName
                    + ": detach the instance profile so the VM cannot command others.",
                blocked));
      }
      out.add(
          new ContainmentAction(
              Kind.REVOKE_SESSIONS,
              Cloud.AWS,
              params(
                  "principal",
                  p.id(),
                  "account",
                  account,
                  "roleArn",
                  roleArn,
                  "roleName",
                  roleName,
                  "sessionName",
                  sessionName,
                  "conditionKey",
                  "aws:TokenIssueTime",
                  "tokenIssuedBefore",
                  DateTimeFormatter.ISO_INSTANT.format(now),
                  "method",
                  "deny-all inline policy on the role for tokens issued earlier"),
              "Revoke every session of role "
                  + roleName
                  + " issued before "
                  + FindingText.time(now)
                  + " (this one is "
                  + sessionName
                  + "); new sessions keep working.",
              blocked));
      if (p.kind() == PrincipalKind.HUMAN) {
        out.add(
            new ContainmentAction(
                Kind.DISABLE_PRINCIPAL,
                Cloud.AWS,
                params(
                    "principal",
                    p.id(),
                    "userName",
                    sessionName,
                    "method",
                    "disable the user in the identity provider (IAM Identity Center)"),
                "Disable " + sessionName + " at the identity provider so no new session starts.",
                blocked));
      }
      if (p.kind() == PrincipalKind.INSTANCE_IDENTITY
          && AWS_INSTANCE.matcher(sessionName).matches()) {
        issuingVm(c, sessionName, out);
      }
      return;
    }
    out.add(
        new ContainmentAction(
            Kind.DISABLE_PRINCIPAL,
            Cloud.AWS,
            params("principal", p.id(), "account", c.account(), "method", "deny-all inline policy"),
            "Stop " + p.displayName() + " from making further calls.",
            blocked));
  }

  private static void azure(AdminCommand c, String blocked, List<ContainmentAction> out) {
    Principal p = c.principal();
    switch (p.kind()) {
      case HUMAN -> {
        out.add(
            new ContainmentAction(
                Kind.DISABLE_PRINCIPAL,
                Cloud.AZURE,
                params(
                    "principal", p.id(),
                    "userPrincipalName", p.id(),
                    "method", "Microsoft Graph: user accountEnabled=false"),
                "Block sign-in for " + p.id() + ".",
                blocked));
        out.add(
            new ContainmentAction(
                Kind.REVOKE_SESSIONS,
                Cloud.AZURE,
                params(
                    "principal", p.id(),
                    "userPrincipalName", p.id(),
                    "method", "Microsoft Graph: user revokeSignInSessions"),
                "Invalidate the refresh tokens and session cookies of "
                    + p.id()
                    + " so stolen tokens stop working.",
                blocked));
      }
      case SERVICE_ACCOUNT, ROLE_SESSION ->
          out.add(
              new ContainmentAction(
                  Kind.DISABLE_PRINCIPAL,
                  Cloud.AZURE,
                  params(
                      "principal", p.id(),
                      "objectId", p.id(),
                      "appId", p.issuer(),
                      "method", "Microsoft Graph: servicePrincipal accountEnabled=false"),
                  "Disable the service principal "
                      + p.displayName()
                      + (p.issuer() != null ? " (appId " + p.issuer() + ")" : "")
                      + " so it cannot get new tokens.",
                  blocked));
      case INSTANCE_IDENTITY -> {
        out.add(
            new ContainmentAction(
                Kind.DEPRIVILEGE_PRINCIPAL,
                Cloud.AZURE,
                params(
                    "principal", p.id(),
                    "objectId", p.id(),
                    "vm", p.displayName(),
                    "method", "remove the managed identity's role assignments"),
                "The command came from VM "
                    + FindingText.shortId(p.displayName())
                    + " with its managed identity: remove the identity's role assignments so the"
                    + " VM cannot command others.",
                blocked));
        issuingVm(c, p.displayName(), out);
      }
      default -> {}
    }
  }

  private static void gcp(AdminCommand c, String blocked, List<ContainmentAction> out) {
    Principal p = c.principal();
    String keyId = gcpKeyId(p.credentialId());
    switch (p.kind()) {
      case HUMAN ->
          out.add(
              new ContainmentAction(
                  Kind.DISABLE_PRINCIPAL,
                  Cloud.GCP,
                  params(
                      "principal", p.id(),
                      "user", p.id(),
                      "method", "suspend the user in Cloud Identity / Google Workspace"),
                  "Suspend " + p.id() + " so its sessions and tokens stop working.",
                  blocked));
      case SERVICE_ACCOUNT ->
          out.add(
              new ContainmentAction(
                  Kind.DISABLE_PRINCIPAL,
                  Cloud.GCP,
                  params(
                      "principal", p.id(),
                      "serviceAccount", p.id(),
                      "account", c.account(),
                      "method", "iam.serviceAccounts.disable"),
                  "Disable service account "
                      + p.id()
                      + (p.issuer() != null ? " (impersonated by " + p.issuer() + ")" : "")
                      + ".",
                  blocked));
      case INSTANCE_IDENTITY ->
          out.add(
              new ContainmentAction(
                  Kind.DEPRIVILEGE_PRINCIPAL,
                  Cloud.GCP,
                  params(
                      "principal", p.id(),
                      "serviceAccount", p.id(),
                      "account", c.account(),
                      "method", "remove the service account's OS Config and Compute admin roles"),
                  "The command came from a VM's service account "
                      + p.id()
                      + ": remove the roles that let it command other VMs (disabling it would stop"
                      + " every VM that uses it).",
                  blocked));
      default -> {}
    }
    if (keyId != null
        && (p.kind() == PrincipalKind.SERVICE_ACCOUNT
            || p.kind() == PrincipalKind.INSTANCE_IDENTITY)) {
      out.add(
          new ContainmentAction(
              Kind.REVOKE_CREDENTIALS,
              Cloud.GCP,
              params(
                  "principal",
                  p.id(),
                  "serviceAccount",
                  p.id(),
                  "keyId",
                  keyId,
                  "method",
                  "iam.serviceAccountKeys.disable"),
              "The call used service account key " + keyId + ": disable it.",
              blocked));
    }
  }

  static String gcpKeyId(String credential) {
    if (credential == null || credential.isBlank()) {
      return null;
    }
    Matcher m = GCP_KEY.matcher(credential);
    return m.matches() ? m.group(1) : credential;
  }

  // ---- the command itself

  private static void cancel(AdminCommand c, int fanOut, List<ContainmentAction> out) {
    if (c.commandId() == null || c.outcome() == Outcome.DENIED || c.outcome() == Outcome.FAILED) {
      return;
    }
    boolean running = c.outcome() == Outcome.IN_PROGRESS;
    boolean wide = c.reach() > fanOut;
    Operation op = c.operation();
    switch (op) {
      case SEND_COMMAND, START_ASSOCIATIONS_ONCE -> {
        if (running || wide) {
          out.add(
              new ContainmentAction(
                  Kind.CANCEL_COMMAND,
                  Cloud.AWS,
                  params(
                      "commandId", c.commandId(),
                      "account", c.account(),
                      "region", c.region(),
                      "method", "ssm:CancelCommand"),
                  "Cancel command "
                      + c.commandId()
                      + (running ? ", still in progress" : "")
                      + (wide ? ", on " + c.reach() + " VMs" : "")
                      + ", before it reaches more of them.",
                  null));
        }
      }
      case START_SESSION, RESUME_SESSION ->
          out.add(
              new ContainmentAction(
                  Kind.CANCEL_COMMAND,
                  Cloud.AWS,
                  params(
                      "sessionId", c.commandId(),
                      "account", c.account(),
                      "region", c.region(),
                      "method", "ssm:TerminateSession"),
                  "Terminate session " + c.commandId() + " if it is still open.",
                  null));
      case CREATE_ASSOCIATION, UPDATE_ASSOCIATION ->
          out.add(
              new ContainmentAction(
                  Kind.CANCEL_COMMAND,
                  Cloud.AWS,
                  params(
                      "associationId", c.commandId(),
                      "account", c.account(),
                      "region", c.region(),
                      "method", "ssm:DeleteAssociation"),
                  "Delete association "
                      + c.commandId()
                      + ": it runs again on its schedule and on every new matching instance.",
                  null));
      case PATCH_JOB -> {
        if (running || wide) {
          out.add(
              new ContainmentAction(
                  Kind.CANCEL_COMMAND,
                  Cloud.GCP,
                  params(
                      "patchJob", c.commandId(),
                      "account", c.account(),
                      "method", "osconfig.patchJobs.cancel"),
                  "Cancel patch job " + c.commandId() + " before it reaches more VMs.",
                  null));
        }
      }
      case OS_POLICY_ASSIGNMENT ->
          out.add(
              new ContainmentAction(
                  Kind.CANCEL_COMMAND,
                  Cloud.GCP,
                  params(
                      "assignment", c.commandId(),
                      "account", c.account(),
                      "method", "osconfig.osPolicyAssignments.delete"),
                  "Delete OS policy assignment "
                      + c.commandId()
                      + ": the agents apply it again on every check-in.",
                  null));
      default -> {}
    }
  }

  // ---- VMs

  private static void vms(AdminCommand c, CommandCorrelation cc, List<ContainmentAction> out) {
    if (c.outcome() == Outcome.DENIED) {
      return;
    }
    Map<String, String> vms = new LinkedHashMap<>(); // id -> why
    if (cc == null || cc.targets().isEmpty()) {
      for (VmRef vm : c.targets()) {
        vms.put(vm.id(), "no host telemetry: it may have run there");
      }
    } else {
      for (TargetCorrelation t : cc.targets()) {
        String why =
            switch (t.status()) {
              case CONFIRMED -> "the command ran there (confirmed by host telemetry)";
              case AGENT_REPORTED -> "the cloud agent reported running it there";
              case BLIND_SPOT -> "no host telemetry from it: it may have run there";
              case NOT_OBSERVED -> null;
            };
        if (why != null) {
          vms.put(t.vm(), why);
        }
      }
    }
    int total = vms.size();
    int n = 0;
    for (Map.Entry<String, String> e : vms.entrySet()) {
      if (n++ == MAX_VMS) {
        break;
      }
      String rest =
          n == MAX_VMS && total > MAX_VMS
              ? " (" + MAX_VMS + " of " + total + " VMs listed; the rest are in the correlation)"
              : "";
      vm(c, e.getKey(), e.getValue() + rest, out);
    }
  }

  private static void issuingVm(AdminCommand c, String vm, List<ContainmentAction> out) {
    vm(c, vm, "this VM's identity issued the command: it is likely compromised", out);
  }

  private static void vm(AdminCommand c, String vm, String why, List<ContainmentAction> out) {
    String name = FindingText.shortId(vm);
    out.add(
        new ContainmentAction(
            Kind.ISOLATE_VM,
            c.cloud(),
            params(
                "vm", vm,
                "account", c.account(),
                "region", c.region(),
                "method", isolation(c.cloud())),
            "Isolate " + name + ": " + why + ".",
            null));
    out.add(
        new ContainmentAction(
            Kind.SNAPSHOT_VM,
            c.cloud(),
            params(
                "vm", vm,
                "account", c.account(),
                "region", c.region(),
                "method", snapshot(c.cloud())),
            "Snapshot the disks of " + name + " for forensics before anything changes them.",
            null));
  }

  private static String isolation(Cloud cloud) {
    return switch (cloud) {
      case AWS -> "replace the security groups with a quarantine group without rules";
      case AZURE -> "NSG quarantine: deny all inbound and outbound on the VM's NICs";
      case GCP -> "add network tag runwatch-quarantine, matched by deny-all firewall rules";
    };
  }

  private static String snapshot(Cloud cloud) {
    return switch (cloud) {
      case AWS -> "ec2:CreateSnapshots for the instance's EBS volumes";
      case AZURE -> "snapshot the VM's managed disks";
      case GCP -> "snapshot the instance's persistent disks";
    };
  }

  /** Key-value pairs, skipping null values (the record's map holds none). */
  static Map<String, String> params(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      if (kv[i + 1] != null) {
        m.put(kv[i], kv[i + 1]);
      }
    }
    return m;
  }
}
