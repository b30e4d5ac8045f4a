package io.runwatch.core.correlate;

/** Whether a command materialized in the guest OS of one target, as far as telemetry can tell. */
public enum CorrelationStatus {
  /** Agent-spawned executions matching the command were seen on the host. */
  CONFIRMED,
  /** Only the cloud agent's own status report says it ran (weaker evidence). */
  AGENT_REPORTED,
  /** The host sent telemetry covering the window, but nothing matched: failed, blocked, evaded. */
  NOT_OBSERVED,
  /** No telemetry at all from the host around the window: the command's effect is unknown. */
  BLIND_SPOT
}
