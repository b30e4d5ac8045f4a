package io.runwatch.core.detect.scope;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.policy.ApprovedAutomation;
import io.runwatch.core.policy.Policy;
import java.util.Optional;

/** Approved automation, as the detectors of this package read it. */
final class Approvals {
  private Approvals() {}

  /**
   * The first approved automation whose principal ran {@code c} and whose declared operations,
   * documents and targets allow it (its windows are not checked here: see RW-OUTSIDE-WINDOW).
   */
  static Optional<ApprovedAutomation> inScope(Policy policy, AdminCommand c) {
    return policy.automationOf(c).stream().filter(a -> a.allows(c)).findFirst();
  }
}
