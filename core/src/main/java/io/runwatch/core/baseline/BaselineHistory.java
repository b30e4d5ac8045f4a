package io.runwatch.core.baseline;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a baseline remembers an item it no longer sees: the policy's {@code baselineHistory} (30
 * days by default), counted in whole UTC days.
 *
 * <p>The rule: as of an instant {@code t}, an item last seen on UTC day {@code L} is kept iff
 * {@code day(t) - L <= days}, where {@code day(t) = floor(epochSecond(t) / 86400)} and {@code days
 * = max(1, floor(window / 1 day))}. So with 30 days, an address last used on 1 November is still
 * known on 1 December and forgotten on 2 December. A principal whose last command falls out of the
 * window is forgotten whole (its next command is a first-seen one); counts ({@code commands}) and
 * the decaying daily rate are not items and are kept. Aging is applied by the learner as of the
 * newest learned command, and by detection as of each judged command's day.
 */
public record BaselineHistory(Duration window) {
  public static final BaselineHistory DEFAULT = new BaselineHistory(Duration.ofDays(30));

  public BaselineHistory {
    if (window == null || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("a baseline history is a positive duration: " + window);
    }
  }

  /** The window in whole days, at least 1. */
  public long days() {
    return Math.max(1, window.toDays());
  }

  /** The oldest last-seen day still kept as of {@code asOf}. */
  public long cutoffDay(Instant asOf) {
    return day(asOf) - days();
  }

  /** The UTC day of {@code t}, in days since 1970-01-01. */
  public static long day(Instant t) {
    return Math.floorDiv(t.getEpochSecond(), 86_400);
  }
}
