package io.runwatch.core.telemetry;

import io.runwatch.core.ingest.IngestError;
import io.runwatch.core.model.HostExecution;
import java.time.Instant;

/**
 * Receives what a telemetry parser finds. Every record counts as proof that its host reports
 * telemetry at that time, process start or not: that is what tells a blind spot from a command that
 * did not run.
 */
public interface TelemetryListener {
  void execution(HostExecution execution);

  /** Any other record from {@code host} at {@code time} (network, file, other syscalls...). */
  default void heard(String host, Instant time) {}

  default void error(IngestError error) {}
}
