package io.runwatch.core.correlate;

import io.runwatch.core.model.HostExecution;
import java.util.List;

/**
 * An agent-spawned execution and what it started: the only place the content and effect of a
 * command show when the control plane hides its parameters.
 *
 * @param vm the control-plane VM id the host maps to, or {@code null} when unmapped
 * @param mechanismId the catalog mechanism that recognized it
 * @param commandId the join key found on the host (the SSM command id in the path), or null
 * @param children the processes it started, transitively, oldest first
 */
public record Evidence(
    String vm,
    HostExecution execution,
    String mechanismId,
    String commandId,
    List<HostExecution> children) {
  public Evidence {
    children = List.copyOf(children);
  }
}
