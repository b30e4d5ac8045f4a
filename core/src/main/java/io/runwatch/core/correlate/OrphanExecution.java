package io.runwatch.core.correlate;

import java.util.List;

/**
 * Agent-spawned executions with no control-plane record in their window: a logging gap, log
 * tampering, or local abuse of the agent. Executions sharing a command id on one host are one
 * orphan.
 */
public record OrphanExecution(
    String vm, String host, String mechanismId, String commandId, List<Evidence> evidence) {
  public OrphanExecution {
    evidence = List.copyOf(evidence);
  }
}
