package io.runwatch.aws.ssm;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One SDK client per region, built on first use and then reused: a command's record names the
 * region it was sent in, and SSM only knows a command in that region, but building a client costs
 * cold-start time, so none is built until a command from that region needs it.
 *
 * @param <C> the client type
 */
public final class RegionalClients<C> {
  /** Region names as AWS spells them ({@code us-east-1}, {@code us-gov-west-1}, ...). */
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(?:-[a-z]+)+-\\d{1,2}");

  private final String home;
  private final Function<String, C> factory;
  private final ConcurrentHashMap<String, C> clients = new ConcurrentHashMap<>();

  /**
   * @param home the function's own region, used when a command names none
   * @param factory builds the client of one region; called at most once per region
   */
  public RegionalClients(String home, Function<String, C> factory) {
    this.home = Objects.requireNonNull(home, "home");
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /** Whether {@code region} is spelled like an AWS region (and so may get a client). */
  public static boolean plausible(String region) {
    return region != null && REGION.matcher(region).matches();
  }

  /**
   * The client of {@code region}, or of the home region when {@code region} is null or blank.
   *
   * @throws IllegalArgumentException when {@code region} is not spelled like a region: a record's
   *     garbage must not make us build (and keep) a client per distinct string
   */
  public C forRegion(String region) {
    String key = region == null || region.isBlank() ? home : region;
    if (!plausible(key)) {
      throw new IllegalArgumentException("not an AWS region name");
    }
    return clients.computeIfAbsent(key, factory);
  }

  /** How many clients have been built so far. */
  public int built() {
    return clients.size();
  }
}
