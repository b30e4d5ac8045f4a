package io.runwatch.core.baseline;

import io.runwatch.core.geo.NetworkInfo;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Objects;

/**
 * What one principal normally does in one scope (cloud and account): an immutable value; {@link
 * #observe} returns a new profile.
 *
 * <p>Every remembered item (VM, source address, network, document, operation, country, ASN) keeps
 * the UTC days it was first and last seen ({@link Sightings}), so that {@link #seenSince} can age
 * out what the principal stopped doing ({@link BaselineHistory}). Sets are capped ({@link
 * #MAX_SET}) so a noisy principal cannot grow a baseline without bound; past the cap nothing new is
 * remembered, which only makes "new" detectors quieter for it.
 *
 * <p>The daily rate is an exponentially weighted moving average over days with a half-life of seven
 * days: on each new day {@code rate = rate * 2^(-days/7) + previousDayCount * (1 - 2^(-1/7))}. Days
 * without commands decay the rate. {@code todayCount} counts the current UTC day.
 *
 * @param countries ISO country codes of the source addresses, when a geo database was configured
 * @param asns {@code AS<number>} of the source addresses (label: the AS organization), likewise
 * @param hours commands per UTC hour of day, for "outside working hours" context
 * @param hoursLastDay per UTC hour of day, the last day a command fell in it ({@link
 *     Long#MIN_VALUE} for never): an hour not seen within the history loses its count
 */
public record PrincipalProfile(
    String principal,
    Instant firstSeen,
    Instant lastSeen,
    long commands,
    Sightings vms,
    Sightings sourceIps,
    Sightings networks,
    Sightings documents,
    Sightings operations,
    Sightings countries,
    Sightings asns,
    int[] hours,
    long[] hoursLastDay,
    double dailyRate,
    long currentDay,
    long todayCount) {

  public static final int MAX_SET = 2_000;
  static final double HALF_LIFE_DAYS = 7.0;
  static final long NEVER = Long.MIN_VALUE;

  public PrincipalProfile {
    Objects.requireNonNull(vms, "vms");
    Objects.requireNonNull(sourceIps, "sourceIps");
    Objects.requireNonNull(networks, "networks");
    Objects.requireNonNull(documents, "documents");
    Objects.requireNonNull(operations, "operations");
    Objects.requireNonNull(countries, "countries");
    Objects.requireNonNull(asns, "asns");
    if (hours.length != 24 || hoursLastDay.length != 24) {
      throw new IllegalArgumentException("hours and hoursLastDay have 24 entries");
    }
    hours = hours.clone();
    hoursLastDay = hoursLastDay.clone();
  }

  public static PrincipalProfile empty(String principal) {
    long[] never = new long[24];
    Arrays.fill(never, NEVER);
    return new PrincipalProfile(
        principal,
        null,
        null,
        0,
        Sightings.NONE,
        Sightings.NONE,
        Sightings.NONE,
        Sightings.NONE,
        Sightings.NONE,
        Sightings.NONE,
        Sightings.NONE,
        new int[24],
        never,
        0,
        Long.MIN_VALUE,
        0);
  }

  @Override
  public int[] hours() {
    return hours.clone();
  }

  @Override
  public long[] hoursLastDay() {
    return hoursLastDay.clone();
  }

  /** This profile after one more command, without geo information. */
  public PrincipalProfile observe(
      Instant time, Iterable<String> vmIds, String sourceIp, String document, String operation) {
    return observe(time, vmIds, sourceIp, null, document, operation);
  }

  /**
   * This profile after one more command.
   *
   * @param geo the source address's country and ASN, or {@code null} when unknown
   */
  public PrincipalProfile observe(
      Instant time,
      Iterable<String> vmIds,
      String sourceIp,
      NetworkInfo geo,
      String document,
      String operation) {
    long day = BaselineHistory.day(time);
    double rate = dailyRate;
    long today = todayCount;
    if (currentDay == Long.MIN_VALUE) {
      today = 0;
    } else if (day > currentDay) {
      rate = decayed(rate, todayCount, day - currentDay);
      today = 0;
    }
    int hour = time.atZone(ZoneOffset.UTC).getHour();
    int[] h = hours.clone();
    h[hour]++;
    long[] hl = hoursLastDay.clone();
    hl[hour] = Math.max(hl[hour], day);
    String network = Networks.network(sourceIp);
    return new PrincipalProfile(
        principal,
        firstSeen == null || time.isBefore(firstSeen) ? time : firstSeen,
        lastSeen == null || time.isAfter(lastSeen) ? time : lastSeen,
        commands + 1,
        vms.plusAll(vmIds, day),
        sourceIps.plus(sourceIp, day, null),
        networks.plus(network, day, null),
        documents.plus(document, day, null),
        operations.plus(operation, day, null),
        geo == null ? countries : countries.plus(geo.country(), day, null),
        geo == null ? asns : asns.plus(geo.asnKey(), day, geo.organization()),
        h,
        hl,
        rate,
        Math.max(day, currentDay),
        day >= currentDay ? today + 1 : today);
  }

  /**
   * This profile without the items last seen before {@code cutoffDay} (see {@link
   * BaselineHistory}); {@code this} when nothing is that old. Hours not seen since lose their
   * count. Counts, first/last seen and the daily rate are kept.
   */
  public PrincipalProfile seenSince(long cutoffDay) {
    int[] h = hours;
    long[] hl = hoursLastDay;
    for (int i = 0; i < 24; i++) {
      if (hl[i] != NEVER && hl[i] < cutoffDay) {
        if (h == hours) {
          h = hours.clone();
          hl = hoursLastDay.clone();
        }
        h[i] = 0;
        hl[i] = NEVER;
      }
    }
    PrincipalProfile aged =
        new PrincipalProfile(
            principal,
            firstSeen,
            lastSeen,
            commands,
            vms.seenSince(cutoffDay),
            sourceIps.seenSince(cutoffDay),
            networks.seenSince(cutoffDay),
            documents.seenSince(cutoffDay),
            operations.seenSince(cutoffDay),
            countries.seenSince(cutoffDay),
            asns.seenSince(cutoffDay),
            h,
            hl,
            dailyRate,
            currentDay,
            todayCount);
    return aged.equals(this) ? this : aged;
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

  @Override
  public boolean equals(Object o) {
    return o instanceof PrincipalProfile p
        && principal.equals(p.principal)
        && Objects.equals(firstSeen, p.firstSeen)
        && Objects.equals(lastSeen, p.lastSeen)
        && commands == p.commands
        && vms.equals(p.vms)
        && sourceIps.equals(p.sourceIps)
        && networks.equals(p.networks)
        && documents.equals(p.documents)
        && operations.equals(p.operations)
        && countries.equals(p.countries)
        && asns.equals(p.asns)
        && Arrays.equals(hours, p.hours)
        && Arrays.equals(hoursLastDay, p.hoursLastDay)
        && Double.compare(dailyRate, p.dailyRate) == 0
        && currentDay == p.currentDay
        && todayCount == p.todayCount;
  }

  @Override
  public int hashCode() {
    return Objects.hash(principal, commands, lastSeen);
  }

  @Override
  public String toString() {
    return "PrincipalProfile[" + principal + ", " + commands + " commands]";
  }
}
