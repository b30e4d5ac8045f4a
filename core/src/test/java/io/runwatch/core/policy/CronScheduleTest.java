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

class CronScheduleTest {
  static final ZoneId UTC = ZoneOffset.UTC;

  static boolean covers(String cron, String duration, String instant) {
    return CronSchedule.parse(cron).covers(Instant.parse(instant), Duration.parse(duration), UTC);
  }

  /** Wednesday 2026-11-18 02:00 UTC for two hours, written four ways. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0 2 * * 3",
        "0 2 * * wed",
        "cron(0 2 ? * WED *)",
        "cron(0 2 ? * 4 *)",
        "CRON(0 2 ? * wed 2026)",
        "cron(0 0 2 ? * WED *)"
      })
  void wednesdayTwoToFour(String cron) {
    assertThat(covers(cron, "PT2H", "2026-11-18T01:59:59Z")).as("just before").isFalse();
    assertThat(covers(cron, "PT2H", "2026-11-18T02:00:00Z")).as("at the opening").isTrue();
    assertThat(covers(cron, "PT2H", "2026-11-18T03:00:00.5Z")).as("inside").isTrue();
    assertThat(covers(cron, "PT2H", "2026-11-18T03:59:59.999Z")).as("last instant").isTrue();
    assertThat(covers(cron, "PT2H", "2026-11-18T04:00:00Z")).as("at the close").isFalse();
    assertThat(covers(cron, "PT2H", "2026-11-19T02:30:00Z")).as("Thursday").isFalse();
    assertThat(covers(cron, "PT2H", "2026-11-11T02:30:00Z")).as("a week earlier").isTrue();
  }

  @Test
  void classicAndAwsNumberTheDaysOfWeekDifferently() {
    // Classic 4 is Thursday (0 = Sunday); AWS 4 is Wednesday (1 = Sunday).
    assertThat(covers("0 2 * * 4", "PT1H", "2026-11-19T02:30:00Z")).isTrue();
    assertThat(covers("0 2 * * 4", "PT1H", "2026-11-18T02:30:00Z")).isFalse();
    assertThat(covers("cron(0 2 ? * 1 *)", "PT1H", "2026-11-22T02:30:00Z")).as("Sunday").isTrue();
    assertThat(covers("0 2 * * 0", "PT1H", "2026-11-22T02:30:00Z")).as("Sunday").isTrue();
    assertThat(covers("0 2 * * 7", "PT1H", "2026-11-22T02:30:00Z")).as("7 is Sunday").isTrue();
    assertThat(covers("0 2 * * 7", "PT1H", "2026-11-21T02:30:00Z")).isFalse();
  }

  @Test
  void acrossMidnight() {
    String tuesdayLate = "0 23 * * TUE";
    assertThat(covers(tuesdayLate, "PT3H", "2026-11-17T22:59:00Z")).isFalse();
    assertThat(covers(tuesdayLate, "PT3H", "2026-11-17T23:00:00Z")).isTrue();
    assertThat(covers(tuesdayLate, "PT3H", "2026-11-18T01:30:00Z")).as("Wednesday").isTrue();
    assertThat(covers(tuesdayLate, "PT3H", "2026-11-18T02:00:00Z")).isFalse();
    // New Year's Eve 22:30 for two hours ends in the next year.
    String newYear = "cron(30 22 31 12 ? *)";
    assertThat(covers(newYear, "PT2H", "2026-01-01T00:15:00Z")).isTrue();
    assertThat(covers(newYear, "PT2H", "2026-01-01T00:30:00Z")).isFalse();
    assertThat(covers(newYear, "PT2H", "2025-12-31T22:29:00Z")).isFalse();
  }

  @Test
  void aWindowLongerThanADayReachesBackOverSeveralDays() {
    // Friday 18:00 for 60 hours: the weekend freeze, until Monday 06:00.
    String freeze = "0 18 * * FRI";
    assertThat(covers(freeze, "PT60H", "2026-11-23T05:59:00Z")).isTrue();
    assertThat(covers(freeze, "PT60H", "2026-11-23T06:00:00Z")).isFalse();
    assertThat(covers(freeze, "P6DT23H", "2026-11-27T16:59:00Z")).isTrue();
    assertThat(covers(freeze, "P6DT23H", "2026-11-27T17:00:00Z")).isFalse();
  }

  @Test
  void stepsRangesAndLists() {
    String quarterHours = "*/15 * * * *";
    assertThat(covers(quarterHours, "PT5M", "2026-11-18T10:14:59Z")).isFalse();
    assertThat(covers(quarterHours, "PT5M", "2026-11-18T10:15:00Z")).isTrue();
    assertThat(covers(quarterHours, "PT5M", "2026-11-18T10:19:59Z")).isTrue();
    assertThat(covers(quarterHours, "PT5M", "2026-11-18T10:20:00Z")).isFalse();
    String officeHours = "0 9-17/4 * * MON-FRI";
    assertThat(covers(officeHours, "PT1M", "2026-11-18T09:00:00Z")).isTrue();
    assertThat(covers(officeHours, "PT1M", "2026-11-18T13:00:00Z")).isTrue();
    assertThat(covers(officeHours, "PT1M", "2026-11-18T17:00:00Z")).isTrue();
    assertThat(covers(officeHours, "PT1M", "2026-11-18T11:00:00Z")).isFalse();
    assertThat(covers(officeHours, "PT1M", "2026-11-21T09:00:00Z")).as("Saturday").isFalse();
    String fromFive = "5/20 * * * *"; // 5, 25, 45
    assertThat(covers(fromFive, "PT1M", "2026-11-18T10:25:30Z")).isTrue();
    assertThat(covers(fromFive, "PT1M", "2026-11-18T10:05:30Z")).isTrue();
    assertThat(covers(fromFive, "PT1M", "2026-11-18T10:15:30Z")).isFalse();
    String months = "0 2 1 jan,Jul *";
    assertThat(covers(months, "PT1H", "2026-07-01T02:00:00Z")).isTrue();
    assertThat(covers(months, "PT1H", "2026-06-01T02:00:00Z")).isFalse();
  }

  @Test
  void classicDayFieldsCombineAsVixieCronDoes() {
    // Both restricted: the 1st of the month OR any Monday.
    String either = "0 0 1 * MON";
    assertThat(covers(either, "PT1M", "2026-11-01T00:00:00Z")).as("Sunday the 1st").isTrue();
    assertThat(covers(either, "PT1M", "2026-11-16T00:00:00Z")).as("a Monday").isTrue();
    assertThat(covers(either, "PT1M", "2026-11-17T00:00:00Z")).isFalse();
    // A field starting with '*' counts as unrestricted: odd days AND Mondays.
    String both = "0 0 */2 * MON";
    assertThat(covers(both, "PT1M", "2026-11-09T00:00:00Z")).as("Monday the 9th").isTrue();
    assertThat(covers(both, "PT1M", "2026-11-16T00:00:00Z")).as("Monday the 16th").isFalse();
    assertThat(covers(both, "PT1M", "2026-11-11T00:00:00Z")).as("Wednesday the 11th").isFalse();
  }

  @Test
  void macros() {
    assertThat(covers("@daily", "PT1H", "2026-11-18T00:59:00Z")).isTrue();
    assertThat(covers("@midnight", "PT1H", "2026-11-18T01:00:00Z")).isFalse();
    assertThat(covers("@weekly", "PT1H", "2026-11-22T00:30:00Z")).as("Sunday").isTrue();
    assertThat(covers("@weekly", "PT1H", "2026-11-21T00:30:00Z")).isFalse();
    assertThat(covers("@monthly", "PT1H", "2026-12-01T00:30:00Z")).isTrue();
    assertThat(covers("@yearly", "PT1H", "2027-01-01T00:30:00Z")).isTrue();
    assertThat(covers("@annually", "PT1H", "2026-12-01T00:30:00Z")).isFalse();
    assertThat(covers("@hourly", "PT10M", "2026-11-18T13:05:00Z")).isTrue();
    assertThat(covers("@hourly", "PT10M", "2026-11-18T13:15:00Z")).isFalse();
  }

  @Test
  void awsLastDayOfTheMonth() {
    String last = "cron(0 3 L * ? *)";
    assertThat(covers(last, "PT1H", "2026-02-28T03:00:00Z")).isTrue();
    assertThat(covers(last, "PT1H", "2026-02-27T03:00:00Z")).isFalse();
    assertThat(covers(last, "PT1H", "2028-02-29T03:00:00Z")).as("leap year").isTrue();
    assertThat(covers(last, "PT1H", "2028-02-28T03:00:00Z")).isFalse();
    assertThat(covers(last, "PT1H", "2026-11-30T03:00:00Z")).isTrue();
  }

  @Test
  void awsWeekdaysNearADay() {
    // May 2026 ends on Sunday the 31st: the last weekday is Friday the 29th.
    assertThat(covers("cron(0 3 LW * ? *)", "PT1H", "2026-05-29T03:00:00Z")).isTrue();
    assertThat(covers("cron(0 3 LW * ? *)", "PT1H", "2026-05-31T03:00:00Z")).isFalse();
    // 15 November 2026 is a Sunday: 15W is Monday the 16th.
    assertThat(covers("cron(0 3 15W * ? *)", "PT1H", "2026-11-16T03:00:00Z")).isTrue();
    assertThat(covers("cron(0 3 15W * ? *)", "PT1H", "2026-11-15T03:00:00Z")).isFalse();
    // 14 November 2026 is a Saturday: 14W is Friday the 13th.
    assertThat(covers("cron(0 3 14W * ? *)", "PT1H", "2026-11-13T03:00:00Z")).isTrue();
    // 1 August 2026 is a Saturday: 1W stays in August, on Monday the 3rd.
    assertThat(covers("cron(0 3 1W * ? *)", "PT1H", "2026-08-03T03:00:00Z")).isTrue();
    assertThat(covers("cron(0 3 1W * ? *)", "PT1H", "2026-07-31T03:00:00Z")).isFalse();
    // A weekday is itself.
    assertThat(covers("cron(0 3 18W * ? *)", "PT1H", "2026-11-18T03:00:00Z")).isTrue();
    // 31W in a 30-day month never opens.
    assertThat(covers("cron(0 3 31W * ? *)", "PT1H", "2026-11-30T03:00:00Z")).isFalse();
  }

  @Test
  void awsLastAndNthWeekdayOfTheMonth() {
    // The last Friday of November 2026 is the 27th.
    for (String cron : new String[] {"cron(0 2 ? * 6L *)", "cron(0 2 ? * FRIL *)"}) {
      assertThat(covers(cron, "PT1H", "2026-11-27T02:00:00Z")).as(cron).isTrue();
      assertThat(covers(cron, "PT1H", "2026-11-20T02:00:00Z")).as(cron).isFalse();
    }
    // L alone in day-of-week is Saturday, the last day of the week.
    assertThat(covers("cron(0 2 ? * L *)", "PT1H", "2026-11-21T02:00:00Z")).isTrue();
    assertThat(covers("cron(0 2 ? * L *)", "PT1H", "2026-11-20T02:00:00Z")).isFalse();
    // The third Wednesday of November 2026 is the 18th (4, 11, 18).
    for (String cron : new String[] {"cron(0 2 ? * 4#3 *)", "cron(0 2 ? * WED#3 *)"}) {
      assertThat(covers(cron, "PT1H", "2026-11-18T02:00:00Z")).as(cron).isTrue();
      assertThat(covers(cron, "PT1H", "2026-11-11T02:00:00Z")).as(cron).isFalse();
      assertThat(covers(cron, "PT1H", "2026-11-25T02:00:00Z")).as(cron).isFalse();
    }
    // A fifth Monday exists in November 2026 (the 30th), not in December.
    assertThat(covers("cron(0 2 ? * MON#5 *)", "PT1H", "2026-11-30T02:00:00Z")).isTrue();
    assertThat(covers("cron(0 2 ? * MON#5 *)", "PT1H", "2026-12-28T02:00:00Z")).isFalse();
  }

  @Test
  void awsYears() {
    String only2027 = "cron(0 2 ? * WED 2027)";
    assertThat(covers(only2027, "PT1H", "2026-11-18T02:00:00Z")).isFalse();
    assertThat(covers(only2027, "PT1H", "2027-11-17T02:00:00Z")).isTrue();
    String evenYears = "cron(0 2 1 1 ? 2026/2)";
    assertThat(covers(evenYears, "PT1H", "2026-01-01T02:00:00Z")).isTrue();
    assertThat(covers(evenYears, "PT1H", "2027-01-01T02:00:00Z")).isFalse();
    assertThat(covers(evenYears, "PT1H", "2028-01-01T02:00:00Z")).isTrue();
    assertThat(covers("cron(0 2 1 1 ? 2198-2199)", "PT1H", "2199-01-01T02:00:00Z")).isTrue();
    assertThat(covers("cron(0 2 1 1 ? 2198-2199)", "PT1H", "2200-01-01T02:00:00Z")).isFalse();
  }

  @Test
  void quartzSevenFieldsWithZeroSeconds() {
    String everyHalfHour = "cron(0 0/30 * 1/1 * ? *)";
    assertThat(covers(everyHalfHour, "PT1M", "2026-11-18T10:30:20Z")).isTrue();
    assertThat(covers(everyHalfHour, "PT1M", "2026-11-18T10:31:00Z")).isFalse();
  }

  @Test
  void nonPositiveDurationsCoverNothing() {
    CronSchedule s = CronSchedule.parse("* * * * *");
    Instant t = Instant.parse("2026-11-18T10:00:00Z");
    assertThat(s.covers(t, Duration.ofMinutes(1), UTC)).isTrue();
    assertThat(s.covers(t, Duration.ZERO, UTC)).isFalse();
    assertThat(s.covers(t, Duration.ofMinutes(-5), UTC)).isFalse();
    assertThatThrownBy(() -> s.covers(t, Duration.ofDays(400), UTC))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keepsTheTextAsWritten() {
    CronSchedule s = CronSchedule.parse("cron(0 2 ? * WED *)");
    assertThat(s.text()).isEqualTo("cron(0 2 ? * WED *)");
    assertThat(s).hasToString("cron(0 2 ? * WED *)");
    assertThat(s).isEqualTo(CronSchedule.parse("cron(0 2 ? * WED *)"));
    assertThat(s).isNotEqualTo(CronSchedule.parse("0 2 * * 3"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                     | empty cron expression",
        "rate(1 hour)           | rate() expressions have no fixed opening time",
        "at(2026-11-18T02:00:00) | at() runs once",
        "0 2 * *                | 4 fields: classic cron has 5",
        "0 0 2 * * 3            | 6 fields: classic cron has 5 (minute hour day-of-month month"
            + " day-of-week); write the AWS 6-field form as cron(",
        "0 25 * * *             | hour 25 is out of range 0-23",
        "61 * * * *             | minute 61 is out of range 0-59",
        "0 0 0 * *              | day-of-month 0 is out of range 1-31",
        "0 0 * 13 *             | month 13 is out of range 1-12",
        "0 0 * * 8              | day-of-week 8 is out of range 0-7",
        "0 2 ? * 3              | day-of-month \"?\": '?' is only supported in the AWS form"
            + " cron(...)",
        "0 2 L * *              | 'L' is only supported in the AWS form",
        "0 2 * * 5L             | 'L' is only supported in the AWS form",
        "0 2 * * 3#2            | '#' is only supported in the AWS form",
        "0 2 * * FRU            | day-of-week \"FRU\": not a number or a name (SUN-SAT)",
        "0 2 * FOO *            | month \"FOO\": not a number or a name (JAN-DEC)",
        "0 2 * * FRI-MON        | the range goes backwards; wrap-around ranges are not supported",
        "*/0 * * * *            | the step after '/' must be a positive number",
        "1/2/3 * * * *          | more than one '/'",
        "0 2 1,,2 * *           | day-of-month: empty item in a list (stray comma?)",
        "0 2 1-2-3 * *          | a range is a-b",
        "@reboot                | unknown macro @reboot",
        "cron(0 2 * * WED *)    | AWS cron needs '?' in one of them",
        "cron(0 2 ? * ? *)      | both '?'",
        "cron(0 2 ? * WED)      | cron(...) has 5 fields: AWS cron has 6",
        "cron(5 0 2 ? * WED *)  | seconds \"5\": only 0 is supported",
        "cron(0 2 ? * WED *     | cron( is not closed with )",
        "cron(0 2 ? * 4#6 *)    | the number after # must be 1-5",
        "cron(0 2 1,L * ? *)    | L, LW and nW must stand alone",
        "cron(0 2 ? * 2#1,3 *)  | L and # must stand alone",
        "cron(0 2 ? * 8 *)      | day-of-week 8 is out of range 1-7",
        "cron(0 2 ? * 0 *)      | day-of-week 0 is out of range 1-7",
        "cron(0 2 ? * WED 1969) | year 1969 is out of range 1970-2199",
        "cron(0 2 1? * ? *)     | '?' must stand alone"
      })
  void rejectsWithAClearMessage(String cron, String message) {
    assertThatThrownBy(() -> CronSchedule.parse(cron))
        .isInstanceOf(ScheduleException.class)
        .hasMessageContaining(message);
  }
}
