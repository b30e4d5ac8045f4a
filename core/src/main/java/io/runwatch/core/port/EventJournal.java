package io.runwatch.core.port;

import java.time.Instant;
import java.util.List;

/**
 * Port: the recent control-plane events of one account, so a function that sees one event at a time
 * can still judge it in context (denied attempts before a success, a spike, a key created an hour
 * earlier). Items expire after the longest detector window; appends are idempotent per event key.
 */
public interface EventJournal {
  /** One journaled event, as it arrived. */
  record Entry(Instant time, String key, byte[] event) {}

  /**
   * Journals {@code event} unless an event with this scope, time and key is there already.
   *
   * @return whether it was written (false: a copy was journaled before)
   */
  boolean append(String scope, Instant time, String key, byte[] event);

  /** Whether the event of this scope, time and key has been journaled. */
  boolean contains(String scope, Instant time, String key);

  /**
   * The events of {@code scope} at or after {@code from}, oldest first; when there are more than
   * {@code limit}, the newest {@code limit} of them (the ones nearest the command being judged).
   */
  List<Entry> since(String scope, Instant from, int limit);
}
