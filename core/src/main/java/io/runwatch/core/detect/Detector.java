package io.runwatch.core.detect;

import java.util.Optional;

/**
 * One detection rule over one admin command. Detectors are small, stateless and deterministic:
 * everything they need (the command, its correlation, the baseline before it, the policy, recent
 * activity, the clock) comes in the {@link DetectionContext}. Thresholds and allowlists come from
 * the policy, never from code.
 *
 * <p>Every detector has positive and negative fixtures with the baseline state they assume; a
 * meta-test fails when one lacks either.
 */
public interface Detector {
  /** Stable id, e.g. {@code RW-FIRST-SEEN-INITIATOR}: used in findings, policy overrides, tests. */
  String id();

  String title();

  /** ATT&CK tactic and technique, e.g. {@code TA0002:T1651}. */
  String attack();

  Severity defaultSeverity();

  /** When this fires on benign activity, and how to tell. */
  String falsePositives();

  /** What a Tier-1 analyst should check first when it fires. */
  String triageNote();

  Optional<DetectorHit> evaluate(DetectionContext context);
}
