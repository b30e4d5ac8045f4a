package io.runwatch.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: commands whose host evidence has not arrived yet (telemetry lags minutes behind the control
 * plane). Each is re-checked on the agent's status event and on a schedule until its deadline, then
 * settled. Writes are conditional on a version so two re-checks never both settle one command.
 */
public interface PendingCorrelationStore {
  /**
   * One command waiting for its host evidence.
   *
   * @param id the command's finding key (stable across redeliveries)
   * @param commandId the provider's command id, to find it again from a status event, or null
   * @param event the control-plane event as it arrived, replayed at each re-check
   * @param baseline the scope's baseline as it was before the command ({@code BaselineJson}), so
   *     the re-check judges the command exactly as the first look did
   * @param version 0 before the first write
   */
  record Pending(
      String id,
      String account,
      String commandId,
      byte[] event,
      String baseline,
      Instant firstSeen,
      Instant deadline,
      int attempts,
      long version) {}

  /** Stores {@code p} unless one with its id exists; returns whether it was written. */
  boolean putIfAbsent(Pending p);

  Optional<Pending> get(String id);

  /** Pending correlations of {@code commandId}, to re-check when its status event arrives. */
  List<Pending> byCommandId(String commandId);

  /** Up to {@code limit} pending correlations, oldest first. */
  List<Pending> oldest(int limit);

  /** Replaces the stored item if its version is still {@code p.version() - 1}. */
  boolean update(Pending p);

  /** Removes it if its version is still {@code version}: the one re-check that settles it wins. */
  boolean delete(String id, long version);
}
