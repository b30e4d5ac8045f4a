package io.runwatch.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Daylight saving time. The decision (see {@link Openings} and POLICY.md): an opening whose local
 * time falls in a spring-forward gap opens later by the length of the gap (02:00 becomes 03:00, as
 * {@code java.time} and RFC 5545 resolve it: the window is never dropped); an opening whose local
 * time occurs twice when clocks fall back opens once, at the first occurrence. A window lasts its
 * duration in elapsed time. Cron and RRULE behave the same.
 */
class ScheduleDstTest {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  /** The same daily schedule as cron, AWS cron and RRULE. */
  static List<Schedule> daily(int hour, int minute) {
    return List.of(
        Schedules.parse(minute + " " + hour + " * * *"),
        Schedules.parse("cron(" + minute + " " + hour + " * * ? *)"),
        Schedules.parse("RRULE:FREQ=DAILY;BYHOUR=" + hour + ";BYMINUTE=" + minute));
  }

  static void check(
      List<Schedule> schedules, ZoneId zone, String duration, String instant, boolean expected) {
    for (Schedule s : schedules) {
      assertThat(s.covers(Instant.parse(instant), Duration.parse(duration), zone))
          .as("%s in %s for %s at %s", s.text(), zone, duration, instant)
          .isEqualTo(expected);
    }
  }

  @Test
  void berlinSpringForwardMovesTwoOClockToThree() {
    // 2026-03-29: at 01:00Z clocks jump from 02:00 CET to 03:00 CEST; 02:00 does not exist.
    List<Schedule> two = daily(2, 0);
    check(two, BERLIN, "PT2H", "2026-03-28T01:00:00Z", true); // the day before, 02:00 CET
    check(two, BERLIN, "PT2H", "2026-03-29T00:59:59Z", false); // 01:59:59 CET
    check(two, BERLIN, "PT2H", "2026-03-29T01:00:00Z", true); // 03:00 CEST: the moved opening
    check(two, BERLIN, "PT2H", "2026-03-29T02:59:59Z", true); // 04:59:59 CEST
    check(two, BERLIN, "PT2H", "2026-03-29T03:00:00Z", false); // two hours elapsed
    check(two, BERLIN, "PT2H", "2026-03-29T23:59:00Z", false);
    check(two, BERLIN, "PT2H", "2026-03-30T00:00:00Z", true); // the day after, 02:00 CEST
    // 02:30 moves by the length of the gap, to 03:30 CEST.
    List<Schedule> twoThirty = daily(2, 30);
    check(twoThirty, BERLIN, "PT1M", "2026-03-29T01:29:59Z", false);
    check(twoThirty, BERLIN, "PT1M", "2026-03-29T01:30:00Z", true);
    check(twoThirty, BERLIN, "PT1M", "2026-03-29T01:31:00Z", false);
  }

  @Test
  void berlinWindowSpanningTheJumpLastsItsElapsedDuration() {
    // Opens 01:00 CET (00:00Z) and lasts three hours: until 05:00 CEST (03:00Z).
    List<Schedule> one = daily(1, 0);
    check(one, BERLIN, "PT3H", "2026-03-29T02:59:00Z", true);
    check(one, BERLIN, "PT3H", "2026-03-29T03:00:00Z", false);
  }

  @Test
  void berlinFallBackOpensOnceAtTheFirstOccurrence() {
    // 2026-10-25: at 01:00Z clocks go back from 03:00 CEST to 02:00 CET; 02:30 happens twice.
    List<Schedule> twoThirty = daily(2, 30);
    check(twoThirty, BERLIN, "PT30M", "2026-10-25T00:29:59Z", false);
    check(twoThirty, BERLIN, "PT30M", "2026-10-25T00:30:00Z", true); // 02:30 CEST
    check(twoThirty, BERLIN, "PT30M", "2026-10-25T00:59:59Z", true);
    check(twoThirty, BERLIN, "PT30M", "2026-10-25T01:30:00Z", false); // 02:30 CET, again
    check(twoThirty, BERLIN, "PT30M", "2026-10-25T01:45:00Z", false);
    // 02:00 CEST for two hours ends at 03:00 CET, not 04:00.
    List<Schedule> two = daily(2, 0);
    check(two, BERLIN, "PT2H", "2026-10-25T01:59:59Z", true);
    check(two, BERLIN, "PT2H", "2026-10-25T02:00:00Z", false);
  }

  @Test
  void newYorkSpringForwardOnASundayWindow() {
    // 2026-03-08: at 07:00Z clocks jump from 02:00 EST to 03:00 EDT.
    List<Schedule> sunday =
        List.of(
            Schedules.parse("0 2 * * SUN"),
            Schedules.parse("cron(0 2 ? * SUN *)"),
            Schedules.parse("RRULE:FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0"));
    check(sunday, NEW_YORK, "PT1H", "2026-03-01T07:00:00Z", true); // 02:00 EST a week before
    check(sunday, NEW_YORK, "PT1H", "2026-03-08T06:59:59Z", false);
    check(sunday, NEW_YORK, "PT1H", "2026-03-08T07:00:00Z", true); // 03:00 EDT
    check(sunday, NEW_YORK, "PT1H", "2026-03-08T07:59:59Z", true);
    check(sunday, NEW_YORK, "PT1H", "2026-03-08T08:00:00Z", false);
    check(sunday, NEW_YORK, "PT1H", "2026-03-15T06:00:00Z", true); // 02:00 EDT a week later
    check(sunday, NEW_YORK, "PT1H", "2026-03-15T07:00:00Z", false);
  }

