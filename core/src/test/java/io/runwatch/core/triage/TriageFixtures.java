package io.runwatch.core.triage;

import io.runwatch.core.baseline.Baseline;
import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.correlate.CorrelationStatus;
import io.runwatch.core.correlate.Evidence;
import io.runwatch.core.correlate.TargetCorrelation;
import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.RecentActivity;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.HostExecution;
import io.runwatch.core.model.IdentityChange;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.PrincipalKind;
import io.runwatch.core.model.TelemetryFormat;
import io.runwatch.core.model.VmRef;
import io.runwatch.core.policy.ApprovedAutomation;
import io.runwatch.core.policy.MaintenanceWindow;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.policy.PrincipalMatcher;
import io.runwatch.core.policy.Schedule;
import io.runwatch.core.policy.Thresholds;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/** Builders for triage tests: principals, commands, hits, correlations, policies, contexts. */
public final class TriageFixtures {
  public static final Instant T = Instant.parse("2024-05-14T09:30:00Z");
  public static final String ACCOUNT = "111122223333";

  private TriageFixtures() {}

  // ---- principals

  public static Principal iamUser(String name, String key) {
    return new Principal(
        "arn:aws:iam::" + ACCOUNT + ":user/" + name, name, PrincipalKind.HUMAN, null, key);
  }

  public static Principal roleSession(String role, String session) {
    return new Principal(
        "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/" + session,
        role + "/" + session,
        PrincipalKind.ROLE_SESSION,
        "arn:aws:iam::" + ACCOUNT + ":role/service/" + role,
        "ASIAEXAMPLE0000000001");
  }

  public static Principal instanceRole(String role, String instance) {
    return new Principal(
        "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/" + instance,
        role + "/" + instance,
        PrincipalKind.INSTANCE_IDENTITY,
        "arn:aws:iam::" + ACCOUNT + ":role/" + role,
        "ASIAEXAMPLE0000000002");
  }

  public static Principal ssoUser(String user) {
    return new Principal(
        "arn:aws:sts::" + ACCOUNT + ":assumed-role/AWSReservedSSO_Admin_0123456789abcdef/" + user,
        user + " (Admin)",
        PrincipalKind.HUMAN,
        "arn:aws:iam::"
            + ACCOUNT
            + ":role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef",
        "ASIAEXAMPLE0000000003");
  }

  // ---- commands

  public static AdminCommand.Builder aws(Principal p) {
    return AdminCommand.builder()
        .cloud(Cloud.AWS)
        .account(ACCOUNT)
        .region("eu-west-1")
        .operation(Operation.SEND_COMMAND)
        .eventName("SendCommand")
        .principal(p)
        .sourceIp("198.51.100.7")
        .userAgent("aws-cli/2.15.0")
        .targets(List.of(VmRef.of("i-0a1b2c3d4e5f60001")))
        .commandId("0b7c8d9e-1111-2222-3333-444455556666")
        .document("AWS-RunShellScript")
        .outcome(Outcome.SUCCEEDED)
        .time(T)
        .eventId("ev-" + p.displayName());
  }

  public static AdminCommand.Builder azure(Principal p) {
    String vm =
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourcegroups/rg-prod"
            + "/providers/microsoft.compute/virtualmachines/vm-pay-01";
    return AdminCommand.builder()
        .cloud(Cloud.AZURE)
        .account("00000000-1111-2222-3333-444444444444")
        .region("westeurope")
        .operation(Operation.RUN_COMMAND_ACTION)
        .eventName("MICROSOFT.COMPUTE/VIRTUALMACHINES/RUNCOMMAND/ACTION")
        .principal(p)
        .sourceIp("203.0.113.50")
        .targets(List.of(new VmRef(vm, "vm-pay-01")))
        .commandId("a1b2c3d4-0000-0000-0000-000000000001")
        .document("RunShellScript")
        .outcome(Outcome.SUCCEEDED)
        .time(T)
        .eventId("az-ev-1")
        .foldKey("az-fold-1");
  }

  public static AdminCommand.Builder gcp(Principal p) {
    return AdminCommand.builder()
        .cloud(Cloud.GCP)
        .account("prod-project")
        .region("europe-west1-b")
        .operation(Operation.OS_POLICY_ASSIGNMENT)
        .eventName("google.cloud.osconfig.v1.OsConfigZonalService.CreateOSPolicyAssignment")
        .principal(p)
        .sourceIp("192.0.2.10")
        .targets(List.of(new VmRef("4417283747219583201", "web-1")))
        .commandId("projects/prod-project/locations/europe-west1-b/osPolicyAssignments/pwn")
        .outcome(Outcome.SUCCEEDED)
        .time(T)
        .eventId("gcp-ev-1");
  }

