package io.runwatch.core.model;

/** What the control plane said happened to the request (not whether it ran in the guest). */
public enum Outcome {
  SUCCEEDED,
  /** Refused by authorization: kept, because denied attempts before a success are a signal. */
  DENIED,
  FAILED,
  IN_PROGRESS
}
