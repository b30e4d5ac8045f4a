package io.runwatch.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * {@code covers} agrees with a brute-force scan for random simple schedules: every whole minute
 * {@code m} in {@code (t - duration, t]} is checked for being an opening, straight from the
 * definition, without the schedules' date walk. A minute is an opening when its local time matches
 * and it is that local time's first occurrence, or when it is where a local time inside a
 * spring-forward gap lands (the gap's length later). The zones include half-hour shifts (Lord
 * Howe), midnight gaps (São Paulo until 2019), a fall-back just after midnight (Goose Bay until
 * 2010), a skipped day (Apia, 2011) and odd offsets (Chatham, St John's, Kolkata); half of the
 * times lie within three days of an offset change.
 */
class ScheduleProperties {
  private static final List<String> ZONES =
      List.of(
          "UTC",
          "Europe/Berlin",
          "America/New_York",
          "Australia/Lord_Howe",
          "America/Sao_Paulo",
          "Pacific/Chatham",
          "America/St_Johns",
          "Asia/Kolkata",
          "America/Goose_Bay",
          "Pacific/Apia");
  private static final long FROM = Instant.parse("2008-01-01T00:00:00Z").getEpochSecond();
  private static final long TO = Instant.parse("2035-01-01T00:00:00Z").getEpochSecond();

  enum Kind {
    WEEKLY,
    MONTHLY
  }

  /** Openings at every minute x hour on the days (ISO weekdays, or days of the month). */
  record Simple(
      Kind kind, SortedSet<Integer> minutes, SortedSet<Integer> hours, Set<Integer> days) {
    boolean matches(LocalDateTime local) {
      int day = kind == Kind.WEEKLY ? local.getDayOfWeek().getValue() : local.getDayOfMonth();
      return minutes.contains(local.getMinute())
          && hours.contains(local.getHour())
          && days.contains(day);
    }

    List<String> renderings() {
      String m = join(minutes);
      String h = join(hours);
      if (kind == Kind.MONTHLY) {
        String d = join(days);
        return List.of(
            m + " " + h + " " + d + " * *",
            "cron(" + m + " " + h + " " + d + " * ? *)",
            "RRULE:FREQ=MONTHLY;BYMONTHDAY=" + d + ";BYHOUR=" + h + ";BYMINUTE=" + m);
      }
      String classic =
          days.stream().map(d -> String.valueOf(d % 7)).collect(Collectors.joining(","));
      String names =
          days.stream()
              .map(d -> DayOfWeek.of(d).name().substring(0, 3))
              .collect(Collectors.joining(","));
      String two =
          days.stream()
              .map(d -> DayOfWeek.of(d).name().substring(0, 2))
              .collect(Collectors.joining(","));
      return List.of(
          m + " " + h + " * * " + classic,
          m + " " + h + " * * " + names.toLowerCase(Locale.ROOT),
          "cron(" + m + " " + h + " ? * " + names + " *)",
          "RRULE:FREQ=WEEKLY;BYDAY=" + two + ";BYHOUR=" + h + ";BYMINUTE=" + m);
    }

    private static String join(Set<Integer> values) {
      return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
  }

  record Case(Simple schedule, ZoneId zone, Instant t, Duration duration) {}

  @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE)
  void coversAgreesWithAMinuteByMinuteScan(@ForAll("cases") Case c) {
    boolean expected = bruteForce(c.schedule(), c.zone(), c.t(), c.duration());
    Statistics.label("covered").collect(expected);
    for (String text : c.schedule().renderings()) {
      assertThat(Schedules.parse(text).covers(c.t(), c.duration(), c.zone()))
          .as("%s in %s, %s before %s", text, c.zone(), c.duration(), c.t())
          .isEqualTo(expected);
    }
    Statistics.label("covered")
        .coverage(
            check -> {
              check.check(true).percentage(p -> p > 10);
              check.check(false).percentage(p -> p > 10);
            });
  }

  static boolean bruteForce(Simple s, ZoneId zone, Instant t, Duration duration) {
    Instant earliest = t.minus(duration); // an opening must be after it
    Instant m = earliest.truncatedTo(ChronoUnit.MINUTES);
    if (!m.isAfter(earliest)) {
      m = m.plus(1, ChronoUnit.MINUTES);
    }
    for (; !m.isAfter(t); m = m.plus(1, ChronoUnit.MINUTES)) {
      if (isOpening(s, zone, m)) {
        return true;
      }
    }
    return false;
  }

  static boolean isOpening(Simple s, ZoneId zone, Instant m) {
    ZoneRules rules = zone.getRules();
    LocalDateTime local = LocalDateTime.ofInstant(m, zone);
    // The local time at m, when m is its first occurrence.
    if (s.matches(local) && rules.getValidOffsets(local).getFirst().equals(rules.getOffset(m))) {
      return true;
    }
    // A local time in a spring-forward gap opens the gap's length later.
    ZoneOffsetTransition last = rules.previousTransition(m.plusNanos(1));
    return last != null
        && last.isGap()
        && m.isBefore(last.getInstant().plus(last.getDuration()))
        && s.matches(local.minus(last.getDuration()));
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<ZoneId> zones = Arbitraries.of(ZONES).map(ZoneId::of);
    Arbitrary<SortedSet<Integer>> minutes =
        Arbitraries.integers().between(0, 59).set().ofMinSize(1).ofMaxSize(4).map(TreeSet::new);
    Arbitrary<SortedSet<Integer>> hours =
        Arbitraries.integers().between(0, 23).set().ofMinSize(1).ofMaxSize(6).map(TreeSet::new);
    Arbitrary<Set<Integer>> days =
        Arbitraries.integers().between(1, 31).set().ofMinSize(1).ofMaxSize(4);
    Arbitrary<Long> base = Arbitraries.longs().between(FROM, TO);
    Arbitrary<Integer> nearTransition = Arbitraries.integers().between(-4320, 4320);
    Arbitrary<Integer> durationMinutes =
        Arbitraries.oneOf(
            Arbitraries.integers().between(1, 180), Arbitraries.integers().between(1, 4320));
    return Combinators.combine(
            zones,
            Arbitraries.of(Kind.class),
            minutes,
            hours,
            days,
            base,
            nearTransition,
            durationMinutes)
        .as(
            (zone, kind, mins, hrs, ds, b, near, dur) -> {
              Set<Integer> dayset =
                  kind == Kind.WEEKLY
                      ? ds.stream().map(d -> (d - 1) % 7 + 1).collect(Collectors.toSet())
                      : ds;
              Instant t = Instant.ofEpochSecond(b);
              Duration d = Duration.ofMinutes(dur).plusSeconds(b % 5 == 0 ? b % 60 : 0);
              Simple simple = new Simple(kind, mins, hrs, Set.copyOf(dayset));
              switch ((int) (b % 4)) {
                case 0 -> {
                  // Within three days of an offset change.
                  ZoneOffsetTransition next = zone.getRules().nextTransition(t);
                  if (next != null && next.getInstant().getEpochSecond() < TO) {
                    t = next.getInstant().plus(near, ChronoUnit.MINUTES);
                  }
                }
                case 1 -> t = nearOpening(simple, zone, t, near % 6, Duration.ZERO);
                case 2 -> t = nearOpening(simple, zone, t, near % 6, d);
                default -> {}
              }
              if (b % 3 != 0) {
                t = t.truncatedTo(ChronoUnit.MINUTES); // often exactly on a minute
              }
              return new Case(simple, zone, t, d);
            });
  }

  /**
   * About the first opening after {@code t} (its local time, resolved in {@code zone}), plus {@code
   * after} and {@code minutes}: to test the edges at the opening and at the close.
   */
  static Instant nearOpening(Simple s, ZoneId zone, Instant t, int minutes, Duration after) {
    LocalDateTime local = LocalDateTime.ofInstant(t, zone).truncatedTo(ChronoUnit.MINUTES);
    for (int i = 0; i < 62 * 24 * 60; i++, local = local.plusMinutes(1)) {
      if (s.matches(local)) {
        return local.atZone(zone).toInstant().plus(after).plus(minutes, ChronoUnit.MINUTES);
      }
    }
    return t;
  }

  @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
  void utcNeedsNoGapRule(@ForAll("cases") Case c) {
    // In UTC the definition reduces to "a matching local minute in the range".
    Case u = new Case(c.schedule(), ZoneOffset.UTC, c.t(), c.duration());
    boolean expected = false;
    for (Instant m = u.t().truncatedTo(ChronoUnit.MINUTES);
        m.isAfter(u.t().minus(u.duration()));
        m = m.minus(1, ChronoUnit.MINUTES)) {
      expected |= u.schedule().matches(LocalDateTime.ofInstant(m, ZoneOffset.UTC));
    }
    assertThat(bruteForce(u.schedule(), u.zone(), u.t(), u.duration())).isEqualTo(expected);
    for (String text : u.schedule().renderings()) {
      assertThat(Schedules.parse(text).covers(u.t(), u.duration(), u.zone()))
          .as(text)
          .isEqualTo(expected);
    }
  }
}
