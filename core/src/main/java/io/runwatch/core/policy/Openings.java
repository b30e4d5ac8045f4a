package io.runwatch.core.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * The search shared by {@link CronSchedule} and {@link RRuleSchedule}: is there an opening {@code
 * o} with {@code o <= t < o + duration}?
 *
 * <p>Both schedules open at local times of day ({@code hours} x {@code minutes}) on the local dates
 * their rule selects. The search walks back from {@code t} over the local dates that an opening in
 * {@code (t - duration, t]} can fall on (plus one day each side for offset changes), newest first,
 * so it costs a few date checks and at most {@code hours x minutes} conversions a day, whatever
 * {@code t} is: nothing is iterated from the epoch.
 *
 * <p>A local opening time becomes an instant as {@link ZonedDateTime#of} resolves it, which is also
 * RFC 5545's rule (section 3.3.5): a time in a spring-forward gap is moved forward by the length of
 * the gap (02:30 on the day clocks jump from 02:00 to 03:00 opens at 03:30), and a time that occurs
 * twice when clocks fall back opens once, at the first (earlier) occurrence. The window then lasts
 * {@code duration} of elapsed time.
 */
final class Openings {
  /** The longest duration a search accepts; policy windows are shorter than 7 days. */
  static final Duration MAX_DURATION = Duration.ofDays(366);

  private Openings() {}

  /** The rule over local dates and the limits of one schedule. */
  interface Rule {
    /** Whether the schedule opens on local date {@code d} (evaluated in {@code zone}). */
    boolean opensOn(LocalDate d, ZoneId zone);

    /** Whether an opening on this local time and instant is within the schedule's bounds. */
    default boolean accepts(LocalDateTime local, Instant opening) {
      return true;
    }
  }

  /**
   * @param hours sorted ascending, 0-23
   * @param minutes sorted ascending, 0-59
   */
  static boolean covers(
      Instant t, Duration duration, ZoneId zone, Rule rule, int[] hours, int[] minutes) {
    Objects.requireNonNull(t, "t");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(zone, "zone");
    if (duration.isNegative() || duration.isZero()) {
      return false;
    }
    if (duration.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          "a window of " + duration + " is longer than " + MAX_DURATION + "; nothing is that long");
    }
    // The opening o must satisfy earliest < o <= t, where o + duration > t.
    Instant earliest = t.minus(duration);
    LocalDate first = LocalDate.ofInstant(earliest, zone).minusDays(1);
    for (LocalDate d = LocalDate.ofInstant(t, zone).plusDays(1);
        !d.isBefore(first);
        d = d.minusDays(1)) {
      if (!rule.opensOn(d, zone)) {
        continue;
      }
      for (int hi = hours.length - 1; hi >= 0; hi--) {
        for (int mi = minutes.length - 1; mi >= 0; mi--) {
          LocalDateTime local = d.atTime(hours[hi], minutes[mi]);
          Instant o = ZonedDateTime.of(local, zone).toInstant();
          if (!o.isAfter(t) && o.isAfter(earliest) && rule.accepts(local, o)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The set bits of {@code mask} between {@code from} and {@code to}, ascending. */
  static int[] bits(long mask, int from, int to) {
    int n = 0;
    for (int i = from; i <= to; i++) {
      if ((mask & (1L << i)) != 0) {
        n++;
      }
    }
    int[] out = new int[n];
    int k = 0;
    for (int i = from; i <= to; i++) {
      if ((mask & (1L << i)) != 0) {
        out[k++] = i;
      }
    }
    return out;
  }
}
