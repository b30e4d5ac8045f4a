package io.runwatch.core.detect;

import io.runwatch.core.baseline.Baseline;
import io.runwatch.core.correlate.CommandCorrelation;
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
 */
public record DetectionContext(
    AdminCommand command,
    CommandCorrelation correlation,
    Baseline baseline,
    Policy policy,
    RecentActivity recent,
    Instant now) {
  public DetectionContext {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(recent, "recent");
    Objects.requireNonNull(now, "now");
  }
}
