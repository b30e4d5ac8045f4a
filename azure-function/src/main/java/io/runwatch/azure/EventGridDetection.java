package io.runwatch.azure;

import io.runwatch.core.ingest.PayloadReport;
import java.nio.charset.StandardCharsets;

/**
 * Reads one Event Grid delivery (Event Grid schema or CloudEvents schema; core tells them apart)
 * into what core found. Kept apart from {@link DetectFunction} so it runs without the Functions
 * host.
 */
public final class EventGridDetection {
  static final String SOURCE = "eventgrid";

  private EventGridDetection() {}

  /** What core found in one event; the Functions host delivers each event as a string. */
  public static PayloadReport detect(String event) {
    return PayloadReport.read(
        SOURCE, event == null ? new byte[0] : event.getBytes(StandardCharsets.UTF_8));
  }
}
