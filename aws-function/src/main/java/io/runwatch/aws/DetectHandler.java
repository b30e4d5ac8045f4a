package io.runwatch.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.runwatch.core.service.DetectionOutcome;
import io.runwatch.core.service.EventDetection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * EventBridge rule target: the matched event's JSON as-is (a CloudTrail API call from {@code
 * ssm.amazonaws.com}, {@code iam.amazonaws.com} or {@code sts.amazonaws.com}, or an {@code aws.ssm}
 * status event) goes through core's event-at-a-time detection.
 *
 * <p>A stream handler, not a POJO one, so no reflection-based deserializer runs on the cold start
 * and core reads the exact bytes EventBridge sent. A failure to store or notify throws: EventBridge
 * retries the event under the rule's retry policy, then puts it in the dead-letter queue. A payload
 * that is not JSON is reported (log line and response) and not thrown: no retry can fix it.
 */
public final class DetectHandler implements RequestStreamHandler {
  static final String SOURCE = "eventbridge";

  private final Supplier<EventDetection> detection;

  public DetectHandler() {
    this(AwsWiring.checkedAtStart());
  }

  DetectHandler(Supplier<EventDetection> detection) {
    this.detection = detection;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    DetectionOutcome outcome = detection.get().handle(SOURCE, input.readAllBytes());
    String line = OutcomeLog.line("DetectHandler", outcome, Map.of());
    context.getLogger().log(line + "\n");
    output.write(line.getBytes(StandardCharsets.UTF_8));
  }
}