  public static List<VmRef> vms(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> VmRef.of(String.format("i-0a1b2c3d4e5f6%04d", i)))
        .toList();
  }

  // ---- hits

  public static DetectorHit hit(String id, Severity s, int score) {
    return new DetectorHit(id, s, score, id + " fired on the test command", Map.of("k", "v"));
  }

  public static DetectorHit hit(String id, Severity s, int score, String reason) {
    return new DetectorHit(id, s, score, reason, Map.of());
  }

  // ---- correlation

  public static HostExecution exec(String vm, Instant t, String commandLine) {
    return new HostExecution(
        vm,
        t,
        4242L,
        4200L,
        "/usr/bin/bash",
        commandLine,
        "root",
        "/usr/bin/ssm-document-worker",
        null,
        null,
        TelemetryFormat.SYSMON_LINUX,
        null,
        null);
  }

  public static TargetCorrelation target(String vm, CorrelationStatus status, String... lines) {
    List<Evidence> evidence = new ArrayList<>();
    if (lines.length > 0) {
      List<HostExecution> children = new ArrayList<>();
      for (int i = 1; i < lines.length; i++) {
        children.add(exec(vm, T.plusSeconds(3 + i), lines[i]));
      }
      evidence.add(
          new Evidence(
              vm, exec(vm, T.plusSeconds(2), lines[0]), "aws-run-command", null, children));
    }
    return new TargetCorrelation(vm, null, status, evidence, null, true);
  }

  public static CommandCorrelation correlation(AdminCommand c, TargetCorrelation... targets) {
    return new CommandCorrelation(c, List.of(targets), null);
  }

  // ---- policy and context

  public static Policy policy(
      List<PrincipalMatcher> admins,
      List<ApprovedAutomation> automation,
      List<MaintenanceWindow> windows,
      List<PrincipalMatcher> protectedPrincipals) {
    return new Policy(
        admins,
        automation,
        windows,
        protectedPrincipals,
        Thresholds.DEFAULTS,
        Map.of(),
        Duration.ofDays(30));
  }

  public static PrincipalMatcher matcher(String pattern) {
    return new PrincipalMatcher(null, null, pattern);
  }

  public static ApprovedAutomation automation(
      String name, String principalGlob, List<String> documents, List<String> windows) {
    return new ApprovedAutomation(
        name, matcher(principalGlob), documents, Set.of(), List.of(), windows);
  }

  /** A window opening at the given instants (no cron parsing in tests). */
  public static MaintenanceWindow window(String name, Duration length, Instant... opens) {
    List<Instant> at = List.of(opens);
    Schedule schedule =
        new Schedule() {
          @Override
          public boolean covers(Instant t, Duration duration, ZoneId zone) {
            return at.stream().anyMatch(o -> !t.isBefore(o) && t.isBefore(o.plus(duration)));
          }

          @Override
          public String text() {
            return "at " + at;
          }
        };
    return new MaintenanceWindow(name, schedule, length, ZoneOffset.UTC, List.of(), List.of());
  }

  public static DetectionContext context(AdminCommand c) {
    return context(
        c, null, Policy.defaults(), Baseline.empty(Baseline.scopeOf(c)), RecentActivity.empty());
  }

  public static DetectionContext context(
      AdminCommand c,
      CommandCorrelation cc,
      Policy policy,
      Baseline baseline,
      RecentActivity recent) {
    return new DetectionContext(c, cc, baseline, policy, recent, c.time().plusSeconds(120));
  }

  /** A baseline that has seen {@code history} (commands of the same scope), oldest first. */
  public static Baseline learned(AdminCommand c, List<AdminCommand> history) {
    Baseline b = Baseline.empty(Baseline.scopeOf(c));
    for (AdminCommand h : history) {
      b = b.observe(h);
    }
    return b;
  }

  public static RecentActivity recent(List<AdminCommand> commands, List<IdentityChange> changes) {
    return new RecentActivity(commands, changes, List.of());
  }

  public static IdentityChange change(String subject, IdentityChange.Kind kind, Instant t) {
    return new IdentityChange(
        Cloud.AWS,
        ACCOUNT,
        subject,
        "arn:aws:iam::" + ACCOUNT + ":user/eve",
        kind,
        t,
        "AKIANEWKEY",
        "ic-1",
        null);
  }
}
