package io.runwatch.core.service;

import io.runwatch.core.detect.Severity;
import java.time.Duration;
import java.util.Objects;

/**
 * How the cloud functions judge one event at a time.
 *
 * @param recheckDeadline how long after a command its host evidence may still arrive; at the
 *     deadline a missing execution settles as not observed or blind spot
 * @param clockSkew tolerated difference between the control plane's and the hosts' clocks
 * @param minSeverity the lowest severity that is notified (every finding is stored)
 * @param contextWindow how far back the journal is read for context (denied attempts, spikes, new
 *     keys); the longest detector window
 * @param contextLimit at most this many journaled events are read per judgement
 * @param notifyAttempts publishes tried before the invocation fails for the platform to retry
 * @param notifyBackoff the first pause between publishes (doubled each time)
 * @param baselineAttempts conditional baseline writes tried before giving up
 */
public record FunctionSettings(
    Duration recheckDeadline,
    Duration clockSkew,
    Severity minSeverity,
    Duration contextWindow,
    int contextLimit,
    int notifyAttempts,
    Duration notifyBackoff,
    int baselineAttempts) {

  public static final FunctionSettings DEFAULTS =
      new FunctionSettings(
          Duration.ofHours(2),
          Duration.ofMinutes(5),
          Severity.LOW,
          Duration.ofHours(24),
          2_000,
          4,
          Duration.ofMillis(200),
          10);

  public FunctionSettings {
    Objects.requireNonNull(recheckDeadline, "recheckDeadline");
    Objects.requireNonNull(clockSkew, "clockSkew");
    Objects.requireNonNull(minSeverity, "minSeverity");
    Objects.requireNonNull(contextWindow, "contextWindow");
    Objects.requireNonNull(notifyBackoff, "notifyBackoff");
    if (recheckDeadline.isNegative() || recheckDeadline.isZero()) {
      throw new IllegalArgumentException("recheckDeadline must be positive: " + recheckDeadline);
    }
    if (contextLimit < 1 || notifyAttempts < 1 || baselineAttempts < 1) {
      throw new IllegalArgumentException("limits and attempts must be >= 1");
    }
  }

  public FunctionSettings withRecheckDeadline(Duration d) {
    return new FunctionSettings(
        d,
        clockSkew,
        minSeverity,
        contextWindow,
        contextLimit,
        notifyAttempts,
        notifyBackoff,
        baselineAttempts);
  }

  public FunctionSettings withMinSeverity(Severity s) {
    return new FunctionSettings(
        recheckDeadline,
        clockSkew,
        s,
        contextWindow,
        contextLimit,
        notifyAttempts,
        notifyBackoff,
        baselineAttempts);
  }

  public FunctionSettings withNotifyBackoff(Duration d) {
    return new FunctionSettings(
        recheckDeadline,
        clockSkew,
        minSeverity,
        contextWindow,
        contextLimit,
        notifyAttempts,
        d,
        baselineAttempts);
  }
}
