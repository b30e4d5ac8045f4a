package io.runwatch.gcp;

import io.runwatch.core.ingest.PayloadReport;

/**
 * Reads the data of one CloudEvent into what core found. Core unwraps every shape a Log Router
 * sink's entry arrives in ({@code messagePublished} data {@code {message:{data:base64},
 * subscription}}, or an Eventarc audit-log event whose data is the LogEntry itself), so this class
 * needs to know none of them.
 */
public final class LogSinkDetection {
  static final String SOURCE = "pubsub";

  private LogSinkDetection() {}

  /** What core found in one CloudEvent's data. */
  public static PayloadReport detect(byte[] data) {
    return PayloadReport.read(SOURCE, data);
  }
}
