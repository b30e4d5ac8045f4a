package io.runwatch.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.runwatch.core.ingest.PayloadReport;
import io.runwatch.core.render.CountsLine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * EventBridge → SQS → Lambda: the queue absorbs bursts, and each message body is one EventBridge
 * event. Needs {@code ReportBatchItemFailures} on the event source mapping.
 *
 * <p>Only messages whose processing threw are handed back for retry. A body that is not JSON will
 * be just as broken next time, so it is counted as poison and deleted rather than retried until it
 * lands in the dead-letter queue; the log line says how many there were.
 */
public final class SqsDetectHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  static final String SOURCE = "sqs-eventbridge";

  private final Function<byte[], PayloadReport> detect;

  public SqsDetectHandler() {
    this(body -> PayloadReport.read(SOURCE, body));
  }

  /** Lets a test put a failing step (a future store or sink) behind the real ingestion. */
  SqsDetectHandler(Function<byte[], PayloadReport> detect) {
    this.detect = detect;
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    List<SQSEvent.SQSMessage> messages =
        event.getRecords() == null ? List.of() : event.getRecords();
    CountsLine log =
        new CountsLine("SqsDetectHandler")
            .count("messages", messages.size())
            .count("poison", 0)
            .count("failed", 0);
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    for (SQSEvent.SQSMessage m : messages) {
      try {
        PayloadReport found = detect.apply(bytes(m.getBody()));
        log.add(found).count("poison", found.isPoison() ? 1 : 0);
      } catch (RuntimeException e) {
        // Possibly transient (a throttled store, a bug fixed by the next deploy): let SQS retry it.
        log.count("failed", 1);
        failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
      }
    }
    context.getLogger().log(log.line() + "\n");
    return new SQSBatchResponse(failures);
  }

  private static byte[] bytes(String body) {
    return body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
  }
}
