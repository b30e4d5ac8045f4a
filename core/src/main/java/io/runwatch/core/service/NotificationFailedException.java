package io.runwatch.core.service;

/**
 * A finding is stored but the notification service did not take it after every attempt. Handlers
 * let it fail the invocation: the platform retries the event (the stored finding is then notified
 * without being judged twice) and finally parks it in the dead-letter queue.
 */
public final class NotificationFailedException extends RuntimeException {
  NotificationFailedException(String findingId, int attempts, Throwable cause) {
    super(
        "finding "
            + findingId
            + " is stored but its notification failed after "
            + attempts
            + " attempt(s): "
            + cause.getMessage(),
        cause);
  }
}
