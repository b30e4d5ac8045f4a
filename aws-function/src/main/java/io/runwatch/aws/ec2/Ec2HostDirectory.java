package io.runwatch.aws.ec2;

import io.runwatch.core.port.HostDirectory;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;

/**
 * Which EC2 instance a telemetry host name belongs to. Sysmon's {@code Computer}, auditd's {@code
 * node=} and osquery's {@code hostIdentifier} name the host as the OS knows it, which on EC2 is by
 * default the private DNS name, in full ({@code ip-10-0-1-23.ec2.internal}, {@code
 * ip-10-0-1-23.us-west-2.compute.internal}) or its first label ({@code ip-10-0-1-23}); with
 * resource-based naming it is the instance id ({@code i-0123456789abcdef0.ec2.internal}), and some
 * agents are set to write the instance id itself.
 *
 * <p>Instance ids (bare or as the first label) answer at once. IP-based names are looked up with
 * {@code ec2:DescribeInstances}, filter {@code private-dns-name} (the full name, or {@code
 * <label>.*} for the short form): exactly one instance answers, none or several (the same private
 * address in two VPCs) is unknown, since this port never guesses. Any other name is unknown without
 * a call. The account is the reservation's {@code OwnerId}.
 *
 * <p>Answers are cached, unknowns too, in a bounded cache whose entries expire (addresses are
 * reused). Failed lookups (throttling, access denied, 5xx) answer unknown and are not cached. The
 * client is asked for once, on the first lookup.
 */
public final class Ec2HostDirectory implements HostDirectory {
  private static final Pattern INSTANCE_ID =
      Pattern.compile("(i-(?:[0-9a-f]{8}|[0-9a-f]{17}))(?:\\..*)?");
  private static final Pattern IP_NAME =
      Pattern.compile(
          "ip-\\d{1,3}-\\d{1,3}-\\d{1,3}-\\d{1,3}(?:\\.ec2\\.internal|\\.[a-z]{2}(?:-[a-z]+)+-\\d{1,2}\\.compute\\.internal)?");

  /** How many pages of a filtered answer are read at most (EC2 may return empty pages). */
  private static final int MAX_PAGES = 5;

  /** One instance as the directory knows it. */
  record Found(String instanceId, String account, String privateDnsName) {}

  private final Supplier<Ec2Client> client;
  private final BoundedCache<Found> cache;
  private volatile Ec2Client ec2;

  /**
   * @param client builds the EC2 client; called once, on the first lookup
   * @param maxEntries how many host names are remembered
   * @param ttl how long a found instance is remembered
   * @param negativeTtl how long an unknown name is remembered
   */
  public Ec2HostDirectory(
      Supplier<Ec2Client> client,
      int maxEntries,
      Duration ttl,
      Duration negativeTtl,
      InstantSource clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.cache = new BoundedCache<>(maxEntries, ttl, negativeTtl, clock);
  }

  /** 4096 names, found ones for an hour, unknown ones for five minutes. */
  public Ec2HostDirectory(Supplier<Ec2Client> client) {
    this(client, 4096, Duration.ofHours(1), Duration.ofMinutes(5), InstantSource.system());
  }

  @Override
  public String vmOf(String host) {
    String h = normalize(host);
    if (h == null) {
      return null;
    }
    Matcher id = INSTANCE_ID.matcher(h);
    if (id.matches()) {
      return id.group(1);
    }
    return lookup(h).map(Found::instanceId).orElse(null);
  }

  @Override
  public String accountOf(String host) {
    String h = normalize(host);
    if (h == null) {
      return null;
    }
    Matcher id = INSTANCE_ID.matcher(h);
    String key = id.matches() ? id.group(1) : h;
    return lookup(key).map(Found::account).orElse(null);
  }

  /**
   * The host names telemetry may give {@code instanceId}: its private DNS name and that name's
   * first label; empty when unknown. For the Logs Insights filter.
   */
  public List<String> hostNamesOf(String instanceId) {
    String h = normalize(instanceId);
    if (h == null || !INSTANCE_ID.matcher(h).matches() || h.contains(".")) {
      return List.of();
    }
    Optional<Found> found = lookup(h);
    List<String> out = new ArrayList<>();
    found
        .map(Found::privateDnsName)
        .filter(n -> !n.isBlank())
        .ifPresent(
            n -> {
              out.add(n);
              int dot = n.indexOf('.');
              if (dot > 0) {
                out.add(n.substring(0, dot));
              }
            });
    return out;
  }

  private Optional<Found> lookup(String key) {
    Optional<Found> cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    String filterName;
    String filterValue;
    if (INSTANCE_ID.matcher(key).matches()) {
      filterName = "instance-id";
      filterValue = key;
    } else if (IP_NAME.matcher(key).matches()) {
      filterName = "private-dns-name";
      filterValue = key.contains(".") ? key : key + ".*";
    } else {
      return Optional.empty(); // not a name EC2 gives: unknown, without a call (nor a cache entry)
    }
    Optional<Found> answer;
    try {
      answer = describe(filterName, filterValue);
    } catch (SdkException e) {
      return Optional.empty(); // unknown for now; not cached, the next lookup tries again
    }
    cache.put(key, answer);
    return answer;
  }

  private Optional<Found> describe(String filterName, String filterValue) {
    List<Found> found = new ArrayList<>();
    int pages = 0;
    for (DescribeInstancesResponse page :
        ec2()
            .describeInstancesPaginator(
                r -> r.filters(Filter.builder().name(filterName).values(filterValue).build()))) {
      for (Reservation res : page.reservations()) {
        for (Instance i : res.instances()) {
          found.add(new Found(i.instanceId(), res.ownerId(), i.privateDnsName()));
        }
      }
      if (found.size() > 1 || ++pages >= MAX_PAGES) {
        break;
      }
    }
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }

  private Ec2Client ec2() {
    Ec2Client c = ec2;
    if (c == null) {
      synchronized (this) {
        c = ec2;
        if (c == null) {
          c = client.get();
          ec2 = c;
        }
      }
    }
    return c;
  }

  private static String normalize(String host) {
    if (host == null || host.isBlank() || host.length() > 253) {
      return null;
    }
    String h = host.strip().toLowerCase(Locale.ROOT);
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  /** How many names are cached; for tests and metrics. */
  int cached() {
    return cache.size();
  }
}
