package io.runwatch.core.triage;

import java.util.List;

/** Whether a finding goes to Tier 2, and why (or why not). */
public record Escalation(boolean escalate, List<String> reasons) {
  public Escalation {
    reasons = List.copyOf(reasons);
  }
}
