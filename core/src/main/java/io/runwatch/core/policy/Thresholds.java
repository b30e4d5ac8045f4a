package io.runwatch.core.policy;

import java.time.Duration;

/**
 * The numbers detectors use.
 *
 * @param fanOut VMs one command may reach before it counts as fan-out
 * @param spikeFactor how many times its usual daily rate a principal's day must exceed
 * @param spikeMinimum the fewest commands in a day that can be a spike
 * @param failedAttempts denied or failed attempts that, followed by a success, escalate
 * @param failedThenSuccessWindow how far back those attempts may lie
 * @param stagingWindow how long after staging a document (or a startup script) its use counts
 * @param identityChangeWindow how long before a command an identity change makes it suspect
 */
public record Thresholds(
    int fanOut,
    double spikeFactor,
    int spikeMinimum,
    int failedAttempts,
    Duration failedThenSuccessWindow,
    Duration stagingWindow,
    Duration identityChangeWindow) {

  public static final Thresholds DEFAULTS =
      new Thresholds(
          10, 3.0, 5, 1, Duration.ofHours(1), Duration.ofHours(24), Duration.ofHours(24));
}
