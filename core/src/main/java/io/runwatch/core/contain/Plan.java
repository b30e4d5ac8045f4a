package io.runwatch.core.contain;

import io.runwatch.core.triage.ContainmentAction;
import java.util.List;
import java.util.Objects;

/**
 * What a provider would change for an action, read from the current state and nothing else. The
 * plan is both the dry-run answer and the input of {@link ContainmentProvider#apply}: a provider
 * applies exactly the listed changes, so a confirmed plan cannot grow between dry-run and execute.
 *
 * @param notes facts the responder must know that are not changes (e.g. "no key named: all 2 active
 *     keys are deactivated", "tracked connections may persist")
 */
public record Plan(
    ContainmentAction action, Direction direction, List<Change> changes, List<String> notes) {

  public Plan {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(direction, "direction");
    changes = List.copyOf(changes);
    notes = List.copyOf(notes);
  }

  /** The changes still to make (not already in place). */
  public List<Change> pending() {
    return changes.stream().filter(c -> !c.inPlace()).toList();
  }

  /** Nothing to do: every change is in place, or there are none. */
  public boolean satisfied() {
    return pending().isEmpty();
  }
}
