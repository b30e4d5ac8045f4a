package io.runwatch.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.runwatch.core.ingest.PayloadReport;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Operation;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DetectFunctionTest {
  private final CapturedLog log = CapturedLog.attach();

  @AfterEach
  void detach() {
    log.close();
  }

  private static CloudEvent event(String type, byte[] data) {
    return CloudEventBuilder.v1()
        .withId("11209455871203999")
        .withSource(URI.create("//pubsub.googleapis.com/projects/p/topics/t"))
        .withType(type)
        .withData("application/json", data)
        .build();
  }

  private JsonNode summary() throws IOException {
    return LogEntries.JSON.readTree(log.onlyMessage());
  }

  @Test
  void messagePublishedFromALogSinkIsUnwrappedAndDetected() throws IOException {
    byte[] data = LogEntries.messagePublishedData(LogEntries.fixture(LogEntries.STARTUP_SCRIPT));

    new DetectFunction().accept(event(LogEntries.MESSAGE_PUBLISHED, data));

    JsonNode summary = summary();
    assertThat(summary.path("runwatch").asText()).isEqualTo("DetectFunction");
    assertThat(summary.path("commands").asInt()).isEqualTo(1);
    assertThat(summary.path("relevant").asInt()).isEqualTo(1);
    assertThat(summary.path("errors").asInt()).isZero();
    assertThat(log.onlyMessage())
        .doesNotContain("bob@example.com")
        .doesNotContain("198.51.100.77")
        .doesNotContain("win-build-01")
        .doesNotContain("demo-project");
  }

  @Test
  void theCommandIsTheStartupScriptChange() {
    byte[] data = LogEntries.messagePublishedData(LogEntries.fixture(LogEntries.STARTUP_SCRIPT));

    PayloadReport found = LogSinkDetection.detect(data);

    assertThat(found.commands()).hasSize(1);
    AdminCommand c = found.commands().get(0);
    assertThat(c.operation()).isEqualTo(Operation.STARTUP_SCRIPT_CHANGE);
    assertThat(c.account()).isEqualTo("demo-project");
    assertThat(c.principal().id()).isEqualTo("bob@example.com");
    assertThat(c.origin().source()).isEqualTo("pubsub");
  }

  @Test
  void eventarcAuditLogEventCarriesTheLogEntryItself() throws IOException {
    byte[] entry = LogEntries.fixture(LogEntries.STARTUP_SCRIPT);

    new DetectFunction().accept(event("google.cloud.audit.log.v1.written", entry));

    assertThat(summary().path("commands").asInt()).isEqualTo(1);
  }

  @Test
  void bareOperationEndIsACompletionNotACommand() throws IOException {
    // Compute's "last" entry usually has no metadata delta: it can only complete the start entry.
    ObjectNode last =
        (ObjectNode)
            LogEntries.JSON.readTree(LogEntries.fixture("setmetadata-startup-script-last.json"));
    ((ObjectNode) last.get("protoPayload")).remove(List.of("metadata", "request"));
    byte[] data = LogEntries.messagePublishedData(LogEntries.JSON.writeValueAsBytes(last));

    new DetectFunction().accept(event(LogEntries.MESSAGE_PUBLISHED, data));

    JsonNode summary = summary();
    assertThat(summary.path("commands").asInt()).isZero();
    assertThat(summary.path("completions").asInt()).isEqualTo(1);
    assertThat(summary.path("relevant").asInt()).isEqualTo(1);
  }

  @Test
  void messageThatIsNotBase64IsCountedAsAnErrorWithoutThrowing() throws IOException {
    byte[] data = LogEntries.messagePublishedData("%%% not base64 %%%");

    new DetectFunction().accept(event(LogEntries.MESSAGE_PUBLISHED, data));

    JsonNode summary = summary();
    assertThat(summary.path("commands").asInt()).isZero();
    assertThat(summary.path("errorKinds").path("INVALID_FIELD").asInt()).isEqualTo(1);
  }

  @Test
  void eventWithoutDataIsAnEmptyDelivery() throws IOException {
    CloudEvent bare =
        CloudEventBuilder.v1()
            .withId("1")
            .withSource(URI.create("//pubsub.googleapis.com/projects/p/topics/t"))
            .withType(LogEntries.MESSAGE_PUBLISHED)
            .build();

    new DetectFunction().accept(bare);

    JsonNode summary = summary();
    assertThat(summary.path("records").asInt()).isZero();
    assertThat(summary.path("errors").asInt()).isZero();
  }
}
