package io.runwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DetectHandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CapturingContext context = new CapturingContext();

  private JsonNode invoke(byte[] event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new DetectHandler().handleRequest(new ByteArrayInputStream(event), out, context);
    return JSON.readTree(out.toByteArray());
  }

  @Test
  void responseIsFlushedWithoutClosingTheRuntimesStream() throws IOException {
    boolean[] closed = {false};
    ByteArrayOutputStream out =
        new ByteArrayOutputStream() {
          @Override
          public void close() {
            closed[0] = true;
          }
        };

    new DetectHandler()
        .handleRequest(new ByteArrayInputStream(Events.bytes(Events.SEND_COMMAND)), out, context);

    assertThat(closed[0]).isFalse();
    assertThat(JSON.readTree(out.toByteArray()).path("commands")).hasSize(1);
  }

  @Test
  void sendCommandApiCallBecomesOneCommand() throws IOException {
    JsonNode response = invoke(Events.bytes(Events.SEND_COMMAND));

    assertThat(response.path("commands")).hasSize(1);
    JsonNode command = response.path("commands").get(0);
    assertThat(command.path("commandId").asText())
        .isEqualTo("f49a1fe5-d12b-4ac0-98bc-0e4bd83d70c0");
    assertThat(command.path("operation").asText()).isEqualTo("SEND_COMMAND");
    // An IAM Identity Center session: the session name is a person.
    assertThat(command.path("principal").path("kind").asText()).isEqualTo("HUMAN");
    assertThat(command.path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(command.path("targets")).hasSize(3);
    assertThat(command.path("origin").path("source").asText()).isEqualTo("eventbridge");
    assertThat(response.path("statuses").asInt()).isZero();
    assertThat(response.path("errors")).isEmpty();
    assertThat(response.path("records").asLong()).isEqualTo(1);
    assertThat(response.path("relevant").asLong()).isEqualTo(1);
    assertThat(response.path("skipped").asLong()).isZero();
  }

  @Test
  void logLineHasCountsButNothingFromThePayload() throws IOException {
    invoke(Events.bytes(Events.SEND_COMMAND));

    JsonNode line = JSON.readTree(context.onlyLine());
    assertThat(line.path("runwatch").asText()).isEqualTo("DetectHandler");
    assertThat(line.path("commands").asInt()).isEqualTo(1);
    assertThat(line.path("records").asInt()).isEqualTo(1);
    assertThat(line.path("errors").asInt()).isZero();
    assertThat(context.onlyLine())
        .doesNotContain("arn:aws:sts::111122223333:assumed-role/SampleRole/bobson.dugnutt")
        .doesNotContain("bobson")
        .doesNotContain("1.2.3.4")
        .doesNotContain("i-006e4c07b5fba8ad2")
        .doesNotContain("f49a1fe5");
  }

  @Test
  void commandInvocationStatusChangeIsAStatusNotACommand() throws IOException {
    JsonNode response = invoke(Events.bytes(Events.INVOCATION_STATUS));

    assertThat(response.path("commands")).isEmpty();
    assertThat(response.path("statuses").asInt()).isEqualTo(1);
    assertThat(response.path("errors")).isEmpty();
    assertThat(response.path("relevant").asLong()).isEqualTo(1);
    assertThat(JSON.readTree(context.onlyLine()).path("statuses").asInt()).isEqualTo(1);
  }

  @Test
  void malformedEventIsReportedAsATypedLocatedError() throws IOException {
    JsonNode response = invoke(Events.brokenSendCommand().getBytes(StandardCharsets.UTF_8));

    assertThat(response.path("commands")).isEmpty();
    assertThat(response.path("errors")).hasSize(1);
    JsonNode error = response.path("errors").get(0);
    assertThat(error.path("kind").asText()).isEqualTo("MALFORMED_JSON");
    assertThat(error.path("field").asText()).isEqualTo("/detail/eventName");
    assertThat(error.path("where").path("source").asText()).isEqualTo("eventbridge");
    assertThat(error.path("message").asText()).isNotBlank();
    assertThat(response.path("records").asLong()).isEqualTo(1);

    JsonNode line = JSON.readTree(context.onlyLine());
    assertThat(line.path("errors").asInt()).isEqualTo(1);
    assertThat(line.path("errorKinds").path("MALFORMED_JSON").asInt()).isEqualTo(1);
  }

  @Test
  void truncatedEventIsReportedAsTruncated() throws IOException {
    byte[] whole = Events.bytes(Events.SEND_COMMAND);
    byte[] half = Arrays.copyOf(whole, whole.length / 2);

    JsonNode response = invoke(half);

    assertThat(response.path("commands")).isEmpty();
    assertThat(response.path("errors").get(0).path("kind").asText()).isEqualTo("TRUNCATED");
  }
}
