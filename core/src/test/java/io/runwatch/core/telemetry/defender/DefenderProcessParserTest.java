package io.runwatch.core.telemetry.defender;

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

class DefenderProcessParserTest {
  private static final String LINUX = "vm-lnx-web01.internal.cloudapp.net";
  private static final String HANDLER =
      "/var/lib/waagent/Microsoft.CPlat.Core.RunCommandLinux-1.0.5/bin/run-command-extension";

  private final DefenderProcessParser parser = new DefenderProcessParser();

  static Path fixture(String name) {
    try {
      return Path.of(
          DefenderProcessParserTest.class.getResource("/telemetry/defender/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private TelemetryCapture parseFixture(String name) {
    try (BufferedReader in = Files.newBufferedReader(fixture(name), StandardCharsets.UTF_8)) {
      TelemetryCapture c = new TelemetryCapture();
      c.returned = parser.parse(in, name, null, c);
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
  void azureRunCommandOnLinuxFromJsonLines() {
    TelemetryCapture c = parseFixture("deviceprocessevents-runcommand.jsonl");

    HostExecution script = c.executions.get(2);
    assertThat(script.host()).isEqualTo(LINUX);
    assertThat(script.time())
        .as("ProcessCreationTime, the process start")
        .isEqualTo(Instant.parse("2026-11-22T11:02:11.0190012Z"));
    assertThat(script.image()).isEqualTo("/usr/bin/bash");
    assertThat(script.commandLine())
        .isEqualTo("/bin/bash -c /var/lib/waagent/run-command/download/0/script.sh");
    assertThat(script.pid()).isEqualTo(41902L);
    assertThat(script.ppid()).isEqualTo(41890L);
    assertThat(script.user()).isEqualTo("vm-lnx-web01\\root");
    assertThat(script.parentImage()).isEqualTo(HANDLER);
    assertThat(script.parentCommandLine()).isEqualTo(HANDLER + " enable");
    assertThat(script.currentDirectory()).isNull();
    assertThat(script.eventId()).isEqualTo("b3c1f0a2d4e5f60718293a4b5c6d7e8f90a1b2c3:30219");
    assertThat(script.format()).isEqualTo(TelemetryFormat.DEFENDER);
    assertThat(script.origin().index()).isEqualTo(2);

    HostExecution shim = c.executions.get(0);
    assertThat(shim.parentImage()).isEqualTo("/usr/bin/python3.10");
    assertThat(shim.parentCommandLine())
        .isEqualTo("python3 -u bin/WALinuxAgent-2.12.0.4-py3.12.egg -run-exthandlers");
  }

  @Test
  void azureRunCommandOnWindowsFromJsonLines() {
    TelemetryCapture c = parseFixture("deviceprocessevents-runcommand.jsonl");

    assertThat(c.executions.subList(4, 7))
        .extracting(HostExecution::image, HostExecution::parentImage)
        .containsExactly(
            tuple(
                "C:\\Windows\\System32\\cmd.exe",
                "c:\\packages\\plugins\\microsoft.cplat.core.runcommandwindows\\1.1.18\\bin"
                    + "\\runcommandextension.exe"),
            tuple(
                "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                "c:\\windows\\system32\\cmd.exe"),
            tuple(
                "C:\\Windows\\System32\\net.exe",
                "c:\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe"));
    HostExecution powershell = c.executions.get(5);
    assertThat(powershell.host()).isEqualTo("vm-win-app01");
    assertThat(powershell.user()).isEqualTo("nt authority\\system");
    assertThat(powershell.commandLine())
        .isEqualTo("powershell  -ExecutionPolicy Unrestricted -File script0.ps1");
  }

  @Test
  void otherActionTypesAreHeardAndBadRowsAreLocated() {
    TelemetryCapture c = parseFixture("deviceprocessevents-runcommand.jsonl");

    assertThat(c.executions).hasSize(7);
    assertThat(c.heard)
        .as("ConnectionSuccess from DeviceNetworkEvents")
        .containsExactly(LINUX + "@2026-11-22T11:02:12.005123400Z");
    assertThat(c.errors)
        .extracting(e -> e.where().index(), IngestError::kind, IngestError::field)
        .containsExactly(
            tuple(5L, ErrorKind.MALFORMED_JSON, null),
            tuple(6L, ErrorKind.MISSING_FIELD, "Timestamp"));
    assertThat(c.returned).isEqualTo(10).isEqualTo(c.reported());
  }

  @Test
  void advancedHuntingApiResponseIsStreamedRowByRow() {
    TelemetryCapture c = parseFixture("advanced-hunting-api-response.json");

    assertThat(c.errors).isEmpty();
    assertThat(c.executions)
        .extracting(e -> e.origin().index(), HostExecution::image)
        .containsExactly(
            tuple(0L, "C:\\Windows\\System32\\cmd.exe"),
            tuple(1L, "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"),
            tuple(2L, "C:\\Windows\\System32\\net.exe"));
    assertThat(c.executions.get(2).commandLine())
        .isEqualTo("\"net.exe\" localgroup administrators azops-svc /add");
    assertThat(c.returned).isEqualTo(3);
  }

  @Test
  void sentinelArrayExport() {
    TelemetryCapture c = parseFixture("sentinel-export-array.json");

    assertThat(c.errors).isEmpty();
    assertThat(c.executions)
        .extracting(HostExecution::commandLine)
        .containsExactly(
            "/bin/bash bin/run-command-shim enable",
            HANDLER + " enable",
            "/bin/bash -c /var/lib/waagent/run-command/download/0/script.sh");
  }

  @Test
  void largeArraysAndResultsAreStreamedNotReadWhole() throws IOException {
    for (String[] container : new String[][] {{"[", "]"}, {"{\"Schema\":[],\"Results\":[", "]}"}}) {
      GeneratedRows reader = new GeneratedRows(container[0], container[1], 20_000);
      List<Long> charsAtFirstRow = new ArrayList<>();
      TelemetryCapture c =
          new TelemetryCapture() {
            @Override
            public void execution(HostExecution execution) {
              super.execution(execution);
              if (charsAtFirstRow.isEmpty()) {
                charsAtFirstRow.add(reader.delivered);
              }
            }
          };
      long read = parser.parse(new BufferedReader(reader), "generated", null, c);

      assertThat(read).isEqualTo(20_000);
      assertThat(c.executions).hasSize(20_000);
      assertThat(c.executions.get(19_999).origin().index()).isEqualTo(19_999);
      assertThat(charsAtFirstRow.get(0))
          .as("the first row is reported long before the document has been read")
          .isLessThan(reader.total / 100);
    }
  }

  /** A JSON container of {@code n} rows, generated as it is read. */
  static final class GeneratedRows extends java.io.Reader {
    private final String close;
    private final int n;
    private int row;
    private String pending;
    private boolean closed;
    long delivered;
    final long total;

    GeneratedRows(String open, String close, int n) {
      this.close = close;
      this.n = n;
      this.pending = open + "\n";
      this.total = open.length() + 1 + (long) n * (row(0).length() + 2) + close.length();
    }

    private static String row(int i) {
      return String.format(
          "{\"Timestamp\":\"2026-11-22T11:00:00Z\",\"DeviceName\":\"d\",\"ActionType\":\"ProcessCreated\","
              + "\"FolderPath\":\"/usr/bin/true\",\"ReportId\":\"r%08d\"}",
          i);
    }

    @Override
    public int read(char[] buf, int off, int len) {
      if (pending.isEmpty()) {
        if (row < n) {
          pending = row(row) + (row + 1 < n ? ",\n" : "\n");
          row++;
        } else if (!closed) {
          pending = close;
          closed = true;
        } else {
          return -1;
        }
      }
      int k = Math.min(len, pending.length());
      pending.getChars(0, k, buf, off);
      pending = pending.substring(k);
      delivered += k;
      return k;
    }

    @Override
    public void close() {}
  }

  @Test
  void brokenDocumentStopsWithAnErrorAtTheElement() throws IOException {
    String array =
        """
        [
          {"Timestamp":"2026-11-22T11:00:00Z","DeviceName":"d","ActionType":"ProcessCreated","FolderPath":"/usr/bin/true"},
          "not a row",
          {"Timestamp":"2026-11-22T11:00:01Z","DeviceName":"d","ActionType":"ProcessCreated","FolderPath":"/usr/bin/id"},
          {"Timestamp":"2026-11-22T11:00:02Z","DeviceName":"d","Action
        """;
    TelemetryCapture c = parseText(array, null);

    assertThat(c.executions).extracting(e -> e.origin().index()).containsExactly(0L, 2L);
    assertThat(c.errors)
        .extracting(e -> e.where().index(), IngestError::kind)
        .containsExactly(tuple(1L, ErrorKind.INVALID_FIELD), tuple(3L, ErrorKind.MALFORMED_JSON));
    assertThat(c.returned).isEqualTo(4);
  }

  @Test
  void oneLineApiResponsesAndStreamingRecordsInJsonLines() throws IOException {
    String lines =
        """
        {"Schema":[{"Name":"Timestamp","Type":"DateTime"}],"Results":[{"Timestamp":"2026-11-22T11:00:00Z","DeviceName":"d","ActionType":"ProcessCreated","FileName":"id","FolderPath":"/usr/bin"},{"DeviceName":"d","ActionType":"ProcessCreated"}]}
        {"time":"2026-11-22T11:00:05Z","tenantId":"t","operationName":"Publish","category":"AdvancedHunting-DeviceProcessEvents","properties":{"Timestamp":"2026-11-22T11:00:04Z","DeviceName":"e","ActionType":"ProcessCreated","FolderPath":"/usr/bin/uptime","ProcessCommandLine":"uptime"}}
        {"time":"2026-11-22T11:00:06Z","category":"AdvancedHunting-DeviceFileEvents","properties":{"Timestamp":"2026-11-22T11:00:06Z","DeviceName":"e","ActionType":"FileCreated","FileName":"x"}}
        """;
    TelemetryCapture c = parseText(lines, null);

    assertThat(c.executions)
        .extracting(HostExecution::host, HostExecution::image)
        .containsExactly(tuple("d", "/usr/bin/id"), tuple("e", "/usr/bin/uptime"));
    assertThat(c.errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.where().index()).isZero();
              assertThat(e.field()).isEqualTo("Results[1].Timestamp");
            });
    assertThat(c.heard).containsExactly("e@2026-11-22T11:00:06Z");
  }

  @Test
  void projectionsWithoutActionTypeAndOldColumnNames() throws IOException {
    String lines =
        """
        {"TimeGenerated":"2026-11-22 11:00:00.000000000","DeviceName":"d","FileName":"whoami.exe","FolderPath":"C:\\\\Windows\\\\System32","ProcessCommandLine":"whoami /all","AccountName":"alice"}
        {"EventTime":"2026-11-22T11:00:01Z","ComputerName":"old-host","MachineId":"m1","ActionType":"ProcessCreated","FileName":"sc.exe","FolderPath":"c:\\\\windows\\\\system32\\\\sc.exe","ReportId":77}
        {"Timestamp":"yesterday","DeviceName":"d","ActionType":"ProcessCreated"}
        """;
    TelemetryCapture c = parseText(lines, null);

    assertThat(c.executions)
        .extracting(
            HostExecution::host, HostExecution::image, HostExecution::user, HostExecution::eventId)
        .containsExactly(
            tuple("d", "C:\\Windows\\System32\\whoami.exe", "alice", null),
            tuple("old-host", "c:\\windows\\system32\\sc.exe", null, "m1:77"));
    assertThat(c.executions.get(0).time()).isEqualTo(Instant.parse("2026-11-22T11:00:00Z"));
    assertThat(c.errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_FIELD);
              assertThat(e.field()).isEqualTo("Timestamp");
              assertThat(e.where().index()).isEqualTo(2);
            });
  }

  @Test
  void byteOrderMarkOfAPowerShellExportIsSkipped() throws IOException {
    String export =
        "\uFEFF[{\"Timestamp\":\"2026-11-22T11:00:00Z\",\"DeviceName\":\"d\","
            + "\"ActionType\":\"ProcessCreated\",\"FolderPath\":\"/usr/bin/id\"}]";
    assertThat(parser.recognizes(export)).isTrue();
    TelemetryCapture c = parseText(export, null);
    assertThat(c.errors).isEmpty();
    assertThat(c.executions)
        .singleElement()
        .satisfies(e -> assertThat(e.image()).isEqualTo("/usr/bin/id"));
  }

  @Test
  void hostFallsBackToTheDefaultOnly() throws IOException {
    String row = "{\"Timestamp\":\"2026-11-22T11:00:00Z\",\"ActionType\":\"ProcessCreated\"}\n";
    assertThat(parseText(row, "vm-1").executions)
        .singleElement()
        .satisfies(e -> assertThat(e.host()).isEqualTo("vm-1"));
    assertThat(parseText(row, null).errors)
        .singleElement()
        .satisfies(e -> assertThat(e.field()).isEqualTo("DeviceName"));
  }

  @Test
  void pathJoinsFolderAndFileOnlyWhenNeeded() {
    assertThat(DefenderProcessParser.path("C:\\Windows\\System32\\cmd.exe", "cmd.exe"))
        .isEqualTo("C:\\Windows\\System32\\cmd.exe");
    assertThat(DefenderProcessParser.path("c:\\windows\\system32\\CMD.EXE", "cmd.exe"))
        .isEqualTo("c:\\windows\\system32\\CMD.EXE");
    assertThat(DefenderProcessParser.path("C:\\Tools\\xcmd.exe", "cmd.exe"))
        .isEqualTo("C:\\Tools\\xcmd.exe\\cmd.exe");
    assertThat(DefenderProcessParser.path("/usr/bin/", "id")).isEqualTo("/usr/bin/id");
    assertThat(DefenderProcessParser.path(null, "id")).isEqualTo("id");
    assertThat(DefenderProcessParser.path("/usr/bin/id", null)).isEqualTo("/usr/bin/id");
  }

  @Test
  void recognizesDefenderExportsOnly() throws IOException {
    for (String f :
        List.of(
            "deviceprocessevents-runcommand.jsonl",
            "advanced-hunting-api-response.json",
            "sentinel-export-array.json")) {
      assertThat(parser.recognizes(Files.readString(fixture(f)))).as(f).isTrue();
    }
    assertThat(
            parser.recognizes(
                "{\"Records\":[{\"eventVersion\":\"1.08\",\"eventName\":\"SendCommand\"}]}"))
        .as("CloudTrail")
        .isFalse();
    assertThat(
            parser.recognizes(
                "{\"records\":[{\"operationName\":\"MICROSOFT.COMPUTE/VIRTUALMACHINES/RUNCOMMAND/ACTION\",\"category\":\"Administrative\"}]}"))
        .as("Azure Activity")
        .isFalse();
    assertThat(
            parser.recognizes(
                "{\"protoPayload\":{\"methodName\":\"v1.compute.instances.setMetadata\"}}"))
        .as("GCP audit log")
        .isFalse();
    assertThat(parser.recognizes("<Events><Event><System><EventID>1</EventID>"))
        .as("Sysmon XML")
        .isFalse();
    assertThat(
            parser.recognizes(
                "{\"name\":\"q\",\"hostIdentifier\":\"h\",\"columns\":{\"DeviceName\":\"x\",\"ActionType\":\"y\"}}"))
        .as("osquery")
        .isFalse();
    assertThat(parser.recognizes("type=SYSCALL msg=audit(1.2:3): DeviceName ActionType"))
        .as("auditd")
        .isFalse();
  }
}
