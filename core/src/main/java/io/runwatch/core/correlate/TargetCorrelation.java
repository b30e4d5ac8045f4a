package io.runwatch.core.correlate;

import java.util.List;

/**
 * The outcome for one target VM of one command.
 *
 * @param vm the control-plane VM id
 * @param name the VM's short name when known
 * @param settled whether the outcome is final; unsettled BLIND_SPOT or NOT_OBSERVED outcomes may
 *     still become CONFIRMED when late telemetry arrives, so streaming callers re-check them
 * @param agentStatus the cloud agent's own status for this target, when reported
 */
public record TargetCorrelation(
    String vm,
    String name,
    CorrelationStatus status,
    List<Evidence> evidence,
    String agentStatus,
    boolean settled) {
  public TargetCorrelation {
    evidence = List.copyOf(evidence);
  }
}
