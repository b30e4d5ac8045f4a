package io.runwatch.core.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** When a maintenance window opens (a cron expression or an RRULE), evaluated in its time zone. */
public interface Schedule {
  /** Whether a window that opens on this schedule and lasts {@code duration} covers {@code t}. */
  boolean covers(Instant t, Duration duration, ZoneId zone);

  /** The schedule as written in the policy, for messages and reports. */
  String text();
}
