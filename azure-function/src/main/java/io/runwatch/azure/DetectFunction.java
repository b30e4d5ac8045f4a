package io.runwatch.azure;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import io.runwatch.core.ingest.PayloadReport;
import io.runwatch.core.render.CountsLine;

/**
 * Event Grid subscription on the subscription's resource events (filtered to run command and
 * extension writes): the Java worker hands over one event JSON per invocation, in whichever schema
 * the subscription delivers.
 *
 * <p>Returns normally even when the event is unreadable: Event Grid retries failed deliveries, and
 * a broken event would only fail again. The summary line says what happened.
 */
public final class DetectFunction {
  @FunctionName("runwatch-detect")
  public void run(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
    PayloadReport found = EventGridDetection.detect(event);
    context.getLogger().info(new CountsLine("DetectFunction").add(found).line());
  }
}
