package io.runwatch.aws.ec2;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A small least-recently-used cache whose entries expire: host names map to instances for a while
 * only, because private IP addresses (and so {@code ip-10-0-1-23} names) are reused after an
 * instance terminates, and a name unknown now may belong to an instance launched later.
 *
 * @param <V> the value; a cached {@link Optional#empty()} is a remembered "unknown"
 */
final class BoundedCache<V> {
  private record Slot<V>(Optional<V> value, Instant expires) {}

  private final int maxEntries;
  private final Duration ttl;
  private final Duration negativeTtl;
  private final InstantSource clock;
  private final Map<String, Slot<V>> entries;

  BoundedCache(int maxEntries, Duration ttl, Duration negativeTtl, InstantSource clock) {
    this.maxEntries = maxEntries;
    this.ttl = ttl;
    this.negativeTtl = negativeTtl;
    this.clock = clock;
    this.entries =
        new LinkedHashMap<>(64, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Slot<V>> eldest) {
            return size() > BoundedCache.this.maxEntries;
          }
        };
  }

  /** The cached answer ({@code Optional.empty()} when "unknown" is cached), or {@code null}. */
  synchronized Optional<V> get(String key) {
    Slot<V> e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (!clock.instant().isBefore(e.expires())) {
      entries.remove(key);
      return null;
    }
    return e.value();
  }

  synchronized void put(String key, Optional<V> value) {
    entries.put(
        key, new Slot<>(value, clock.instant().plus(value.isPresent() ? ttl : negativeTtl)));
  }

  synchronized int size() {
    return entries.size();
  }
}
