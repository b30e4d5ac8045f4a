package io.runwatch.core.contain;

import java.util.List;
import java.util.Objects;

/**
 * What applying a plan did, change by change. A failure part-way leaves the earlier changes made
 * (each is safe on its own and idempotent): the outcomes say which, so the responder can retry.
 *
 * @param failure why the first failed change failed, or {@code null} when none did
 */
public record Result(Plan plan, List<Outcome> outcomes, ProviderFailure failure) {
  public Result {
    Objects.requireNonNull(plan, "plan");
    outcomes = List.copyOf(outcomes);
  }

  public boolean succeeded() {
    return failure == null;
  }
}
