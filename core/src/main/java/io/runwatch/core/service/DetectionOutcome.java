package io.runwatch.core.service;

import io.runwatch.core.ingest.IngestError;
import java.util.List;

/**
 * What one invocation did, for the handler's log line and response: counts and error kinds, never
 * the principals, addresses or scripts themselves.
 *
 * @param duplicate the event had been fully handled before (a redelivered copy): nothing was done
 * @param poison the payload could not be read at all: retrying cannot help
 * @param contentUnknown commands whose hidden content the provider would not give us
 * @param telemetryFailures target queries that failed (those commands wait for a re-check)
 */
public record DetectionOutcome(
    long records,
    int commands,
    int statuses,
    int identityChanges,
    List<IngestError> errors,
    boolean duplicate,
    boolean poison,
    int findings,
    int notified,
    int alreadyNotified,
    int belowThreshold,
    int pendingAdded,
    int rechecked,
    int settled,
    int contentUnknown,
    int telemetryFailures) {

  public DetectionOutcome {
    errors = List.copyOf(errors);
  }

  /** Counts one invocation as it goes. */
  static final class Tally {
    long records;
    int commands;
    int statuses;
    int identityChanges;
    final List<IngestError> errors = new java.util.ArrayList<>();
    boolean duplicate;
    boolean poison;
    int findings;
    int notified;
    int alreadyNotified;
    int belowThreshold;
    int pendingAdded;
    int rechecked;
    int settled;
    int contentUnknown;
    int telemetryFailures;

    DetectionOutcome outcome() {
      return new DetectionOutcome(
          records,
          commands,
          statuses,
          identityChanges,
          errors,
          duplicate,
          poison,
          findings,
          notified,
          alreadyNotified,
          belowThreshold,
          pendingAdded,
          rechecked,
          settled,
          contentUnknown,
          telemetryFailures);
    }
  }
}
