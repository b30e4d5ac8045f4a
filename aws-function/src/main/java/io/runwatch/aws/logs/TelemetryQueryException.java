package io.runwatch.aws.logs;

import java.time.Instant;

/**
 * A VM's telemetry could not be read for a window: the caller must treat the host as unknown for
 * that window (neither "heard nothing" nor blind), and may retry later.
 */
public final class TelemetryQueryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the query gave no answer. */
  public enum Reason {
    /** Throttled or too many concurrent queries, after our retries. */
    THROTTLED,
    /** The function's role may not query the log groups. */
    DENIED,
    /** The query did not complete within the configured wait; it was stopped. */
    TIMED_OUT,
    /** Logs Insights reported the query Failed, Cancelled, Timeout or Unknown. */
    FAILED,
    /** Anything else (5xx, network). */
    ERROR
  }

  private final Reason reason;
  private final String vm;
  private final Instant from;
  private final Instant to;

  public TelemetryQueryException(
      Reason reason, String vm, Instant from, Instant to, String detail, Throwable cause) {
    super(
        "Logs Insights telemetry of "
            + vm
            + " in ["
            + from
            + ", "
            + to
            + "]: "
            + reason
            + ": "
            + detail,
        cause);
    this.reason = reason;
    this.vm = vm;
    this.from = from;
    this.to = to;
  }

  public Reason reason() {
    return reason;
  }

  public String vm() {
    return vm;
  }

  public Instant from() {
    return from;
  }

  public Instant to() {
    return to;
  }
}
