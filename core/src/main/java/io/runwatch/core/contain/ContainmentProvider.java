package io.runwatch.core.contain;

import io.runwatch.core.triage.ContainmentAction;
import java.util.Optional;

/**
 * Port: one cloud's containment. Planning only reads; applying makes exactly the planned changes.
 * {@link ContainmentService} guards both with authorization, protected principals, the
 * dry-run/confirm handshake and the audit record, so a provider only talks to its cloud.
 */
public interface ContainmentProvider {
  /**
   * Reads the current state and lists the exact changes {@code action} would make, marking those
   * already in place. Makes no change.
   *
   * @throws ContainmentException when the state cannot be read or the action does not fit
   */
  Plan plan(ContainmentAction action);

  /**
   * Makes the plan's pending changes in order, skipping those already in place (reported as {@link
   * Outcome.Status#ALREADY_IN_PLACE}), stopping at the first failure. Never throws for provider
   * errors: they become the result's failure. Used for both directions.
   */
  Result apply(Plan plan);

  /**
   * The changes that undo {@code action} from the state the provider recorded when it applied it
   * (e.g. the original security groups kept in instance tags), or empty when the action has no
   * rollback (a snapshot, a cancelled command).
   *
   * @throws ContainmentException when the state cannot be read
   */
  Optional<Plan> planRollback(ContainmentAction action);
}
