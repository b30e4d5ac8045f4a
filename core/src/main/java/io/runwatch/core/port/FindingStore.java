package io.runwatch.core.port;

import io.runwatch.core.triage.Finding;
import java.time.Instant;
import java.util.Optional;

/**
 * Port: where findings are kept (DynamoDB, Table Storage, Firestore). A finding is written before
 * anyone is told about it, and written once: its id is deterministic, so a redelivered event finds
 * it already there and only the notification, if it never went out, is retried.
 */
public interface FindingStore {
  /** What {@link #putIfAbsent} found. */
  enum Put {
    /** Newly stored: notify. */
    CREATED,
    /** Stored by an earlier delivery whose notification never went out: notify again. */
    STORED_NOT_NOTIFIED,
    /** Stored and notified before: nothing to do. */
    ALREADY_NOTIFIED
  }

  /**
   * A stored finding as the containment function reads it back.
   *
   * @param json the finding in runwatch's own JSON ({@code FindingJson})
   * @param notifiedAt when the notification went out, or {@code null}
   */
  record Stored(String id, String json, Instant storedAt, Instant notifiedAt) {}

  /** Stores {@code finding} (rendered as {@code json}) unless one with its id exists. */
  Put putIfAbsent(Finding finding, String json, Instant now);

  /** Records that the notification for {@code id} went out. */
  void markNotified(String id, Instant at);

  Optional<Stored> get(String id);
}
