package io.runwatch.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.runwatch.core.service.DetectionOutcome;
import io.runwatch.core.service.EventDetection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * EventBridge → SQS → Lambda: the queue absorbs bursts, and each message body is one EventBridge
 * event. Needs {@code ReportBatchItemFailures} on the event source mapping.
 *
 * <p>Only messages whose processing threw (a throttled table, a notification that did not go out)
 * are handed back for retry; SQS redelivers them and, after the queue's maxReceiveCount, moves them
 * to its dead-letter queue. A body that is not JSON will be just as broken next time, so it is
 * counted as poison and deleted rather than retried; the log line says how many there were.
 */
public final class SqsDetectHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  static final String SOURCE = "sqs-eventbridge";

  private final Supplier<EventDetection> detection;

  public SqsDetectHandler() {
    this(AwsWiring.checkedAtStart());
  }

  SqsDetectHandler(Supplier<EventDetection> detection) {
    this.detection = detection;
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    List<SQSEvent.SQSMessage> messages =
        event.getRecords() == null ? List.of() : event.getRecords();
    DetectionOutcome total = null;
    long poison = 0;
    long failed = 0;
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    for (SQSEvent.SQSMessage m : messages) {
      try {
        DetectionOutcome o = detection.get().handle(SOURCE, bytes(m.getBody()));
        poison += o.poison() ? 1 : 0;
        total = total == null ? o : total.plus(o);
      } catch (RuntimeException e) {
        // Possibly transient (a throttled store, a notification outage): let SQS retry it.
        failed++;
        failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
      }
    }
    context
        .getLogger()
        .log(
            OutcomeLog.line(
                    "SqsDetectHandler",
                    total == null ? DetectionOutcome.none() : total,
                    Map.of("messages", (long) messages.size(), "poison", poison, "failed", failed))
                + "\n");
    return new SQSBatchResponse(failures);
  }

  private static byte[] bytes(String body) {
    return body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
  }
}
