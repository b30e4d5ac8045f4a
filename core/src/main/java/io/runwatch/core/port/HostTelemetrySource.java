package io.runwatch.core.port;

import io.runwatch.core.telemetry.TelemetryListener;
import java.time.Instant;

/**
 * Port: the host telemetry of one VM in a time window, as the cloud functions query it (CloudWatch
 * Logs Insights, Log Analytics, Cloud Logging). Implementations report every process start and, for
 * coverage, when the VM was heard at all; they must bound the query by VM and window.
 */
public interface HostTelemetrySource {
  /**
   * Reports what {@code vm} sent in {@code [from, to]} to {@code out}. Executions may name the host
   * as the telemetry does; they are attributed to {@code vm} by the caller.
   */
  void query(String vm, Instant from, Instant to, TelemetryListener out);
}
