package io.runwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecheckHandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theScheduledRunSettlesWhatIsPastItsDeadline() throws IOException {
    // First look at 16:33: the command waits for telemetry.
    InMemoryDetection first = new InMemoryDetection(Instant.parse("2025-02-19T16:33:00Z"));
    new DetectHandler(() -> first.detection)
        .handleRequest(
            new ByteArrayInputStream(Events.bytes(Events.SEND_COMMAND)),
            new ByteArrayOutputStream(),
            new CapturingContext());
    assertThat(first.pending.oldest(10)).hasSize(1);

    // Hours later the scheduler fires: the same stores, a later clock, still no telemetry.
    var detectionLater = first.at(Instant.parse("2025-02-19T22:00:00Z"));
    CapturingContext context = new CapturingContext();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    new RecheckHandler(() -> detectionLater)
        .handleRequest(
            new ByteArrayInputStream(
                "{\"source\":\"aws.scheduler\"}".getBytes(StandardCharsets.UTF_8)),
            out,
            context);

    JsonNode response = JSON.readTree(out.toByteArray());
    assertThat(response.path("rechecked").asInt()).isEqualTo(1);
    assertThat(response.path("settled").asInt()).isEqualTo(1);
    assertThat(first.pending.oldest(10)).isEmpty();
    assertThat(JSON.readTree(context.onlyLine()).path("handler").asText())
        .isEqualTo("RecheckHandler");
  }
}
