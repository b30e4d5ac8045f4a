package io.runwatch.core.detect.initiator;

import io.runwatch.core.detect.Severity;
import io.runwatch.core.policy.Policy;
import java.util.Map;

/** Policy variations for unit tests. */
final class Policies {
  private Policies() {}

  /** {@code p} with the severity of {@code detector} overridden. */
  static Policy overriding(Policy p, String detector, Severity severity) {
    return new Policy(
        p.admins(),
        p.automation(),
        p.windows(),
        p.protectedPrincipals(),
        p.thresholds(),
        Map.of(detector, severity),
        p.baselineHistory());
  }
}