  @Test
  void newYorkFallBack() {
    // 2026-11-01: at 06:00Z clocks go back from 02:00 EDT to 01:00 EST; 01:30 happens twice.
    List<Schedule> oneThirty = daily(1, 30);
    check(oneThirty, NEW_YORK, "PT30M", "2026-11-01T05:30:00Z", true); // 01:30 EDT
    check(oneThirty, NEW_YORK, "PT30M", "2026-11-01T05:59:59Z", true);
    check(oneThirty, NEW_YORK, "PT30M", "2026-11-01T06:00:00Z", false);
    check(oneThirty, NEW_YORK, "PT30M", "2026-11-01T06:30:00Z", false); // 01:30 EST
    check(oneThirty, NEW_YORK, "PT30M", "2026-11-02T06:30:00Z", true); // 01:30 EST next day
  }

  @Test
  void monthlyAndNthWeekdayRulesFollowTheSameDecision() {
    // The last Sunday of March 2026 in Berlin is the spring-forward day.
    List<Schedule> lastSunday =
        List.of(
            Schedules.parse("cron(0 2 ? * 1L *)"),
            Schedules.parse("RRULE:FREQ=MONTHLY;BYDAY=-1SU;BYHOUR=2;BYMINUTE=0"));
    check(lastSunday, BERLIN, "PT1H", "2026-03-29T00:59:00Z", false);
    check(lastSunday, BERLIN, "PT1H", "2026-03-29T01:00:00Z", true);
    check(lastSunday, BERLIN, "PT1H", "2026-03-29T01:59:00Z", true);
    check(lastSunday, BERLIN, "PT1H", "2026-03-22T01:00:00Z", false);
  }

  @Test
  void halfHourShiftsAndMidnightGaps() {
    // Lord Howe Island moves its clocks by 30 minutes: 2026-10-04 02:00 becomes 02:30.
    ZoneId lordHowe = ZoneId.of("Australia/Lord_Howe");
    List<Schedule> quarterPastTwo = daily(2, 15);
    check(quarterPastTwo, lordHowe, "PT1M", "2026-10-03T15:44:00Z", false);
    check(quarterPastTwo, lordHowe, "PT1M", "2026-10-03T15:45:00Z", true); // 02:45 +11:00
    // São Paulo's clocks jumped at midnight on 2018-11-04: 00:00 was 01:00 -02:00 (03:00Z).
    ZoneId saoPaulo = ZoneId.of("America/Sao_Paulo");
    List<Schedule> midnight = daily(0, 0);
    check(midnight, saoPaulo, "PT1M", "2018-11-04T02:59:00Z", false);
    check(midnight, saoPaulo, "PT1M", "2018-11-04T03:00:00Z", true);
    check(midnight, saoPaulo, "PT1M", "2018-11-03T03:00:00Z", true); // 00:00 -03:00
  }

  @Test
  void aSkippedDayOpensTheNextDay() {
    // Samoa skipped 2011-12-30 entirely (29 Dec 24:00 -10:00 became 31 Dec 00:00 +14:00): a
    // window on the 30th opens on the 31st at the same wall time, 24 hours (the gap) later.
    ZoneId apia = ZoneId.of("Pacific/Apia");
    List<Schedule> the30th =
        List.of(
            Schedules.parse("0 10 30 12 *"),
            Schedules.parse("cron(0 10 30 12 ? *)"),
            Schedules.parse("RRULE:FREQ=MONTHLY;BYMONTHDAY=30;BYHOUR=10"));
    check(the30th, apia, "PT1H", "2011-12-30T19:59:00Z", false);
    check(the30th, apia, "PT1H", "2011-12-30T20:00:00Z", true); // 31 Dec 10:00 +14:00
    check(the30th, apia, "PT1H", "2011-12-30T20:30:00Z", true);
    check(the30th, apia, "PT1H", "2011-12-30T21:00:00Z", false);
  }

  @Test
  void aFallBackJustAfterMidnightRepeatsTheEveningBefore() {
    // Goose Bay, 2010-11-07: at 00:01 ADT (03:01Z) clocks went back to 23:01 AST on the 6th.
    // Sunday's 00:00 opening (03:00Z) is followed by Saturday evening local times again.
    ZoneId gooseBay = ZoneId.of("America/Goose_Bay");
    List<Schedule> sundayMidnight =
        List.of(
            Schedules.parse("0 0 * * SUN"),
            Schedules.parse("cron(0 0 ? * SUN *)"),
            Schedules.parse("RRULE:FREQ=WEEKLY;BYDAY=SU;BYHOUR=0"));
    check(sundayMidnight, gooseBay, "PT1H", "2010-11-07T02:59:00Z", false);
    check(sundayMidnight, gooseBay, "PT1H", "2010-11-07T03:30:00Z", true); // 23:30 AST Sat
    check(sundayMidnight, gooseBay, "PT1H", "2010-11-07T04:00:00Z", false);
  }

  @Test
  void dtstartInTheGapMovesTheWholeRuleConsistently() {
    // DTSTART itself falls in the gap; it resolves like every other opening (03:30 CEST).
    Schedule r = Schedules.parse("DTSTART;TZID=Europe/Berlin:20260329T023000\nRRULE:FREQ=DAILY");
    check(List.of(r), BERLIN, "PT1M", "2026-03-29T01:30:00Z", true);
    check(List.of(r), BERLIN, "PT1M", "2026-03-30T00:30:00Z", true); // 02:30 CEST next day
    check(List.of(r), BERLIN, "PT1M", "2026-03-28T01:30:00Z", false); // before DTSTART
  }
}
