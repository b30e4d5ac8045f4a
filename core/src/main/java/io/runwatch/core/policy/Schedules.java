package io.runwatch.core.policy;

import java.util.Locale;

/** Reads a maintenance window's {@code schedule}: a cron expression or an RRULE. */
public final class Schedules {
  private Schedules() {}

  /**
   * An {@link RRuleSchedule} when the text starts with {@code RRULE:}, {@code DTSTART} or {@code
   * FREQ=}; otherwise a {@link CronSchedule} (classic 5-field, a macro, or AWS {@code cron(...)}).
   *
   * @throws ScheduleException when the text is neither, or uses an unsupported feature
   */
  public static Schedule parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ScheduleException("empty schedule: write a cron expression or an RRULE");
    }
    String upper = text.strip().toUpperCase(Locale.ROOT);
    if (upper.startsWith("RRULE:") || upper.startsWith("DTSTART") || upper.startsWith("FREQ=")) {
      return RRuleSchedule.parse(text);
    }
    return CronSchedule.parse(text);
  }
}
