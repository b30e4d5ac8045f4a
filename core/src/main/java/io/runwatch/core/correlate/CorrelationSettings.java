package io.runwatch.core.correlate;

import java.time.Duration;
import java.util.Objects;

/**
 * Tolerances of the correlator.
 *
 * @param clockSkew how far host and control-plane clocks may disagree, applied on both sides of
 *     every window (default 5 minutes)
 * @param lateness how long after a window closes telemetry may still arrive; until then a
 *     BLIND_SPOT or NOT_OBSERVED outcome is not settled (default 15 minutes)
 */
public record CorrelationSettings(Duration clockSkew, Duration lateness) {
  public static final CorrelationSettings DEFAULTS =
      new CorrelationSettings(Duration.ofMinutes(5), Duration.ofMinutes(15));

  public CorrelationSettings {
    Objects.requireNonNull(clockSkew, "clockSkew");
    Objects.requireNonNull(lateness, "lateness");
    if (clockSkew.isNegative() || lateness.isNegative()) {
      throw new IllegalArgumentException("clock skew and lateness cannot be negative");
    }
  }
}
