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
 * EventBridge Scheduler target (every few minutes): re-checks the commands whose host evidence had
 * not arrived, oldest first, and settles those past their deadline as not observed or blind spot.
 * The agent's status event re-checks its own command sooner; this run catches the rest. The
 * schedule's payload is ignored.
 */
public final class RecheckHandler implements RequestStreamHandler {
  /** Enough for a busy account per run, small enough to finish well inside the timeout. */
  static final int BATCH = 200;

  private final Supplier<EventDetection> detection;

  public RecheckHandler() {
    this(AwsWiring.checkedAtStart());
  }

  RecheckHandler(Supplier<EventDetection> detection) {
    this.detection = detection;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    input.readAllBytes();
    DetectionOutcome outcome = detection.get().recheckPending(BATCH);
    String line = OutcomeLog.line("RecheckHandler", outcome, Map.of());
    context.getLogger().log(line + "\n");
    output.write(line.getBytes(StandardCharsets.UTF_8));
  }
}
