package io.runwatch.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RRuleScheduleTest {
  static final ZoneId UTC = ZoneOffset.UTC;

  static boolean covers(String rule, String duration, String instant) {
    return covers(rule, duration, instant, UTC);
  }

  static boolean covers(String rule, String duration, String instant, ZoneId zone) {
    return RRuleSchedule.parse(rule).covers(Instant.parse(instant), Duration.parse(duration), zone);
  }

  @Test
  void weeklyOnWednesdayAtTwo() {
    String r = "RRULE:FREQ=WEEKLY;BYDAY=WE;BYHOUR=2;BYMINUTE=0";
    assertThat(covers(r, "PT2H", "2026-11-18T01:59:59Z")).isFalse();
    assertThat(covers(r, "PT2H", "2026-11-18T02:00:00Z")).isTrue();
    assertThat(covers(r, "PT2H", "2026-11-18T03:59:59Z")).isTrue();
    assertThat(covers(r, "PT2H", "2026-11-18T04:00:00Z")).isFalse();
    assertThat(covers(r, "PT2H", "2026-11-19T02:00:00Z")).isFalse();
    assertThat(covers("FREQ=WEEKLY;BYDAY=WE;BYHOUR=2", "PT2H", "2026-11-18T02:00:00Z"))
        .as("without the RRULE: prefix, BYMINUTE defaulting to 0")
        .isTrue();
    assertThat(covers("FREQ=WEEKLY;BYDAY=WE;BYHOUR=2", "PT2H", "2026-11-18T01:00:00Z")).isFalse();
  }

  @Test
  void dailyAcrossMidnightWithSeveralTimes() {
    String r = "RRULE:FREQ=DAILY;BYHOUR=23;BYMINUTE=30";
    assertThat(covers(r, "PT1H", "2026-12-31T23:29:00Z")).isFalse();
    assertThat(covers(r, "PT1H", "2027-01-01T00:29:59Z")).isTrue();
    assertThat(covers(r, "PT1H", "2027-01-01T00:30:00Z")).isFalse();
    String twice = "RRULE:FREQ=DAILY;BYHOUR=6,18;BYMINUTE=0,30";
    assertThat(covers(twice, "PT10M", "2026-11-18T06:35:00Z")).isTrue();
    assertThat(covers(twice, "PT10M", "2026-11-18T18:05:00Z")).isTrue();
    assertThat(covers(twice, "PT10M", "2026-11-18T12:05:00Z")).isFalse();
    String weekdays = "RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=7";
    assertThat(covers(weekdays, "PT1H", "2026-11-20T07:30:00Z")).as("Friday").isTrue();
    assertThat(covers(weekdays, "PT1H", "2026-11-21T07:30:00Z")).as("Saturday").isFalse();
    String summer = "RRULE:FREQ=DAILY;BYMONTH=7,8;BYHOUR=7";
    assertThat(covers(summer, "PT1H", "2026-08-31T07:30:00Z")).isTrue();
    assertThat(covers(summer, "PT1H", "2026-09-01T07:30:00Z")).isFalse();
  }

  @Test
  void monthlyByOrdinalWeekday() {
    // November 2026: Wednesdays 4, 11, 18, 25; Fridays 6, 13, 20, 27.
    String firstWednesday = "RRULE:FREQ=MONTHLY;BYDAY=1WE;BYHOUR=2;BYMINUTE=0";
    assertThat(covers(firstWednesday, "PT2H", "2026-11-04T02:00:00Z")).isTrue();
    assertThat(covers(firstWednesday, "PT2H", "2026-11-11T02:00:00Z")).isFalse();
    assertThat(covers(firstWednesday, "PT2H", "2026-12-02T03:00:00Z")).isTrue();
    String lastFriday = "RRULE:FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=22";
    assertThat(covers(lastFriday, "PT4H", "2026-11-28T01:00:00Z")).as("overnight").isTrue();
    assertThat(covers(lastFriday, "PT4H", "2026-11-21T01:00:00Z")).isFalse();
    String secondToLastMonday = "RRULE:FREQ=MONTHLY;BYDAY=-2MO;BYHOUR=1";
    assertThat(covers(secondToLastMonday, "PT1H", "2026-11-23T01:00:00Z")).isTrue();
    assertThat(covers(secondToLastMonday, "PT1H", "2026-11-30T01:00:00Z")).isFalse();
    String everyTuesday = "RRULE:FREQ=MONTHLY;BYDAY=TU;BYHOUR=1";
    assertThat(covers(everyTuesday, "PT1H", "2026-11-17T01:00:00Z")).isTrue();
    assertThat(covers(everyTuesday, "PT1H", "2026-11-18T01:00:00Z")).isFalse();
  }

  @Test
  void monthlyByMonthDay() {
    String last = "RRULE:FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=3";
    assertThat(covers(last, "PT1H", "2026-02-28T03:00:00Z")).isTrue();
    assertThat(covers(last, "PT1H", "2026-02-27T03:00:00Z")).isFalse();
    assertThat(covers(last, "PT1H", "2028-02-29T03:00:00Z")).isTrue();
    String the31st = "RRULE:FREQ=MONTHLY;BYMONTHDAY=31;BYHOUR=3";
    assertThat(covers(the31st, "PT1H", "2026-12-31T03:00:00Z")).isTrue();
    assertThat(covers(the31st, "PT1H", "2026-11-30T03:00:00Z")).as("no 31st: skipped").isFalse();
    assertThat(covers(the31st, "PT1H", "2026-12-01T03:00:00Z")).isFalse();
    String friday13 = "RRULE:FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR;BYHOUR=0";
    assertThat(covers(friday13, "PT1H", "2026-11-13T00:30:00Z")).isTrue();
    assertThat(covers(friday13, "PT1H", "2026-01-13T00:30:00Z")).as("a Tuesday").isFalse();
    assertThat(covers(friday13, "PT1H", "2026-11-20T00:30:00Z")).as("not the 13th").isFalse();
  }

  @Test
  void dtstartSuppliesTheTimeAndDayAndBoundsTheRule() {
    // 2026-01-07 is a Wednesday.
    String r = "DTSTART:20260107T020000Z\nRRULE:FREQ=WEEKLY";
    assertThat(covers(r, "PT2H", "2026-11-18T02:00:00Z")).isTrue();
    assertThat(covers(r, "PT2H", "2026-11-19T02:00:00Z")).isFalse();
    assertThat(covers(r, "PT2H", "2025-12-31T02:00:00Z")).as("before DTSTART").isFalse();
    assertThat(covers(r, "PT2H", "2026-01-07T02:00:00Z")).isTrue();
    String monthly = "DTSTART:20260115T061500 RRULE:FREQ=MONTHLY";
    assertThat(covers(monthly, "PT30M", "2026-11-15T06:20:00Z")).isTrue();
    assertThat(covers(monthly, "PT30M", "2026-11-15T06:14:00Z")).isFalse();
    assertThat(covers(monthly, "PT30M", "2026-11-16T06:20:00Z")).isFalse();
    String byHourKeepsDtstartMinute = "DTSTART:20260101T004500Z\nRRULE:FREQ=DAILY;BYHOUR=4";
    assertThat(covers(byHourKeepsDtstartMinute, "PT5M", "2026-11-18T04:46:00Z")).isTrue();
    assertThat(covers(byHourKeepsDtstartMinute, "PT5M", "2026-11-18T04:01:00Z")).isFalse();
  }

  @Test
  void nothingOpensBeforeDtstartOnItsOwnDay() {
    String r = "DTSTART:20260107T020000Z RRULE:FREQ=DAILY;BYHOUR=1,3";
    assertThat(covers(r, "PT30M", "2026-01-07T01:15:00Z")).as("01:00, before DTSTART").isFalse();
    assertThat(covers(r, "PT30M", "2026-01-07T03:15:00Z")).isTrue();
    assertThat(covers(r, "PT30M", "2026-01-08T01:15:00Z")).isTrue();
  }

  @Test
  void intervalsCountFromDtstart() {
    String fortnightly = "DTSTART:20261104T020000Z\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE";
    assertThat(covers(fortnightly, "PT1H", "2026-11-04T02:30:00Z")).isTrue();
    assertThat(covers(fortnightly, "PT1H", "2026-11-11T02:30:00Z")).isFalse();
    assertThat(covers(fortnightly, "PT1H", "2026-11-18T02:30:00Z")).isTrue();
    assertThat(covers(fortnightly, "PT1H", "2026-10-21T02:30:00Z")).as("before").isFalse();
    // Weeks start on WKST: with Sunday starts, Mon 2 Nov and Sat 7 Nov are in DTSTART's week.
    String monSat = "DTSTART:20261102T020000Z RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SA";
    assertThat(covers(monSat, "PT1H", "2026-11-07T02:30:00Z")).isTrue();
    assertThat(covers(monSat + ";WKST=SU", "PT1H", "2026-11-07T02:30:00Z")).isTrue();
    assertThat(covers(monSat + ";WKST=SA", "PT1H", "2026-11-07T02:30:00Z"))
        .as("Saturday starts the next week")
        .isFalse();
    String everyThirdDay = "DTSTART:20261101T000000Z RRULE:FREQ=DAILY;INTERVAL=3";
    assertThat(covers(everyThirdDay, "PT1H", "2026-11-04T00:30:00Z")).isTrue();
    assertThat(covers(everyThirdDay, "PT1H", "2026-11-05T00:30:00Z")).isFalse();
    assertThat(covers(everyThirdDay, "PT1H", "2026-12-01T00:30:00Z")).as("30 days on").isTrue();
    String quarterly = "DTSTART:20260131T220000Z RRULE:FREQ=MONTHLY;INTERVAL=3";
    assertThat(covers(quarterly, "PT4H", "2026-02-01T01:00:00Z")).isTrue();
    assertThat(covers(quarterly, "PT4H", "2026-05-01T01:00:00Z")).as("April has no 31st").isFalse();
    assertThat(covers(quarterly, "PT4H", "2026-08-01T01:00:00Z")).as("July 31st").isTrue();
    assertThat(covers(quarterly, "PT4H", "2026-09-01T01:00:00Z")).as("August").isFalse();
  }

  @Test
  void untilEndsTheRule() {
    String utc = "RRULE:FREQ=DAILY;BYHOUR=2;UNTIL=20261120T000000Z";
    assertThat(covers(utc, "PT1H", "2026-11-19T02:30:00Z")).isTrue();
    assertThat(covers(utc, "PT1H", "2026-11-20T02:30:00Z")).isFalse();
    String date = "RRULE:FREQ=DAILY;BYHOUR=2;UNTIL=20261120";
    assertThat(covers(date, "PT1H", "2026-11-20T02:30:00Z")).as("the date is included").isTrue();
    assertThat(covers(date, "PT1H", "2026-11-21T02:30:00Z")).isFalse();
    String local = "RRULE:FREQ=DAILY;BYHOUR=2;UNTIL=20261120T020000";
    assertThat(covers(local, "PT1H", "2026-11-20T02:30:00Z")).isTrue();
    assertThat(covers(local, "PT1H", "2026-11-21T02:30:00Z")).isFalse();
  }

  @Test
  void dtstartZones() {
    RRuleSchedule berlin =
        RRuleSchedule.parse("DTSTART;TZID=Europe/Berlin:20260107T030000\nRRULE:FREQ=WEEKLY");
    assertThat(berlin.declaredZone()).contains(ZoneId.of("Europe/Berlin"));
    ZoneId zone = ZoneId.of("Europe/Berlin");
    Duration d = Duration.ofHours(1);
    assertThat(berlin.covers(Instant.parse("2026-01-14T02:00:00Z"), d, zone)).as("CET").isTrue();
    assertThat(berlin.covers(Instant.parse("2026-07-15T01:00:00Z"), d, zone)).as("CEST").isTrue();
    assertThat(berlin.covers(Instant.parse("2026-07-15T02:30:00Z"), d, zone)).isFalse();
    assertThat(RRuleSchedule.parse("DTSTART:20260107T030000Z RRULE:FREQ=DAILY").declaredZone())
        .contains(ZoneOffset.UTC);
    assertThat(RRuleSchedule.parse("DTSTART:20260107T030000 RRULE:FREQ=DAILY").declaredZone())
        .isEmpty();
    assertThat(RRuleSchedule.parse("RRULE:FREQ=DAILY;BYHOUR=3").declaredZone()).isEmpty();
  }

  @Test
  void keepsTheTextAsWritten() {
    String text = "DTSTART;TZID=Europe/Berlin:20260107T030000\nRRULE:FREQ=WEEKLY";
    RRuleSchedule r = RRuleSchedule.parse(text);
    assertThat(r.text()).isEqualTo(text);
    assertThat(r.freq()).isEqualTo(RRuleSchedule.Freq.WEEKLY);
    assertThat(r).isEqualTo(RRuleSchedule.parse(text));
    assertThat(Schedules.parse(text)).isEqualTo(r);
    assertThat(Schedules.parse("rrule:FREQ=DAILY;BYHOUR=1")).isInstanceOf(RRuleSchedule.class);
    assertThat(Schedules.parse("0 1 * * *")).isInstanceOf(CronSchedule.class);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                       | empty RRULE",
        "DTSTART:20260107T020000Z                 | no RRULE line",
        "RRULE:BYHOUR=2                           | RRULE has no FREQ",
        "RRULE:FREQ=YEARLY                        | FREQ=YEARLY is not supported (supported:"
            + " DAILY, WEEKLY, MONTHLY)",
        "RRULE:FREQ=HOURLY                        | FREQ=HOURLY is not supported",
        "RRULE:FREQ=DAILY;BYHOUR=2;COUNT=5        | unsupported RRULE part COUNT (counting"
            + " occurrences is not supported: use UNTIL); supported: FREQ, INTERVAL, BYDAY,",
        "RRULE:FREQ=MONTHLY;BYDAY=WE;BYSETPOS=1;BYHOUR=2 | unsupported RRULE part BYSETPOS",
        "RRULE:FREQ=DAILY;BYHOUR=2;BYSECOND=0     | unsupported RRULE part BYSECOND (windows open"
            + " on whole minutes)",
        "RRULE:FREQ=DAILY;BYWEEKNO=2;BYHOUR=2     | unsupported RRULE part BYWEEKNO",
        "RRULE:FREQ=DAILY;BYYEARDAY=2;BYHOUR=2    | unsupported RRULE part BYYEARDAY",
        "RRULE:FREQ=DAILY;FREQ=WEEKLY;BYHOUR=2    | RRULE part FREQ is given twice",
        "RRULE:FREQ=DAILY;BYHOUR                  | RRULE part BYHOUR has no value",
        "RRULE:FREQ=DAILY                         | no time of day: give BYHOUR (and BYMINUTE),"
            + " or a DTSTART line",
        "RRULE:FREQ=WEEKLY;BYHOUR=2               | FREQ=WEEKLY needs BYDAY",
        "RRULE:FREQ=MONTHLY;BYHOUR=2              | FREQ=MONTHLY needs BYMONTHDAY or BYDAY",
        "RRULE:FREQ=WEEKLY;BYDAY=1WE;BYHOUR=2     | BYDAY 1WE: an ordinal day only makes sense"
            + " with FREQ=MONTHLY",
        "RRULE:FREQ=MONTHLY;BYDAY=6WE;BYHOUR=2    | the ordinal must be 1 to 5 or -1 to -5",
        "RRULE:FREQ=MONTHLY;BYDAY=0WE;BYHOUR=2    | the ordinal must be 1 to 5 or -1 to -5",
        "RRULE:FREQ=WEEKLY;BYDAY=XX;BYHOUR=2      | BYDAY XX is not a day",
        "RRULE:FREQ=WEEKLY;BYDAY=WE,;BYHOUR=2     | BYDAY=WE, has an empty item",
        "RRULE:FREQ=WEEKLY;BYMONTHDAY=1;BYHOUR=2  | BYMONTHDAY cannot be used with FREQ=WEEKLY",
        "RRULE:FREQ=MONTHLY;BYMONTHDAY=0;BYHOUR=2 | BYMONTHDAY=0: days are 1 to 31",
        "RRULE:FREQ=MONTHLY;BYMONTHDAY=32;BYHOUR=2 | BYMONTHDAY 32 is out of range -31 to 31",
        "RRULE:FREQ=DAILY;BYHOUR=24               | BYHOUR 24 is out of range 0 to 23",
        "RRULE:FREQ=DAILY;BYHOUR=2;BYMINUTE=60    | BYMINUTE 60 is out of range 0 to 59",
        "RRULE:FREQ=DAILY;BYHOUR=two              | BYHOUR TWO is not a number",
        "RRULE:FREQ=DAILY;BYMONTH=13;BYHOUR=2     | BYMONTH 13 is out of range 1 to 12",
        "RRULE:FREQ=DAILY;INTERVAL=2;BYHOUR=2     | INTERVAL=2 counts from DTSTART: add a DTSTART"
            + " line",
        "RRULE:FREQ=DAILY;INTERVAL=0;BYHOUR=2     | INTERVAL 0 is out of range 1 to 1000",
        "RRULE:FREQ=DAILY;BYHOUR=2;UNTIL=soon     | UNTIL=SOON is not a date (20261231)",
        "RRULE:FREQ=DAILY;BYHOUR=2;WKST=XX        | WKST=XX is not a day",
        "RRULE:FREQ=DAILY;BYHOUR=2 RRULE:FREQ=WEEKLY | more than one RRULE",
        "DTSTART:20260107T020000Z DTSTART:20260108T020000Z RRULE:FREQ=DAILY | more than one"
            + " DTSTART",
        "EXDATE:20260107T020000Z RRULE:FREQ=DAILY;BYHOUR=2 | unsupported line EXDATE",
        "DTSTART;VALUE=DATE:20260107 RRULE:FREQ=DAILY | DTSTART;VALUE=DATE has no time of day",
        "DTSTART;TZID=Mars/Olympus:20260107T020000 RRULE:FREQ=DAILY | DTSTART TZID=Mars/Olympus"
            + " is not a time zone id",
        "DTSTART;TZID=Europe/Berlin:20260107T020000Z RRULE:FREQ=DAILY | DTSTART has both TZID"
            + " and a UTC 'Z'",
        "DTSTART;X-FOO=1:20260107T020000 RRULE:FREQ=DAILY | unsupported DTSTART parameter X-FOO=1",
        "DTSTART:20260107T020030Z RRULE:FREQ=DAILY | seconds must be 00",
        "DTSTART:2026-01-07T02:00 RRULE:FREQ=DAILY | DTSTART 2026-01-07T02:00 is not a date-time"
            + " in the form 20260107T020000",
        "DTSTART RRULE:FREQ=DAILY                 | DTSTART needs a value"
      })
  void rejectsWithAClearMessage(String rule, String message) {
    assertThatThrownBy(() -> RRuleSchedule.parse(rule))
        .isInstanceOf(ScheduleException.class)
        .hasMessageContaining(message);
  }
}
