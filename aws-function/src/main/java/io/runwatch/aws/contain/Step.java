package io.runwatch.aws.contain;

import io.runwatch.core.contain.Change;
import io.runwatch.core.contain.Plan;
import io.runwatch.core.triage.ContainmentAction;
import java.util.Optional;

/**
 * One kind of containment on AWS: how to plan it, how to plan its undoing, and how to make one
 * planned change. {@link AwsContainmentProvider} picks the step by the action's kind and runs the
 * changes in order.
 */
interface Step {
  Plan plan(ContainmentAction action);

  /** Empty when the step cannot be undone. */
  Optional<Plan> rollback(ContainmentAction action);

  /**
   * Makes {@code change} (not in place) and returns a detail for the outcome (e.g. snapshot ids),
   * or null. SDK exceptions propagate; the provider maps them.
   */
  String apply(ContainmentAction action, Change change);
}
