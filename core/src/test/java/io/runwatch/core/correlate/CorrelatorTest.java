package io.runwatch.core.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.AgentStatusEvent.StatusKind;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.HostExecution;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.model.TelemetryFormat;
import io.runwatch.core.model.VmRef;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Scenario tests: every outcome on every cloud, skew, late telemetry, orphans. */
class CorrelatorTest {
  private static final Instant T = Instant.parse("2026-11-18T03:07:12Z");
  private static final Instant LATER = T.plus(Duration.ofDays(1));
  private static final String CMD = "1b2c3d4e-0000-4000-8000-000000000001";
  private static final String AZ_VM =
      "/subscriptions/6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f/resourcegroups/rg/providers/"
          + "microsoft.compute/virtualmachines/vm-jump-01";
  private static final MechanismCatalog CATALOG = MechanismCatalog.load();
  private static final Correlator CORRELATOR =
      new Correlator(CATALOG, CorrelationSettings.DEFAULTS);

  private final List<HostExecution> executions = new ArrayList<>();
  private final List<String[]> heard = new ArrayList<>();
  private final List<AgentStatusEvent> statuses = new ArrayList<>();
  private long pid = 1000;

  private HostMap hosts() {
    try {
      return HostMap.empty()
          .read(
              new BufferedReader(
                  new StringReader(
                      "host,vm\nip-10-0-1-11,i-0a1b2c3d4e5f60718\nip-10-0-1-12,i-0b2c3d4e5f6a7b8c9\n"
                          + "vm-jump-01,"
                          + AZ_VM
                          + "\nweb-3,4567890123456789012\n")),
              "test");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private HostExecution exec(
      String host, Instant t, String image, String cmdline, String parent, long ppid) {
    HostExecution e =
        new HostExecution(
            host,
            t,
            ++pid,
            ppid,
            image,
            cmdline,
            "root",
            parent,
            null,
            "/",
            TelemetryFormat.SYSMON_LINUX,
            null,
            null);
    executions.add(e);
    return e;
  }

  private HostExecution ssmScript(String host, String instance, String commandId, Instant t) {
    return exec(
        host,
        t,
        "/usr/bin/sh",
        "sh -c /var/lib/amazon/ssm/"
            + instance
            + "/document/orchestration/"
            + commandId
            + "/awsrunShellScript/0.awsrunShellScript/_script.sh",
        "/usr/bin/ssm-document-worker",
        77);
  }

  private void hear(String host, Instant t) {
    heard.add(new String[] {host, t.toString()});
  }

  private Correlator.Report correlate(Instant now, AdminCommand... commands) {
    TelemetryIndex.Builder b = new TelemetryIndex.Builder(CATALOG, hosts());
    executions.forEach(b::add);
    heard.forEach(h -> b.heard(h[0], Instant.parse(h[1])));
    return CORRELATOR.correlate(List.of(commands), statuses, b.build(), now);
  }

  private static AdminCommand.Builder command(Operation op, String... vms) {
    return AdminCommand.builder()
        .operation(op)
        .account("acct")
        .time(T)
        .eventId(op + String.join(",", vms))
        .targets(java.util.Arrays.stream(vms).map(VmRef::of).toList());
  }

  private static TargetCorrelation target(Correlator.Report r, String vm) {
    return r.commands().get(0).targets().stream()
        .filter(t -> t.vm().equals(vm))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no outcome for " + vm + " in " + r));
  }

  @Nested
  class Aws {
    @Test
    void commandIdInTheScriptPathConfirmsAndListsTheChildren() {
      HostExecution sh = ssmScript("ip-10-0-1-11", "i-0a1b2c3d4e5f60718", CMD, T.plusSeconds(2));
      exec(
          "ip-10-0-1-11",
          T.plusSeconds(3),
          "/usr/bin/curl",
          "curl -s http://203.0.113.9/x",
          "/usr/bin/sh",
          sh.pid());
      Correlator.Report r =
          correlate(
              LATER, command(Operation.SEND_COMMAND, "i-0a1b2c3d4e5f60718").commandId(CMD).build());
      TargetCorrelation t = target(r, "i-0a1b2c3d4e5f60718");
      assertThat(t.status()).isEqualTo(CorrelationStatus.CONFIRMED);
      assertThat(t.evidence())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.commandId()).isEqualTo(CMD);
                assertThat(e.children())
                    .extracting(HostExecution::image)
                    .containsExactly("/usr/bin/curl");
              });
      assertThat(r.orphans()).isEmpty();
    }

