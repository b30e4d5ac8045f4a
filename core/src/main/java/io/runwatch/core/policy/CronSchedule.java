package io.runwatch.core.policy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A maintenance window schedule written as a cron expression, in one of two forms.
 *
 * <p><b>Classic (Vixie) cron, 5 fields</b>: {@code minute hour day-of-month month day-of-week},
 * e.g. {@code 0 2 * * 3}. Each field is {@code *}, a value, a range {@code a-b}, a step {@code
 * *}{@code /n}, {@code a-b/n} or {@code a/n} (from {@code a} to the end), or a comma list of those.
 * Months may be {@code JAN}-{@code DEC}, days of week {@code SUN}-{@code SAT}, {@code 0}-{@code 7}
 * (both 0 and 7 are Sunday), in any case. As in Vixie cron and cronie, when both day fields are
 * restricted (neither starts with {@code *}) a day matches if <em>either</em> matches; otherwise
 * both must. The macros {@code @yearly} ({@code @annually}), {@code @monthly}, {@code @weekly},
 * {@code @daily} ({@code @midnight}) and {@code @hourly} are accepted; {@code @reboot} is not a
 * time.
 *
 * <p><b>AWS cron, 6 fields</b>: {@code cron(minutes hours day-of-month month day-of-week year)} as
 * Systems Manager maintenance windows and EventBridge write it, e.g. {@code cron(0 2 ? * WED *)}.
 * Day-of-week is {@code 1}-{@code 7} with {@code 1} = Sunday, or {@code SUN}-{@code SAT}; year is
 * {@code 1970}-{@code 2199}. Exactly one of the day fields must be {@code ?}. Besides the classic
 * syntax: day-of-month {@code L} (last day), {@code LW} (last weekday), {@code 15W} (the weekday
 * nearest the 15th, within the month); day-of-week {@code L} (Saturday), {@code 6L} or {@code FRIL}
 * (last Friday of the month), {@code 2#1} or {@code MON#1} (first Monday, 1-5). Those specials
 * stand alone in their field. The Quartz 7-field form with a leading seconds field ({@code cron(0
 * 0/30 * 1/1 * ? *)}, as some Systems Manager examples write it) is accepted when the seconds are
 * {@code 0}.
 *
 * <p>Not supported, and rejected with a message: {@code rate(...)} (it has no fixed opening), 6
 * bare fields (write {@code cron(...)}), {@code ?}, {@code L}, {@code W} and {@code #} in the
 * classic form, wrap-around ranges such as {@code FRI-MON} (write {@code FRI-SAT,SUN-MON}), and
 * seconds other than {@code 0}. Openings are whole minutes in the window's time zone; see {@link
 * Openings} for daylight saving time.
 */
public final class CronSchedule implements Schedule {
  private static final Map<String, Integer> MONTHS =
      numbered(
          1, "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final Map<String, Integer> DAYS_FROM_SUNDAY =
      numbered(0, "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");
  private static final Pattern LAST_DOW = Pattern.compile("([0-9]+|[A-Z]{3})L");
  private static final Pattern NTH_DOW = Pattern.compile("([0-9]+|[A-Z]{3})#([0-9]+)");
  private static final Pattern NEAREST_WEEKDAY = Pattern.compile("([0-9]+)W");

  private final String text;
  private final int[] minutes;
  private final int[] hours;
  private final long daysOfMonth; // bits 1-31
  private final int months; // bits 1-12
  private final int daysOfWeek; // bits 1-7, ISO (1 = Monday)
  private final boolean domStar;
  private final boolean dowStar;
  private final boolean aws;
  private final boolean domUnused; // AWS '?' in day-of-month: the day-of-week field decides
  private final DomSpecial domSpecial;
  private final int nearestTo; // for NEAREST_WEEKDAY
  private final DowSpecial dowSpecial;
  private final DayOfWeek specialDay; // for LAST_OF_MONTH, NTH
  private final int nth; // for NTH, 1-5
  private final long[] years; // bit (year - 1970) set; null for any year

  private enum DomSpecial {
    NONE,
    LAST,
    LAST_WEEKDAY,
    NEAREST_WEEKDAY
  }

  private enum DowSpecial {
    NONE,
    LAST_OF_MONTH,
    NTH
  }

  private CronSchedule(String text, Builder b) {
    this.text = text;
    this.minutes = Openings.bits(b.minutes, 0, 59);
    this.hours = Openings.bits(b.hours, 0, 23);
    this.daysOfMonth = b.daysOfMonth;
    this.months = (int) b.months;
    this.daysOfWeek = b.daysOfWeek;
    this.domStar = b.domStar;
    this.dowStar = b.dowStar;
    this.aws = b.aws;
    this.domUnused = b.domUnused;
    this.domSpecial = b.domSpecial;
    this.nearestTo = b.nearestTo;
    this.dowSpecial = b.dowSpecial;
    this.specialDay = b.specialDay;
    this.nth = b.nth;
    this.years = b.years;
  }

  /**
   * Parses a classic 5-field expression, a macro such as {@code @daily}, or an AWS {@code
   * cron(...)} expression.
   *
   * @throws ScheduleException naming the field that is wrong
   */
  public static CronSchedule parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ScheduleException("empty cron expression");
    }
    String s = text.strip();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.startsWith("rate(")) {
      throw new ScheduleException(
          "rate() expressions have no fixed opening time: write cron(...) or an RRULE");
    }
    if (lower.startsWith("at(")) {
      throw new ScheduleException("at() runs once, it is not a window schedule: write cron(...)");
    }
    if (lower.startsWith("cron(")) {
      if (!s.endsWith(")")) {
        throw new ScheduleException("cron( is not closed with )");
      }
      return parseAws(text, s.substring(5, s.length() - 1).strip());
    }
    if (s.startsWith("@")) {
      String expanded = MACROS.get(lower);
      if (expanded == null) {
        throw new ScheduleException(
            "unknown macro "
                + s
                + " (supported: @yearly, @annually, @monthly, @weekly, @daily, @midnight,"
                + " @hourly)");
      }
      return parseClassic(text, expanded);
    }
    return parseClassic(text, s);
  }

  private static CronSchedule parseClassic(String text, String s) {
    String[] f = s.split("\\s+");
    if (f.length == 6 || f.length == 7) {
      throw new ScheduleException(
          f.length
              + " fields: classic cron has 5 (minute hour day-of-month month day-of-week); write"
              + " the AWS 6-field form as cron(minutes hours day-of-month month day-of-week year);"
              + " seconds-first (Quartz) cron is not supported");
    }
    if (f.length != 5) {
      throw new ScheduleException(
          f.length
              + " field"
              + (f.length == 1 ? "" : "s")
              + ": classic cron has 5 (minute hour day-of-month month day-of-week)");
    }
    for (int i = 0; i < 5; i++) {
      for (char c : new char[] {'?', 'L', 'W', '#'}) {
        if (f[i].toUpperCase(Locale.ROOT).indexOf(c) >= 0 && !isName(f[i], i)) {
          throw new ScheduleException(
              FIELD_NAMES[i]
                  + " \""
                  + f[i]
                  + "\": '"
                  + c
                  + "' is only supported in the AWS form cron(...)");
        }
      }
    }
    Builder b = new Builder();
    b.minutes = field(f[0], MINUTE);
    b.hours = field(f[1], HOUR);
    b.daysOfMonth = field(f[2], DAY_OF_MONTH);
    b.months = field(f[3], MONTH);
    long dow = field(f[4], DAY_OF_WEEK_CLASSIC);
    int iso = 0;
    for (int v = 0; v <= 7; v++) {
      if ((dow & (1L << v)) != 0) {
        iso |= 1 << (v == 0 ? 7 : v);
      }
    }
    b.daysOfWeek = iso;
    b.domStar = f[2].startsWith("*");
    b.dowStar = f[4].startsWith("*");
    return new CronSchedule(text, b);
  }

  /** Whether a classic field containing L/W is just a name (e.g. JUL, WED, SAT-SUN). */
  private static boolean isName(String field, int index) {
    if (index != 3 && index != 4) {
      return false;
    }
    Map<String, Integer> names = index == 3 ? MONTHS : DAYS_FROM_SUNDAY;
    for (String part : field.toUpperCase(Locale.ROOT).split("[,\\-/]")) {
      if (!part.isEmpty() && !names.containsKey(part) && !part.matches("[0-9*]+")) {
        return false;
      }
    }
    return true;
  }

  private static CronSchedule parseAws(String text, String inner) {
    String[] f = inner.isEmpty() ? new String[0] : inner.split("\\s+");
    if (f.length == 7) {
      if (!f[0].equals("0")) {
        throw new ScheduleException(
            "seconds \"" + f[0] + "\": only 0 is supported (openings are whole minutes)");
      }
      String[] rest = new String[6];
      System.arraycopy(f, 1, rest, 0, 6);
      f = rest;
    }
    if (f.length != 6) {
      throw new ScheduleException(
          "cron(...) has "
              + f.length
              + " field"
              + (f.length == 1 ? "" : "s")
              + ": AWS cron has 6 (minutes hours day-of-month month day-of-week year)");
    }
    Builder b = new Builder();
    b.aws = true;
    b.minutes = field(f[0], MINUTE);
    b.hours = field(f[1], HOUR);
    b.months = field(f[3], MONTH);
    if (!f[5].equals("*")) {
      long[] years = new long[(YEAR.max - YEAR.min) / 64 + 1];
      for (String item : f[5].split(",", -1)) {
        int[] r = range(item, YEAR);
        for (int y = r[0]; y <= r[1]; y += r[2]) {
          years[(y - YEAR.min) / 64] |= 1L << ((y - YEAR.min) % 64);
        }
      }
      b.years = years;
    }
    String dom = f[2].toUpperCase(Locale.ROOT);
    String dow = f[4].toUpperCase(Locale.ROOT);
    boolean domQ = dom.equals("?");
    boolean dowQ = dow.equals("?");
    if (domQ == dowQ) {
      throw new ScheduleException(
          domQ
              ? "day-of-month and day-of-week are both '?': one of them must say which days"
              : "day-of-month \""
                  + f[2]
                  + "\" and day-of-week \""
                  + f[4]
                  + "\": AWS cron needs '?' in one of them");
    }
    if (dom.indexOf('?') >= 0 && !domQ || dow.indexOf('?') >= 0 && !dowQ) {
      throw new ScheduleException("'?' must stand alone in its field");
    }
    b.domUnused = domQ;
    if (!domQ) {
      Matcher m;
      if (dom.equals("L")) {
        b.domSpecial = DomSpecial.LAST;
      } else if (dom.equals("LW")) {
        b.domSpecial = DomSpecial.LAST_WEEKDAY;
      } else if ((m = NEAREST_WEEKDAY.matcher(dom)).matches()) {
        b.domSpecial = DomSpecial.NEAREST_WEEKDAY;
        b.nearestTo = value(m.group(1), DAY_OF_MONTH);
      } else if (dom.contains("L") || dom.contains("W") || dom.contains("#")) {
        throw new ScheduleException(
            "day-of-month \""
                + f[2]
                + "\": L, LW and nW must stand alone (e.g. L, LW, 15W); # belongs in"
                + " day-of-week");
      } else {
        b.daysOfMonth = field(f[2], DAY_OF_MONTH);
      }
    }
    if (!dowQ) {
      Matcher m;
      if (dow.equals("L")) {
        b.daysOfWeek = 1 << DayOfWeek.SATURDAY.getValue();
      } else if ((m = LAST_DOW.matcher(dow)).matches()) {
        b.dowSpecial = DowSpecial.LAST_OF_MONTH;
        b.specialDay = awsDay(value(m.group(1), DAY_OF_WEEK_AWS));
      } else if ((m = NTH_DOW.matcher(dow)).matches()) {
        b.dowSpecial = DowSpecial.NTH;
        b.specialDay = awsDay(value(m.group(1), DAY_OF_WEEK_AWS));
        b.nth = Integer.parseInt(m.group(2));
        if (b.nth < 1 || b.nth > 5) {
          throw new ScheduleException(
              "day-of-week \"" + f[4] + "\": the number after # must be 1-5");
        }
      } else if (dow.contains("#") || dow.contains("W") && !isName(dow, 4) || hasStrayL(dow)) {
        throw new ScheduleException(
            "day-of-week \""
                + f[4]
                + "\": L and # must stand alone (e.g. L, 6L, FRIL, 2#1, MON#1); W belongs in"
                + " day-of-month");
      } else {
        long bits = field(f[4], DAY_OF_WEEK_AWS);
        int iso = 0;
        for (int v = 1; v <= 7; v++) {
          if ((bits & (1L << v)) != 0) {
            iso |= 1 << awsDay(v).getValue();
          }
        }
        b.daysOfWeek = iso;
      }
    }
    return new CronSchedule(text, b);
  }

  private static boolean hasStrayL(String dow) {
    return dow.contains("L") && !isName(dow, 4);
  }

  private static DayOfWeek awsDay(int v) {
    return v == 1 ? DayOfWeek.SUNDAY : DayOfWeek.of(v - 1);
  }

  @Override
  public boolean covers(Instant t, Duration duration, ZoneId zone) {
    return Openings.covers(t, duration, zone, this::opensOn, hours, minutes);
  }

  private boolean opensOn(LocalDate d, ZoneId zone) {
    if ((months & (1 << d.getMonthValue())) == 0) {
      return false;
    }
    if (years != null) {
      int i = d.getYear() - YEAR.min;
      if (i < 0 || i > YEAR.max - YEAR.min || (years[i / 64] & (1L << (i % 64))) == 0) {
        return false;
      }
    }
    if (aws) {
      return domUnused ? dayOfWeekMatches(d) : dayOfMonthMatches(d);
    }
    boolean dom = dayOfMonthMatches(d);
    boolean dow = dayOfWeekMatches(d);
    return domStar || dowStar ? dom && dow : dom || dow;
  }

  private boolean dayOfMonthMatches(LocalDate d) {
    int day = d.getDayOfMonth();
    int last = d.lengthOfMonth();
    return switch (domSpecial) {
      case NONE -> (daysOfMonth & (1L << day)) != 0;
      case LAST -> day == last;
      case LAST_WEEKDAY -> day == nearestWeekday(d, last);
      case NEAREST_WEEKDAY -> nearestTo <= last && day == nearestWeekday(d, nearestTo);
    };
  }

  /** Quartz's {@code nW}: the weekday nearest day {@code n}, never leaving the month. */
  private static int nearestWeekday(LocalDate inMonth, int n) {
    int last = inMonth.lengthOfMonth();
    DayOfWeek w = inMonth.withDayOfMonth(n).getDayOfWeek();
    if (w == DayOfWeek.SATURDAY) {
      return n == 1 ? 3 : n - 1;
    }
    if (w == DayOfWeek.SUNDAY) {
      return n == last ? n - 2 : n + 1;
    }
    return n;
  }

  private boolean dayOfWeekMatches(LocalDate d) {
    DayOfWeek w = d.getDayOfWeek();
    return switch (dowSpecial) {
      case NONE -> (daysOfWeek & (1 << w.getValue())) != 0;
      case LAST_OF_MONTH -> w == specialDay && d.getDayOfMonth() + 7 > d.lengthOfMonth();
      case NTH -> w == specialDay && (d.getDayOfMonth() - 1) / 7 + 1 == nth;
    };
  }

  @Override
  public String text() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CronSchedule c && c.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }

  // ---- fields ---------------------------------------------------------------------------------

  private record Spec(String name, int min, int max, Map<String, Integer> names) {}

  private static final String[] FIELD_NAMES = {
    "minute", "hour", "day-of-month", "month", "day-of-week"
  };
  private static final Spec MINUTE = new Spec("minute", 0, 59, Map.of());
  private static final Spec HOUR = new Spec("hour", 0, 23, Map.of());
  private static final Spec DAY_OF_MONTH = new Spec("day-of-month", 1, 31, Map.of());
  private static final Spec MONTH = new Spec("month", 1, 12, MONTHS);
  private static final Spec DAY_OF_WEEK_CLASSIC = new Spec("day-of-week", 0, 7, DAYS_FROM_SUNDAY);
  private static final Spec DAY_OF_WEEK_AWS =
      new Spec("day-of-week", 1, 7, numbered(1, "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));
  private static final Spec YEAR = new Spec("year", 1970, 2199, Map.of());

  /** A comma list of items, as a bit mask over the field's values. */
  private static long field(String text, Spec spec) {
    long bits = 0;
    for (String item : text.split(",", -1)) {
      int[] r = range(item, spec);
      for (int v = r[0]; v <= r[1]; v += r[2]) {
        bits |= 1L << v;
      }
    }
    return bits;
  }

  /** One item: {@code *}, {@code v}, {@code a-b}, each with an optional {@code /step}. */
  private static int[] range(String item, Spec spec) {
    if (item.isEmpty()) {
      throw new ScheduleException(spec.name + ": empty item in a list (stray comma?)");
    }
    String[] stepSplit = item.split("/", -1);
    if (stepSplit.length > 2) {
      throw new ScheduleException(spec.name + " \"" + item + "\": more than one '/'");
    }
    int step = 1;
    if (stepSplit.length == 2) {
      if (!stepSplit[1].matches("[0-9]{1,4}") || Integer.parseInt(stepSplit[1]) == 0) {
        throw new ScheduleException(
            spec.name + " \"" + item + "\": the step after '/' must be a positive number");
      }
      step = Integer.parseInt(stepSplit[1]);
    }
    String base = stepSplit[0];
    int lo;
    int hi;
    if (base.equals("*")) {
      lo = spec.min;
      hi = spec.max;
    } else if (base.indexOf('-') > 0) {
      String[] ab = base.split("-", -1);
      if (ab.length != 2) {
        throw new ScheduleException(spec.name + " \"" + item + "\": a range is a-b");
      }
      lo = value(ab[0], spec);
      hi = value(ab[1], spec);
      if (lo > hi) {
        throw new ScheduleException(
            spec.name
                + " \""
                + item
                + "\": the range goes backwards; wrap-around ranges are not supported, split it"
                + " (e.g. 22-23,0-2)");
      }
    } else {
      lo = value(base, spec);
      hi = stepSplit.length == 2 ? spec.max : lo;
    }
    return new int[] {lo, hi, step};
  }

  private static int value(String token, Spec spec) {
    String t = token.toUpperCase(Locale.ROOT);
    Integer named = spec.names.get(t);
    if (named != null) {
      return named;
    }
    if (!t.matches("[0-9]{1,4}")) {
      String names =
          spec.names.isEmpty()
              ? ""
              : spec.names == MONTHS ? " or a name (JAN-DEC)" : " or a name (SUN-SAT)";
      throw new ScheduleException(
          spec.name
              + " \""
              + token
              + "\": not a number"
              + names
              + " nor * (range "
              + spec.min
              + "-"
              + spec.max
              + ")");
    }
    int v = Integer.parseInt(t);
    if (v < spec.min || v > spec.max) {
      throw new ScheduleException(
          spec.name + " " + v + " is out of range " + spec.min + "-" + spec.max);
    }
    return v;
  }

  /** The names numbered from {@code first}: JAN = 1, or SUN = 0 (classic) or 1 (AWS). */
  private static Map<String, Integer> numbered(int first, String... names) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      m.put(names[i], first + i);
    }
    return Map.copyOf(m);
  }

  private static final class Builder {
    long minutes;
    long hours;
    long daysOfMonth = ~0L;
    long months;
    int daysOfWeek = 0xFE;
    boolean domStar;
    boolean dowStar;
    boolean aws;
    boolean domUnused;
    DomSpecial domSpecial = DomSpecial.NONE;
    int nearestTo;
    DowSpecial dowSpecial = DowSpecial.NONE;
    DayOfWeek specialDay;
    int nth;
    long[] years;
  }
}
