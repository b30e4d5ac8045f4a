package io.runwatch.core.port;

import io.runwatch.core.baseline.Baseline;
import java.util.Optional;

/**
 * Port: where baselines live between runs (DynamoDB, Table Storage, Firestore in the functions; an
 * embedded file store for the CLI). Writes are conditional, so two concurrent invocations cannot
 * silently lose each other's learning: the loser reloads and re-applies.
 */
public interface BaselineStore {
  /** A stored baseline and the version a conditional write must name. */
  record Versioned(Baseline baseline, long version) {}

  Optional<Versioned> load(String scope);

  /**
   * Stores {@code baseline} if the stored version is still {@code expectedVersion} (0 when there
   * was none).
   *
   * @return whether it was written; {@code false} means someone else wrote first
   */
  boolean save(Baseline baseline, long expectedVersion);
}
