package io.runwatch.core.baseline;

import io.runwatch.core.port.BaselineStore;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link BaselineStore} in memory, for tests and one-shot runs: thread-safe, with the same
 * conditional-write contract as the persistent stores. Each save is a compare-and-set on the
 * scope's entry (atomic under {@link ConcurrentHashMap#compute}): it succeeds only if the stored
 * version is still the expected one, and stores the next version.
 */
public final class InMemoryBaselineStore implements BaselineStore {
  private final ConcurrentMap<String, Versioned> baselines = new ConcurrentHashMap<>();

  @Override
  public Optional<Versioned> load(String scope) {
    Objects.requireNonNull(scope, "scope");
    return Optional.ofNullable(baselines.get(scope));
  }

  @Override
  public boolean save(Baseline baseline, long expectedVersion) {
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(baseline.scope(), "baseline.scope");
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("expectedVersion must be >= 0: " + expectedVersion);
    }
    boolean[] written = {false};
    baselines.compute(
        baseline.scope(),
        (scope, current) -> {
          long stored = current == null ? 0 : current.version();
          if (stored != expectedVersion) {
            return current;
          }
          written[0] = true;
          return new Versioned(baseline, stored + 1);
        });
    return written[0];
  }
}
