package io.runwatch.core.detect;

import io.runwatch.core.baseline.Baseline;
import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.geo.NetworkLookup;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.policy.Policy;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything a detector may use to judge one command.
 *
 * @param correlation the command's outcome in the guests, or {@code null} without telemetry
 * @param baseline the scope's baseline as it was before this command
 * @param now the evaluation's clock (for "recent"); never the wall clock inside a detector
 * @param networks the country/ASN lookup, {@link NetworkLookup#NONE} without a geo database
 */
public record DetectionContext(
    AdminCommand command,
    CommandCorrelation correlation,
    Baseline baseline,
    Policy policy,
    RecentActivity recent,
    Instant now,
    NetworkLookup networks) {
  /** A context without a geo database. */
  public DetectionContext(
      AdminCommand command,
      CommandCorrelation correlation,
      Baseline baseline,
      Policy policy,
      RecentActivity recent,
      Instant now) {
    this(command, correlation, baseline, policy, recent, now, NetworkLookup.NONE);
  }

  public DetectionContext {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(recent, "recent");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(networks, "networks");
  }
}
