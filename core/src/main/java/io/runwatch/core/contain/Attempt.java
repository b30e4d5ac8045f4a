package io.runwatch.core.contain;

import io.runwatch.core.triage.ContainmentAction;

/**
 * How far one request got, gathered as {@link ContainmentService} goes, so the audit record and the
 * answer are built from the same facts on every path.
 */
record Attempt(
    ContainmentAction action,
    String confirm,
    Plan plan,
    String planId,
    Result result,
    ProviderFailure failure) {

  static Attempt start(String confirm) {
    return new Attempt(null, confirm, null, null, null, null);
  }

  Attempt with(ContainmentAction a) {
    return new Attempt(a, confirm, plan, planId, result, failure);
  }

  Attempt with(Plan p) {
    return new Attempt(action, confirm, p, p == null ? null : PlanIds.of(p), result, failure);
  }

  Attempt with(Result r) {
    return new Attempt(action, confirm, plan, planId, r, r.failure());
  }

  Attempt with(ProviderFailure f) {
    return new Attempt(action, confirm, plan, planId, result, f);
  }
}
