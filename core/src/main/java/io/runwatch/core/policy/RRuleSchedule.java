package io.runwatch.core.policy;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A maintenance window schedule written as an iCalendar recurrence rule (RFC 5545, section 3.3.10),
 * e.g. {@code RRULE:FREQ=WEEKLY;BYDAY=WE;BYHOUR=2;BYMINUTE=0}, optionally preceded by a {@code
 * DTSTART} line (on its own line or separated by a space):
 *
 * <pre>
 * DTSTART;TZID=Europe/Berlin:20260107T020000
 * RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE
 * </pre>
 *
 * <p>Supported parts: {@code FREQ} ({@code DAILY}, {@code WEEKLY}, {@code MONTHLY}), {@code
 * INTERVAL} (needs {@code DTSTART} when above 1), {@code BYDAY} (plain days, and with {@code
 * MONTHLY} ordinal days such as {@code 1WE}, {@code -1FR}), {@code BYMONTHDAY} (1 to 31, -1 = last
 * day; not with {@code WEEKLY}), {@code BYMONTH}, {@code BYHOUR}, {@code BYMINUTE}, {@code UNTIL}
 * and {@code WKST}. Rejected with a message: {@code FREQ=YEARLY}, {@code HOURLY}, {@code MINUTELY},
 * {@code SECONDLY}, {@code COUNT}, {@code BYSECOND}, {@code BYSETPOS}, {@code BYWEEKNO}, {@code
 * BYYEARDAY}, other lines ({@code EXDATE}, {@code RDATE}), a date-only {@code DTSTART} and seconds
 * other than 00.
 *
 * <p>As RFC 5545 says, parts missing from the rule come from {@code DTSTART}: the time of day when
 * there is no {@code BYHOUR} / {@code BYMINUTE}, the weekday of a {@code WEEKLY} rule without
 * {@code BYDAY}, the day of a {@code MONTHLY} rule with neither {@code BYDAY} nor {@code
 * BYMONTHDAY}. Without {@code DTSTART} the rule must say these itself ({@code BYMINUTE} defaults to
 * 0), and it opens on every matching day. With {@code DTSTART} nothing opens before it; {@code
 * INTERVAL} counts days, weeks (starting on {@code WKST}, Monday by default) or months from it.
 * {@code DTSTART} is not added as an extra opening when the rule does not select it (RFC 5545
 * leaves that case undefined).
 *
 * <p>A {@code DTSTART} with {@code TZID=} or a UTC {@code Z} declares the rule's zone ({@link
 * #declaredZone()}); the policy loader requires it to agree with the window's {@code timeZone}. A
 * floating {@code DTSTART} is read in the window's zone. See {@link Openings} for daylight saving
 * time.
 */
