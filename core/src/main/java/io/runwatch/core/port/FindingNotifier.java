package io.runwatch.core.port;

import io.runwatch.core.triage.Finding;

/**
 * Port: tells the SOC about a finding through the cloud's notification service (SNS, Event Grid,
 * Pub/Sub). Implementations throw {@link NotificationException} when the service did not take the
 * message, so the caller can retry and, in the end, fail the invocation for the platform to retry.
 */
public interface FindingNotifier {
  void publish(Finding finding);

  /** The notification service refused or could not be reached. */
  final class NotificationException extends RuntimeException {
    private final boolean retryable;

    public NotificationException(String message, boolean retryable, Throwable cause) {
      super(message, cause);
      this.retryable = retryable;
    }

    /** Whether trying again may help (throttling, 5xx, network) or not (access denied). */
    public boolean retryable() {
      return retryable;
    }
  }
}
