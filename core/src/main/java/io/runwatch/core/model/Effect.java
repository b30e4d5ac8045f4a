package io.runwatch.core.model;

/**
 * What an operation does to the guest OS, which decides how long the correlator waits for host
 * evidence and how detectors weigh it.
 */
public enum Effect {
  /** Runs code on the targets now (Run Command, patch job). */
  EXECUTES,
  /** Opens an interactive shell on the target (Session Manager). */
  INTERACTIVE,
  /** Runs code later: on a schedule, at the next boot, or on agent check-in. */
  SCHEDULES,
  /** Stages code for later use without running it (a new or changed Command document). */
  STAGES
}