    @Test
    void tagTargetedCommandsResolveTheirVmsThroughTheCommandId() {
      ssmScript("ip-10-0-1-11", "i-0a1b2c3d4e5f60718", CMD, T.plusSeconds(2));
      ssmScript("ip-10-0-1-12", "i-0b2c3d4e5f6a7b8c9", CMD, T.plusSeconds(4));
      Correlator.Report r =
          correlate(
              LATER,
              command(Operation.SEND_COMMAND)
                  .targetSelector("tag:PatchGroup=web")
                  .commandId(CMD)
                  .build());
      assertThat(r.commands().get(0).targets())
          .extracting(TargetCorrelation::vm, TargetCorrelation::status)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(
                  "i-0a1b2c3d4e5f60718", CorrelationStatus.CONFIRMED),
              org.assertj.core.groups.Tuple.tuple(
                  "i-0b2c3d4e5f6a7b8c9", CorrelationStatus.CONFIRMED));
    }

    @Test
    void anUnmappedHostIsIdentifiedByTheAgentsOwnPath() {
      ssmScript("ip-10-9-9-9", "i-0c0c0c0c0c0c0c0c0", CMD, T.plusSeconds(2));
      Correlator.Report r =
          correlate(
              LATER, command(Operation.SEND_COMMAND, "i-0c0c0c0c0c0c0c0c0").commandId(CMD).build());
      assertThat(target(r, "i-0c0c0c0c0c0c0c0c0").status()).isEqualTo(CorrelationStatus.CONFIRMED);
    }

    @Test
    void heardHostWithoutMatchIsNotObservedAndSilentHostIsABlindSpot() {
      hear("ip-10-0-1-11", T.plusSeconds(90));
      Correlator.Report r =
          correlate(
              LATER,
              command(Operation.SEND_COMMAND, "i-0a1b2c3d4e5f60718", "i-0b2c3d4e5f6a7b8c9")
                  .commandId(CMD)
                  .build());
      assertThat(target(r, "i-0a1b2c3d4e5f60718").status())
          .isEqualTo(CorrelationStatus.NOT_OBSERVED);
      assertThat(target(r, "i-0b2c3d4e5f6a7b8c9").status()).isEqualTo(CorrelationStatus.BLIND_SPOT);
      assertThat(r.coverage())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.blindSpots()).isEqualTo(1);
                assertThat(c.blindVms()).containsExactly("i-0b2c3d4e5f6a7b8c9");
              });
    }

    @Test
    void theAgentsOwnStatusIsWeakerEvidence() {
      statuses.add(
          new AgentStatusEvent(
              Cloud.AWS,
              StatusKind.COMMAND_INVOCATION,
              "acct",
              null,
              "Success",
              CMD,
              null,
              "i-0b2c3d4e5f6a7b8c9",
              "AWS-RunShellScript",
              null,
              null,
              T.plusSeconds(30),
              null,
              null,
              null,
              null,
              null,
              "ev",
              null));
      Correlator.Report r =
          correlate(
              LATER, command(Operation.SEND_COMMAND, "i-0b2c3d4e5f6a7b8c9").commandId(CMD).build());
      TargetCorrelation t = target(r, "i-0b2c3d4e5f6a7b8c9");
      assertThat(t.status()).isEqualTo(CorrelationStatus.AGENT_REPORTED);
      assertThat(t.agentStatus()).isEqualTo("Success");
    }

    @Test
    void anAgentExecutionNoCommandExplainsIsAnOrphan() {
      ssmScript("ip-10-0-1-11", "i-0a1b2c3d4e5f60718", "9f8e7d6c-0000-4000-8000-0000000000ff", T);
      Correlator.Report r = correlate(LATER);
      assertThat(r.orphans())
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.vm()).isEqualTo("i-0a1b2c3d4e5f60718");
                assertThat(o.commandId()).isEqualTo("9f8e7d6c-0000-4000-8000-0000000000ff");
              });
    }

    @Test
    void clockSkewWithinToleranceStillConfirms() {
      // The host clock runs three minutes behind the control plane.
      ssmScript("ip-10-0-1-11", "i-0a1b2c3d4e5f60718", CMD, T.minus(Duration.ofMinutes(3)));
      Correlator.Report r =
          correlate(
              LATER, command(Operation.SEND_COMMAND, "i-0a1b2c3d4e5f60718").commandId(CMD).build());
      assertThat(target(r, "i-0a1b2c3d4e5f60718").status()).isEqualTo(CorrelationStatus.CONFIRMED);
    }

    @Test
    void earlyOutcomesStayPendingUntilLateTelemetryCanNoLongerArrive() {
      AdminCommand c =
          command(Operation.SEND_COMMAND, "i-0a1b2c3d4e5f60718").commandId(CMD).build();
      Correlator.Report early = correlate(T.plusSeconds(30), c);
      assertThat(target(early, "i-0a1b2c3d4e5f60718").status())
          .isEqualTo(CorrelationStatus.BLIND_SPOT);
      assertThat(target(early, "i-0a1b2c3d4e5f60718").settled()).isFalse();
      // The telemetry lands later: the re-check confirms.
      ssmScript("ip-10-0-1-11", "i-0a1b2c3d4e5f60718", CMD, T.plusSeconds(5));
      Correlator.Report recheck = correlate(T.plus(Duration.ofMinutes(2)), c);
      assertThat(target(recheck, "i-0a1b2c3d4e5f60718").status())
          .isEqualTo(CorrelationStatus.CONFIRMED);
      assertThat(target(recheck, "i-0a1b2c3d4e5f60718").settled()).isTrue();
    }

    @Test
    void deniedAndStagingCommandsHaveNoOutcomeButSayWhy() {
      Correlator.Report r =
          correlate(
              LATER,
              command(Operation.SEND_COMMAND, "i-0a1b2c3d4e5f60718")
                  .outcome(Outcome.DENIED)
                  .build(),
              command(Operation.CREATE_DOCUMENT).build());
      assertThat(r.commands().get(0).targets()).isEmpty();
      assertThat(r.commands().get(0).note()).contains("refused");
      assertThat(r.commands().get(1).note()).contains("stages");
    }
  }

  @Nested
  class Azure {
    private HostExecution runCommandScript(Instant t) {
      return exec(
          "vm-jump-01",
          t,
          "/bin/sh",
          "/bin/sh -c /var/lib/waagent/run-command/download/3/script.sh",
          "/usr/bin/python3",
          50);
    }

    @Test
    void theVmAndAWindowAfterTheCallConfirm() {
      runCommandScript(T.plusSeconds(40));
      Correlator.Report r = correlate(LATER, command(Operation.RUN_COMMAND_ACTION, AZ_VM).build());
      assertThat(target(r, AZ_VM).status()).isEqualTo(CorrelationStatus.CONFIRMED);
    }

    @Test
    void anExecutionBelongsToTheLatestCommandBeforeIt() {
      runCommandScript(T.plus(Duration.ofMinutes(6)));
      AdminCommand first = command(Operation.RUN_COMMAND_ACTION, AZ_VM).eventId("first").build();
      AdminCommand second =
          command(Operation.RUN_COMMAND_ACTION, AZ_VM)
              .eventId("second")
              .time(T.plus(Duration.ofMinutes(5)))
              .build();
      hear("vm-jump-01", T.plusSeconds(30));
      Correlator.Report r = correlate(LATER, first, second);
      assertThat(r.commands().get(0).targets().get(0).status())
          .isEqualTo(CorrelationStatus.NOT_OBSERVED);
      assertThat(r.commands().get(1).targets().get(0).status())
          .isEqualTo(CorrelationStatus.CONFIRMED);
    }

    @Test
    void aSilentVmIsABlindSpotUnlessItsRunCommandInstanceViewSaysItRan() {
      AdminCommand managed =
          command(Operation.MANAGED_RUN_COMMAND, AZ_VM).document("patch-check").build();
      assertThat(target(correlate(LATER, managed), AZ_VM).status())
          .isEqualTo(CorrelationStatus.BLIND_SPOT);
      // Azure's instance view names the VM and the run command, not a command id.
      statuses.add(
          new AgentStatusEvent(
              Cloud.AZURE,
              StatusKind.COMMAND_INVOCATION,
              "sub",
              null,
              "Succeeded",
              null,
              null,
              AZ_VM,
              "patch-check",
              null,
              null,
              T.plusSeconds(50),
              T.plusSeconds(20),
              null,
              null,
              null,
              null,
              "iv",
              null));
      TargetCorrelation t = target(correlate(LATER, managed), AZ_VM);
      assertThat(t.status()).isEqualTo(CorrelationStatus.AGENT_REPORTED);
      assertThat(t.agentStatus()).isEqualTo("Succeeded");
    }

    @Test
    void anExecutionLongAfterTheWindowIsAnOrphan() {
      runCommandScript(T.plus(Duration.ofHours(5)));
      Correlator.Report r = correlate(LATER, command(Operation.RUN_COMMAND_ACTION, AZ_VM).build());
      assertThat(target(r, AZ_VM).status()).isNotEqualTo(CorrelationStatus.CONFIRMED);
      assertThat(r.orphans()).hasSize(1);
    }
  }

  @Nested
  class Gcp {
    @Test
    void aStartupScriptChangeIsConfirmedAtTheNextBootHoursLater() {
      exec(
          "web-3",
          T.plus(Duration.ofHours(3)),
          "/bin/bash",
          "/bin/bash /tmp/metadata-scripts123/startup-script",
          "/usr/bin/google_metadata_script_runner",
          1);
      Correlator.Report r =
          correlate(LATER, command(Operation.STARTUP_SCRIPT_CHANGE, "4567890123456789012").build());
      assertThat(target(r, "4567890123456789012").status()).isEqualTo(CorrelationStatus.CONFIRMED);
    }

    @Test
    void aPatchJobOnAHeardInstanceThatRanNothingIsNotObserved() {
      hear("web-3", T.plus(Duration.ofMinutes(3)));
      Correlator.Report r =
          correlate(
              LATER,
              command(Operation.PATCH_JOB, "4567890123456789012")
                  .commandId("projects/p/patchJobs/1")
                  .build());
      assertThat(target(r, "4567890123456789012").status())
          .isEqualTo(CorrelationStatus.NOT_OBSERVED);
    }

    @Test
    void thePatchJobsInstanceDetailsAreTheAgentsWord() {
      statuses.add(
          new AgentStatusEvent(
              Cloud.GCP,
              StatusKind.COMMAND_INVOCATION,
              "p",
              null,
              "Succeeded",
              "projects/p/patchJobs/1",
              null,
              "4567890123456789012",
              null,
              null,
              null,
              T.plusSeconds(600),
              null,
              null,
              null,
              null,
              null,
              "d",
              null));
      Correlator.Report r =
          correlate(
              LATER,
              command(Operation.PATCH_JOB)
                  .targetSelector("all")
                  .commandId("projects/p/patchJobs/1")
                  .build());
      assertThat(target(r, "4567890123456789012").status())
          .isEqualTo(CorrelationStatus.AGENT_REPORTED);
    }

    @Test
    void anOsConfigExecNoCallExplainsIsAnOrphan() {
      exec(
          "web-3",
          T,
          "/bin/sh",
          "/bin/sh /tmp/osconfig_exec_resource_1439677851/1431182565/script.sh",
          "/usr/bin/google_osconfig_agent",
          9);
      assertThat(correlate(LATER).orphans())
          .singleElement()
          .satisfies(o -> assertThat(o.mechanismId()).isEqualTo("gcp-osconfig-exec"));
    }

    @Test
    void withoutTelemetryTheChangeIsABlindSpot() {
      Correlator.Report r =
          correlate(LATER, command(Operation.STARTUP_SCRIPT_CHANGE, "4567890123456789012").build());
      assertThat(target(r, "4567890123456789012").status()).isEqualTo(CorrelationStatus.BLIND_SPOT);
    }
  }

  @Test
  void ordinaryActivityIsNeitherEvidenceNorOrphan() {
    exec("ip-10-0-1-11", T, "/usr/sbin/cron", "/usr/sbin/CRON -f", "/usr/sbin/cron", 1);
    exec("ip-10-0-1-11", T, "/usr/bin/bash", "bash -c 'echo hi'", "/usr/sbin/sshd", 1);
    Correlator.Report r =
        correlate(
            LATER, command(Operation.SEND_COMMAND, "i-0a1b2c3d4e5f60718").commandId(CMD).build());
    assertThat(target(r, "i-0a1b2c3d4e5f60718").status()).isEqualTo(CorrelationStatus.NOT_OBSERVED);
    assertThat(r.orphans()).isEmpty();
  }
}
