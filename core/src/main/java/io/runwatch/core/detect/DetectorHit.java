package io.runwatch.core.detect;

import java.util.Map;
import java.util.Objects;

/**
 * One detector's verdict on one command: why it fired, in words an analyst can act on, and the
 * facts behind it.
 *
 * @param score the detector's contribution to the finding's score (0 to 100), as its Javadoc
 *     defines it
 * @param reason one sentence, e.g. "first SendCommand by build-bot in account 111122223333"
 * @param facts the values the reason rests on (key to value), for the report and for tests
 */
public record DetectorHit(
    String detectorId, Severity severity, int score, String reason, Map<String, String> facts) {
  public DetectorHit {
    Objects.requireNonNull(detectorId, "detectorId");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(reason, "reason");
    if (score < 0 || score > 100) {
      throw new IllegalArgumentException("score is 0..100, not " + score);
    }
    facts = facts == null ? Map.of() : Map.copyOf(facts);
  }
}