public final class RRuleSchedule implements Schedule {
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss", Locale.ROOT);
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT);
  private static final Pattern BYDAY_ITEM =
      Pattern.compile("([+-]?[0-9]{1,2})?(MO|TU|WE|TH|FR|SA|SU)");
  private static final List<String> SUPPORTED =
      List.of(
          "FREQ",
          "INTERVAL",
          "BYDAY",
          "BYMONTHDAY",
          "BYMONTH",
          "BYHOUR",
          "BYMINUTE",
          "UNTIL",
          "WKST");

  /** How often the rule repeats. */
  public enum Freq {
    DAILY,
    WEEKLY,
    MONTHLY
  }

  /** One {@code BYDAY} item: a weekday, with an ordinal in the month (0 for every). */
  private record WeekdayNum(int ordinal, DayOfWeek day) {}

  private final String text;
  private final Freq freq;
  private final int interval;
  private final LocalDateTime dtstart; // null when absent
  private final ZoneId dtstartZone; // TZID or UTC; null when floating or absent
  private final Instant untilInstant; // UNTIL ...Z
  private final LocalDateTime untilLocal; // UNTIL local date-time
  private final LocalDate untilDate; // UNTIL date
  private final int months; // BYMONTH bits 1-12; 0 for any
  private final int[] monthDays; // BYMONTHDAY, +/-
  private final List<WeekdayNum> byDay;
  private final int[] byHour; // null: from DTSTART
  private final int[] byMinute; // null: from DTSTART, else 0
  private final DayOfWeek weekStart;

  private RRuleSchedule(
      String text,
      Freq freq,
      int interval,
      LocalDateTime dtstart,
      ZoneId dtstartZone,
      Instant untilInstant,
      LocalDateTime untilLocal,
      LocalDate untilDate,
      int months,
      int[] monthDays,
      List<WeekdayNum> byDay,
      int[] byHour,
      int[] byMinute,
      DayOfWeek weekStart) {
    this.text = text;
    this.freq = freq;
    this.interval = interval;
    this.dtstart = dtstart;
    this.dtstartZone = dtstartZone;
    this.untilInstant = untilInstant;
    this.untilLocal = untilLocal;
    this.untilDate = untilDate;
    this.months = months;
    this.monthDays = monthDays;
    this.byDay = List.copyOf(byDay);
    this.byHour = byHour;
    this.byMinute = byMinute;
    this.weekStart = weekStart;
  }

  /**
   * Parses an optional {@code DTSTART} line and an {@code RRULE} line (the {@code RRULE:} prefix
   * may be left out).
   *
   * @throws ScheduleException naming the part that is wrong or unsupported
   */
  public static RRuleSchedule parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ScheduleException("empty RRULE");
    }
    String rule = null;
    String dtstartLine = null;
    for (String line : text.strip().split("\\s+")) {
      String upper = line.toUpperCase(Locale.ROOT);
      if (upper.startsWith("RRULE:") || upper.startsWith("FREQ=")) {
        if (rule != null) {
          throw new ScheduleException("more than one RRULE: write one rule per window");
        }
        rule = upper.startsWith("RRULE:") ? line.substring(6) : line;
      } else if (upper.startsWith("DTSTART")) {
        if (dtstartLine != null) {
          throw new ScheduleException("more than one DTSTART");
        }
        dtstartLine = line;
      } else {
        String name = upper.split("[:;]", 2)[0];
        throw new ScheduleException(
            "unsupported line "
                + name
                + ": a schedule is an optional DTSTART line and one RRULE line");
      }
    }
    if (rule == null) {
      throw new ScheduleException("no RRULE line (e.g. RRULE:FREQ=WEEKLY;BYDAY=WE;BYHOUR=2)");
    }

    LocalDateTime dtstart = null;
    ZoneId dtstartZone = null;
    if (dtstartLine != null) {
      int colon = dtstartLine.indexOf(':');
      if (colon < 0) {
        throw new ScheduleException(
            "DTSTART needs a value, e.g. DTSTART;TZID=Europe/Berlin:20260107T020000");
      }
      String[] params = dtstartLine.substring(0, colon).split(";");
      for (int i = 1; i < params.length; i++) {
        String[] kv = params[i].split("=", 2);
        String key = kv[0].toUpperCase(Locale.ROOT);
        if (key.equals("TZID") && kv.length == 2) {
          try {
            dtstartZone = ZoneId.of(kv[1]);
          } catch (DateTimeException e) {
            throw new ScheduleException(
                "DTSTART TZID=" + kv[1] + " is not a time zone id (e.g. Europe/Berlin)");
          }
        } else if (key.equals("VALUE") && kv.length == 2 && kv[1].equalsIgnoreCase("DATE-TIME")) {
          continue;
        } else if (key.equals("VALUE") && kv.length == 2 && kv[1].equalsIgnoreCase("DATE")) {
          throw new ScheduleException(
              "DTSTART;VALUE=DATE has no time of day: give a date-time, e.g. 20260107T020000");
        } else {
          throw new ScheduleException(
              "unsupported DTSTART parameter " + params[i] + " (supported: TZID)");
        }
      }
      String value = dtstartLine.substring(colon + 1);
      boolean utc = value.endsWith("Z") || value.endsWith("z");
      if (utc) {
        if (dtstartZone != null) {
          throw new ScheduleException("DTSTART has both TZID and a UTC 'Z': use one");
        }
        dtstartZone = ZoneOffset.UTC;
        value = value.substring(0, value.length() - 1);
      }
      dtstart = dateTime(value, "DTSTART");
      if (dtstart.getSecond() != 0) {
        throw new ScheduleException(
            "DTSTART " + value + ": seconds must be 00 (windows open on whole minutes)");
      }
    }

    Map<String, String> parts = new LinkedHashMap<>();
    for (String part : rule.split(";", -1)) {
      if (part.isEmpty()) {
        continue;
      }
      String[] kv = part.split("=", 2);
      String key = kv[0].toUpperCase(Locale.ROOT);
      if (kv.length != 2 || kv[1].isEmpty()) {
        throw new ScheduleException("RRULE part " + part + " has no value (NAME=VALUE)");
      }
      if (!SUPPORTED.contains(key)) {
        String why =
            switch (key) {
              case "COUNT" -> " (counting occurrences is not supported: use UNTIL)";
              case "BYSECOND" -> " (windows open on whole minutes)";
              default -> "";
            };
        throw new ScheduleException(
            "unsupported RRULE part " + key + why + "; supported: " + String.join(", ", SUPPORTED));
      }
      if (parts.put(key, kv[1].toUpperCase(Locale.ROOT)) != null) {
        throw new ScheduleException("RRULE part " + key + " is given twice");
      }
    }

    String f = parts.get("FREQ");
    if (f == null) {
      throw new ScheduleException("RRULE has no FREQ (DAILY, WEEKLY or MONTHLY)");
    }
    Freq freq;
    try {
      freq = Freq.valueOf(f);
    } catch (IllegalArgumentException e) {
      throw new ScheduleException(
          "FREQ=" + f + " is not supported (supported: DAILY, WEEKLY, MONTHLY)");
    }

    int interval = 1;
    if (parts.containsKey("INTERVAL")) {
      interval = number(parts.get("INTERVAL"), "INTERVAL", 1, 1000);
      if (interval > 1 && dtstart == null) {
        throw new ScheduleException(
            "INTERVAL=" + interval + " counts from DTSTART: add a DTSTART line");
      }
    }

    int monthsMask = 0;
    if (parts.containsKey("BYMONTH")) {
      for (String m : list(parts.get("BYMONTH"), "BYMONTH")) {
        monthsMask |= 1 << number(m, "BYMONTH", 1, 12);
      }
    }

    int[] monthDays = new int[0];
    if (parts.containsKey("BYMONTHDAY")) {
      if (freq == Freq.WEEKLY) {
        throw new ScheduleException("BYMONTHDAY cannot be used with FREQ=WEEKLY (RFC 5545)");
      }
      List<String> items = list(parts.get("BYMONTHDAY"), "BYMONTHDAY");
      monthDays = new int[items.size()];
      for (int i = 0; i < items.size(); i++) {
        int v = number(items.get(i), "BYMONTHDAY", -31, 31);
        if (v == 0) {
          throw new ScheduleException("BYMONTHDAY=0: days are 1 to 31, or -1 (last) to -31");
        }
        monthDays[i] = v;
      }
    }

    List<WeekdayNum> byDay = new ArrayList<>();
    if (parts.containsKey("BYDAY")) {
      for (String item : list(parts.get("BYDAY"), "BYDAY")) {
        Matcher m = BYDAY_ITEM.matcher(item);
        if (!m.matches()) {
          throw new ScheduleException(
              "BYDAY " + item + " is not a day (MO, TU, WE, TH, FR, SA, SU, or e.g. 1WE, -1FR)");
        }
        int ordinal = m.group(1) == null ? 0 : Integer.parseInt(m.group(1).replace("+", ""));
        if (m.group(1) != null) {
          if (freq != Freq.MONTHLY) {
            throw new ScheduleException(
                "BYDAY " + item + ": an ordinal day only makes sense with FREQ=MONTHLY");
          }
          if (ordinal == 0 || Math.abs(ordinal) > 5) {
            throw new ScheduleException(
                "BYDAY " + item + ": the ordinal must be 1 to 5 or -1 to -5");
          }
        }
        byDay.add(new WeekdayNum(ordinal, day(m.group(2))));
      }
    }

    int[] byHour = null;
    if (parts.containsKey("BYHOUR")) {
      byHour = sortedSet(list(parts.get("BYHOUR"), "BYHOUR"), "BYHOUR", 0, 23);
    }
    int[] byMinute = null;
    if (parts.containsKey("BYMINUTE")) {
      byMinute = sortedSet(list(parts.get("BYMINUTE"), "BYMINUTE"), "BYMINUTE", 0, 59);
    }

    Instant untilInstant = null;
    LocalDateTime untilLocal = null;
    LocalDate untilDate = null;
    if (parts.containsKey("UNTIL")) {
      String u = parts.get("UNTIL");
      if (u.endsWith("Z")) {
        untilInstant = dateTime(u.substring(0, u.length() - 1), "UNTIL").toInstant(ZoneOffset.UTC);
      } else if (u.contains("T")) {
        untilLocal = dateTime(u, "UNTIL");
      } else {
        try {
          untilDate = LocalDate.parse(u, DATE);
        } catch (DateTimeParseException e) {
          throw new ScheduleException(
              "UNTIL=" + u + " is not a date (20261231) or date-time (20261231T235900Z)");
        }
      }
    }

    DayOfWeek weekStart = DayOfWeek.MONDAY;
    if (parts.containsKey("WKST")) {
      String w = parts.get("WKST");
      if (!BYDAY_ITEM.matcher(w).matches() || w.length() != 2) {
        throw new ScheduleException("WKST=" + w + " is not a day (MO ... SU)");
      }
      weekStart = day(w);
    }

    if (dtstart == null) {
      if (byHour == null) {
        throw new ScheduleException(
            "no time of day: give BYHOUR (and BYMINUTE), or a DTSTART line to take it from");
      }
      if (freq == Freq.WEEKLY && byDay.isEmpty()) {
        throw new ScheduleException(
            "FREQ=WEEKLY needs BYDAY (e.g. BYDAY=WE), or a DTSTART line to take the day from");
      }
      if (freq == Freq.MONTHLY && byDay.isEmpty() && monthDays.length == 0) {
        throw new ScheduleException(
            "FREQ=MONTHLY needs BYMONTHDAY or BYDAY (e.g. BYDAY=1WE), or a DTSTART line to take"
                + " the day from");
      }
    }
    return new RRuleSchedule(
        text,
        freq,
        interval,
        dtstart,
        dtstartZone,
        untilInstant,
        untilLocal,
        untilDate,
        monthsMask,
        monthDays,
        byDay,
        byHour,
        byMinute,
        weekStart);
  }

  /** The zone {@code DTSTART} names ({@code TZID=}, or UTC for {@code Z}), if any. */
  public Optional<ZoneId> declaredZone() {
    return Optional.ofNullable(dtstartZone);
  }

  public Freq freq() {
    return freq;
  }

  @Override
  public boolean covers(Instant t, Duration duration, ZoneId zone) {
    Instant start = null;
    LocalDateTime startLocal = null;
    if (dtstart != null) {
      ZoneId written = dtstartZone != null ? dtstartZone : zone;
      start = ZonedDateTime.of(dtstart, written).toInstant();
      // The rule's time of day and first date are DTSTART as written (even when it falls in a
      // gap and opens later); only a DTSTART in another zone is converted.
      startLocal =
          written.normalized().equals(zone.normalized())
              ? dtstart
              : LocalDateTime.ofInstant(start, zone);
    }
    int[] hours = byHour != null ? byHour : new int[] {startLocal.getHour()};
    int[] minutes =
        byMinute != null ? byMinute : new int[] {startLocal != null ? startLocal.getMinute() : 0};
    Instant from = start;
    LocalDate startDate = startLocal == null ? null : startLocal.toLocalDate();
    return Openings.covers(
        t,
        duration,
        zone,
        new Openings.Rule() {
          @Override
          public boolean opensOn(LocalDate d, ZoneId z) {
            return RRuleSchedule.this.opensOn(d, startDate);
          }

          @Override
          public boolean accepts(LocalDateTime local, Instant opening) {
            if (from != null && opening.isBefore(from)) {
              return false;
            }
            if (untilInstant != null && opening.isAfter(untilInstant)) {
              return false;
            }
            if (untilLocal != null && local.isAfter(untilLocal)) {
              return false;
            }
            return untilDate == null || !local.toLocalDate().isAfter(untilDate);
          }
        },
        hours,
        minutes);
  }

  private boolean opensOn(LocalDate d, LocalDate start) {
    if (months != 0 && (months & (1 << d.getMonthValue())) == 0) {
      return false;
    }
    if (start != null && d.isBefore(start)) {
      return false;
    }
    return switch (freq) {
      case DAILY ->
          (interval == 1 || Math.floorMod(ChronoUnit.DAYS.between(start, d), interval) == 0)
              && (monthDays.length == 0 || monthDayMatches(d))
              && (byDay.isEmpty() || byDay.stream().anyMatch(w -> w.day() == d.getDayOfWeek()));
      case WEEKLY -> {
        if (interval > 1) {
          LocalDate w0 = start.with(TemporalAdjusters.previousOrSame(weekStart));
          LocalDate w = d.with(TemporalAdjusters.previousOrSame(weekStart));
          if (Math.floorMod(ChronoUnit.WEEKS.between(w0, w), interval) != 0) {
            yield false;
          }
        }
        yield byDay.isEmpty()
            ? d.getDayOfWeek() == start.getDayOfWeek()
            : byDay.stream().anyMatch(w -> w.day() == d.getDayOfWeek());
      }
      case MONTHLY -> {
        if (interval > 1
            && Math.floorMod(
                    ChronoUnit.MONTHS.between(start.withDayOfMonth(1), d.withDayOfMonth(1)),
                    interval)
                != 0) {
          yield false;
        }
        if (monthDays.length == 0 && byDay.isEmpty()) {
          yield d.getDayOfMonth() == start.getDayOfMonth();
        }
        yield (monthDays.length == 0 || monthDayMatches(d))
            && (byDay.isEmpty() || byDay.stream().anyMatch(w -> monthlyDayMatches(w, d)));
      }
    };
  }

  private boolean monthDayMatches(LocalDate d) {
    int day = d.getDayOfMonth();
    int length = d.lengthOfMonth();
    for (int v : monthDays) {
      if (v > 0 ? day == v : day == length + v + 1) {
        return true;
      }
    }
    return false;
  }

  private static boolean monthlyDayMatches(WeekdayNum w, LocalDate d) {
    if (w.day() != d.getDayOfWeek()) {
      return false;
    }
    if (w.ordinal() > 0) {
      return (d.getDayOfMonth() - 1) / 7 + 1 == w.ordinal();
    }
    if (w.ordinal() < 0) {
      return (d.lengthOfMonth() - d.getDayOfMonth()) / 7 + 1 == -w.ordinal();
    }
    return true;
  }

  @Override
  public String text() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RRuleSchedule r && r.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }

  private static LocalDateTime dateTime(String value, String what) {
    try {
      return LocalDateTime.parse(value.toUpperCase(Locale.ROOT), DATE_TIME);
    } catch (DateTimeParseException e) {
      throw new ScheduleException(
          what + " " + value + " is not a date-time in the form 20260107T020000");
    }
  }

  private static List<String> list(String value, String part) {
    List<String> items = List.of(value.split(",", -1));
    if (items.contains("")) {
      throw new ScheduleException(part + "=" + value + " has an empty item (stray comma?)");
    }
    return items;
  }

  private static int number(String s, String part, int min, int max) {
    if (!s.matches("[+-]?[0-9]{1,4}")) {
      throw new ScheduleException(part + " " + s + " is not a number");
    }
    int v = Integer.parseInt(s.replace("+", ""));
    if (v < min || v > max) {
      throw new ScheduleException(part + " " + v + " is out of range " + min + " to " + max);
    }
    return v;
  }

  private static int[] sortedSet(List<String> items, String part, int min, int max) {
    long mask = 0;
    for (String s : items) {
      mask |= 1L << number(s, part, min, max);
    }
    return Openings.bits(mask, min, max);
  }

  private static DayOfWeek day(String twoLetters) {
    return switch (twoLetters) {
      case "MO" -> DayOfWeek.MONDAY;
      case "TU" -> DayOfWeek.TUESDAY;
      case "WE" -> DayOfWeek.WEDNESDAY;
      case "TH" -> DayOfWeek.THURSDAY;
      case "FR" -> DayOfWeek.FRIDAY;
      case "SA" -> DayOfWeek.SATURDAY;
      case "SU" -> DayOfWeek.SUNDAY;
      default -> throw new ScheduleException(twoLetters + " is not a day");
    };
  }
}
