package io.runwatch.core.correlate;

import java.util.Objects;

/**
 * A process start recognized as the work of a cloud admin-command agent.
 *
 * @param mechanism the first mechanism in catalog order whose signature matched
 * @param commandId the join key the signature extracted (SSM command or association id, session
 *     id), or {@code null} when the execution carries none
 */
public record MechanismMatch(Mechanism mechanism, String commandId) {

  public MechanismMatch {
    Objects.requireNonNull(mechanism, "mechanism");
  }
}
