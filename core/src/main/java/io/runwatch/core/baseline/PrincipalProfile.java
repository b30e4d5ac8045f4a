package io.runwatch.core.baseline;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What one principal normally does in one scope (cloud and account): an immutable value; {@link
 * #observe} returns a new profile.
 *
 * <p>Sets are capped ({@link #MAX_SET}) so a noisy principal cannot grow a baseline without bound;
 * past the cap nothing new is remembered, which only makes "new" detectors quieter for it.
 *
 * <p>The daily rate is an exponentially weighted moving average over days with a half-life of seven
 * days: on each new day {@code rate = rate * 2^(-days/7) + previousDayCount * (1 - 2^(-1/7))}. Days
 * without commands decay the rate. {@code todayCount} counts the current UTC day.
 *
 * @param hours commands per UTC hour of day, for "outside working hours" context
 */
public record PrincipalProfile(
    String principal,
    Instant firstSeen,
    Instant lastSeen,
    long commands,
    Set<String> vms,
    Set<String> sourceIps,
    Set<String> networks,
    Set<String> documents,
    Set<String> operations,
    int[] hours,
    double dailyRate,
    long currentDay,
    long todayCount) {

  public static final int MAX_SET = 2_000;
  static final double HALF_LIFE_DAYS = 7.0;

  public PrincipalProfile {
    vms = Set.copyOf(vms);
    sourceIps = Set.copyOf(sourceIps);
    networks = Set.copyOf(networks);
    documents = Set.copyOf(documents);
    operations = Set.copyOf(operations);
    hours = hours.clone();
  }

  public static PrincipalProfile empty(String principal) {
    return new PrincipalProfile(
        principal,
        null,
        null,
        0,
        Set.of(),
        Set.of(),
        Set.of(),
        Set.of(),
        Set.of(),
        new int[24],
        0,
        Long.MIN_VALUE,
        0);
  }

  /** This profile after one more command. */
  public PrincipalProfile observe(
      Instant time, Iterable<String> vmIds, String sourceIp, String document, String operation) {
    long day = Math.floorDiv(time.getEpochSecond(), 86_400);
    double rate = dailyRate;
    long today = todayCount;
    if (currentDay == Long.MIN_VALUE) {
      today = 0;
    } else if (day > currentDay) {
      rate = decayed(rate, todayCount, day - currentDay);
      today = 0;
    }
    int[] h = hours.clone();
    h[time.atZone(ZoneOffset.UTC).getHour()]++;
    return new PrincipalProfile(
        principal,
        firstSeen == null || time.isBefore(firstSeen) ? time : firstSeen,
        lastSeen == null || time.isAfter(lastSeen) ? time : lastSeen,
        commands + 1,
        plus(vms, vmIds),
        plus(sourceIps, sourceIp == null ? Set.of() : Set.of(sourceIp)),
        plus(networks, sourceIp == null ? Set.of() : Networks.of(sourceIp)),
        plus(documents, document == null ? Set.of() : Set.of(document)),
        plus(operations, operation == null ? Set.of() : Set.of(operation)),
        h,
        rate,
        Math.max(day, currentDay),
        day >= currentDay ? today + 1 : today);
  }

  /** The daily rate as of {@code day}, decayed over the days since the last command. */
  public double rateOn(long day) {
    if (currentDay == Long.MIN_VALUE) {
      return 0;
    }
    return day > currentDay ? decayed(dailyRate, todayCount, day - currentDay) : dailyRate;
  }

  private static double decayed(double rate, long lastDayCount, long days) {
    double alpha = 1 - Math.pow(2, -1 / HALF_LIFE_DAYS);
    double afterLastDay = rate * Math.pow(2, -1 / HALF_LIFE_DAYS) + lastDayCount * alpha;
    return afterLastDay * Math.pow(2, -(days - 1) / HALF_LIFE_DAYS);
  }

  private static Set<String> plus(Set<String> set, Iterable<String> more) {
    Set<String> out = null;
    for (String s : more) {
      if (s != null && !set.contains(s) && set.size() < MAX_SET) {
        if (out == null) {
          out = new LinkedHashSet<>(set);
        }
        if (out.size() < MAX_SET) {
          out.add(s);
        }
      }
    }
    return out == null ? set : out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PrincipalProfile p
        && principal.equals(p.principal)
        && java.util.Objects.equals(firstSeen, p.firstSeen)
        && java.util.Objects.equals(lastSeen, p.lastSeen)
        && commands == p.commands
        && vms.equals(p.vms)
        && sourceIps.equals(p.sourceIps)
        && networks.equals(p.networks)
        && documents.equals(p.documents)
        && operations.equals(p.operations)
        && Arrays.equals(hours, p.hours)
        && Double.compare(dailyRate, p.dailyRate) == 0
        && currentDay == p.currentDay
        && todayCount == p.todayCount;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(principal, commands, lastSeen);
  }

  @Override
  public String toString() {
    return "PrincipalProfile[" + principal + ", " + commands + " commands]";
  }
}
