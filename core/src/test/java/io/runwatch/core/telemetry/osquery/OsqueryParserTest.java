package io.runwatch.core.telemetry.osquery;

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
import org.junit.jupiter.api.Test;

class OsqueryParserTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:25:00Z");

  private final OsqueryParser parser = new OsqueryParser();

  static Path fixture(String name) {
    try {
      return Path.of(OsqueryParserTest.class.getResource("/telemetry/osquery/" + name).toURI());
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
  void osConfigExecResourcesFromTheEventFormat() {
    TelemetryCapture c = parseFixture("process-events-event-format.log");

    assertThat(c.executions)
        .extracting(HostExecution::host, HostExecution::pid, HostExecution::commandLine)
        .containsExactly(
            tuple(
                "gce-web-01",
                7311L,
                "/bin/sh /tmp/osconfig_exec_resource_3141592653/2718281828/script.sh"),
            tuple(
                "gce-web-01",
                7315L,
                "/bin/sh /tmp/osconfig_exec_resource_3141592653/1618033988/script.sh"),
            tuple("gce-web-01", 7316L, "apt-get install -y nginx"),
            tuple(
                "4815162342108",
                981L,
                "/bin/bash -c /tmp/metadata-scripts1029384756/startup-script"));
    HostExecution validate = c.executions.get(0);
    assertThat(validate.image()).isEqualTo("/usr/bin/dash");
    assertThat(validate.ppid()).as("google_osconfig_agent's pid").isEqualTo(1020L);
    assertThat(validate.time()).as("the row's own time, not unixTime").isEqualTo(T0.plusSeconds(1));
    assertThat(validate.user()).isEqualTo("0");
    assertThat(validate.currentDirectory()).isEqualTo("/");
    assertThat(validate.parentImage()).as("process_events has no parent image").isNull();
    assertThat(validate.parentCommandLine()).isNull();
    assertThat(validate.format()).isEqualTo(TelemetryFormat.OSQUERY);
    assertThat(validate.origin().index()).isZero();
    assertThat(c.executions.get(3).origin().index()).isEqualTo(7);
  }

  @Test
  void forksAndOtherQueriesAreHeardAndBadLinesAreLocated() {
    TelemetryCapture c = parseFixture("process-events-event-format.log");

    assertThat(c.heard)
        .containsExactly("gce-web-01@" + T0.plusSeconds(3), "gce-web-01@" + T0.plusSeconds(60));
    assertThat(c.errors)
        .extracting(e -> e.where().index(), IngestError::kind, IngestError::field)
        .containsExactly(
            tuple(5L, ErrorKind.INVALID_FIELD, "columns.time"),
            tuple(6L, ErrorKind.MALFORMED_JSON, null));
    assertThat(c.errors.get(0).where().source()).isEqualTo("process-events-event-format.log");
    assertThat(c.returned).isEqualTo(8).isEqualTo(c.reported());
  }

  @Test
  void startupScriptChainFromTheBatchFormatWithNumerics() {
    TelemetryCapture c = parseFixture("process-events-batch-format.log");

    assertThat(c.errors).isEmpty();
    assertThat(c.executions)
        .extracting(HostExecution::image, HostExecution::ppid, HostExecution::time)
        .containsExactly(
            tuple("/usr/bin/google_metadata_script_runner", 1L, T0.plusSeconds(600)),
            tuple("/usr/bin/bash", 975L, T0.plusSeconds(601)),
            tuple("/usr/bin/curl", 981L, T0.plusSeconds(602)));
    assertThat(c.executions)
        .allSatisfy(e -> assertThat(e.host()).isEqualTo("4c4c4544-0042-3010-8057-b7c04f503432"));
    assertThat(c.executions.get(1).commandLine())
        .isEqualTo("/bin/bash -c /tmp/metadata-scripts1029384756/startup-script");
    assertThat(c.heard)
        .as("the system_info snapshot, unixTime as a string")
        .containsExactly("4c4c4544-0042-3010-8057-b7c04f503432@" + T0.plusSeconds(620));
    assertThat(c.returned).isEqualTo(4);
  }

  @Test
  void snapshotOfProcessEventsAndColumnDetection() throws IOException {
    String log =
        """
        {"name":"custom_exec_watch","hostIdentifier":"h1","unixTime":"1795343100","snapshot":[{"pid":"5","path":"/bin/ls","cmdline":"ls /","parent":"-1","uid":"1000","username":"deploy"}],"action":"snapshot"}
        """;
    TelemetryCapture c = parseText(log, null);

    assertThat(c.executions)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.ppid()).as("-1 means unknown").isNull();
              assertThat(e.user()).as("a joined username wins").isEqualTo("deploy");
              assertThat(e.time()).as("no time column: the line's unixTime").isEqualTo(T0);
            });
  }

  @Test
  void removedRowsAreHeardAndBatchErrorsNameTheRow() throws IOException {
    String log =
        """
        {"name":"process_events","hostIdentifier":"h1","unixTime":1795343100,"diffResults":{"added":[{"pid":"1","path":"/a","cmdline":"a","time":"x"}],"removed":[{"pid":"2","path":"/b","cmdline":"b","time":"1795343101"}]}}
        """;
    TelemetryCapture c = parseText(log, null);

    assertThat(c.errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("diffResults.added[0].time");
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_FIELD);
            });
    assertThat(c.heard).containsExactly("h1@" + T0.plusSeconds(1));
    assertThat(c.executions).isEmpty();
  }

  @Test
  void hostComesFromTheDefaultOnlyWhenTheLineHasNone() throws IOException {
    String noHost =
        """
        {"name":"process_events","unixTime":1795343100,"columns":{"pid":"1","path":"/a","cmdline":"a"}}
        """;
    assertThat(parseText(noHost, "fallback").executions)
        .singleElement()
        .satisfies(e -> assertThat(e.host()).isEqualTo("fallback"));
    TelemetryCapture missing = parseText(noHost, null);
    assertThat(missing.errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.MISSING_FIELD);
              assertThat(e.field()).isEqualTo("hostIdentifier");
            });
  }

  @Test
  void ceeCookieAndCalendarTimeFallback() throws IOException {
    String log =
        "@cee: {\"name\":\"process_events\",\"hostIdentifier\":\"h1\",\"calendarTime\":\"Sun Nov 22"
            + " 10:25:00 2026 UTC\",\"columns\":{\"pid\":\"1\",\"path\":\"/a\",\"cmdline\":\"a\"}}\n";
    TelemetryCapture c = parseText(log, null);

    assertThat(c.executions).singleElement().satisfies(e -> assertThat(e.time()).isEqualTo(T0));
    assertThat(OsqueryParser.calendarTime("Mon May  2 22:27:32 2016 UTC"))
        .isEqualTo(Instant.parse("2016-05-02T22:27:32Z"));
    assertThat(OsqueryParser.calendarTime("Mon May  2 22:27:32 2016"))
        .as("local time: no zone to read it in")
        .isNull();
  }

  @Test
  void recognizesResultsLogsOnly() throws IOException {
    assertThat(parser.recognizes(Files.readString(fixture("process-events-event-format.log"))))
        .isTrue();
    assertThat(parser.recognizes(Files.readString(fixture("process-events-batch-format.log"))))
        .isTrue();
    assertThat(
            parser.recognizes("{\"name\":\"processes\",\"hostIdentifier\":\"h\",\"columns\":{}}"))
        .isTrue();
    assertThat(
            parser.recognizes(
                "{\"Records\":[{\"eventVersion\":\"1.08\",\"eventName\":\"SendCommand\"}]}"))
        .as("CloudTrail")
        .isFalse();
    assertThat(parser.recognizes("{\"records\":[{\"operationName\":\"x\",\"properties\":{}}]}"))
        .as("Azure Activity")
        .isFalse();
    assertThat(
            parser.recognizes(
                "{\"insertId\":\"1\",\"protoPayload\":{\"methodName\":\"v1.compute.instances.setMetadata\"}}"))
        .as("GCP audit log")
        .isFalse();
    assertThat(parser.recognizes("<Event><System><Provider Name=\"Linux-Sysmon\"/>"))
        .as("Sysmon XML")
        .isFalse();
    assertThat(parser.recognizes("{\"DeviceName\":\"d\",\"ActionType\":\"ProcessCreated\"}"))
        .as("Defender")
        .isFalse();
    assertThat(
            parser.recognizes(
                "{\"hostIdentifier\":\"h\",\"severity\":\"0\",\"message\":\"status log\"}"))
        .as("osquery status log: no rows")
        .isFalse();
  }
}
