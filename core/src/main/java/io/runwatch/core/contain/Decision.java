package io.runwatch.core.contain;

/** The answer to one containment request, as written to the audit log. */
public enum Decision {
  /** Dry run: the plan and its id, nothing changed. Also the record written just before acting. */
  PLANNED,
  /** Every change made or already in place. */
  DONE,
  /** Not allowed or not valid: nothing changed. */
  REFUSED,
  /** Allowed, but the provider failed (reading or changing); the outcomes say what was made. */
  FAILED
}
