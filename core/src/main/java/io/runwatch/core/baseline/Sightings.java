package io.runwatch.core.baseline;

import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An immutable set of remembered items (addresses, networks, VMs, documents, countries, ASNs...),
 * each with the days it was first and last seen ({@link Seen}). Capped at {@link
 * PrincipalProfile#MAX_SET}: past the cap nothing new is remembered, which only makes "new"
 * detectors quieter; items aging out ({@link #seenSince}) make room again.
 */
public final class Sightings implements Iterable<String> {
  public static final Sightings NONE = new Sightings(Map.of());

  private final Map<String, Seen> items;

  private Sightings(Map<String, Seen> items) {
    this.items = items;
  }

  public static Sightings of(Map<String, Seen> items) {
    return items.isEmpty() ? NONE : new Sightings(Map.copyOf(items));
  }

  /** Every item of {@code values} first and last seen on {@code day} (migrating format 1). */
  public static Sightings allSeenOn(Iterable<String> values, long day) {
    Map<String, Seen> m = new HashMap<>();
    values.forEach(v -> m.put(v, new Seen(day, day, null)));
    return of(m);
  }

  public boolean contains(String item) {
    return item != null && items.containsKey(item);
  }

  public int size() {
    return items.size();
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }

  /** The items, unordered. */
  public Set<String> items() {
    return Collections.unmodifiableSet(items.keySet());
  }

  public Stream<String> stream() {
    return items.keySet().stream();
  }

  @Override
  public Iterator<String> iterator() {
    return items().iterator();
  }

  public Optional<Seen> seen(String item) {
    return Optional.ofNullable(items.get(item));
  }

  /** Item to sighting, unmodifiable. */
  public Map<String, Seen> asMap() {
    return items;
  }

  /** These sightings with {@code item} seen on {@code day}; {@code this} when nothing changes. */
  public Sightings plus(String item, long day, String label) {
    if (item == null) {
      return this;
    }
    Seen before = items.get(item);
    Seen after;
    if (before == null) {
      if (items.size() >= PrincipalProfile.MAX_SET) {
        return this;
      }
      after = new Seen(day, day, label);
    } else {
      after = before.again(day, label);
      if (after == before) {
        return this;
      }
    }
    Map<String, Seen> m = new HashMap<>(items);
    m.put(item, after);
    return new Sightings(Collections.unmodifiableMap(m));
  }

  /** These sightings with every item of {@code more} seen on {@code day}. */
  public Sightings plusAll(Iterable<String> more, long day) {
    Sightings out = this;
    for (String s : more) {
      out = out.plus(s, day, null);
    }
    return out;
  }

  /** Only the items last seen on or after {@code cutoffDay}; {@code this} when none is older. */
  public Sightings seenSince(long cutoffDay) {
    if (items.values().stream().allMatch(s -> s.lastDay() >= cutoffDay)) {
      return this;
    }
    Map<String, Seen> m = new HashMap<>();
    items.forEach(
        (k, v) -> {
          if (v.lastDay() >= cutoffDay) {
            m.put(k, v);
          }
        });
    return of(m);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sightings s && items.equals(s.items);
  }

  @Override
  public int hashCode() {
    return items.hashCode();
  }

  @Override
  public String toString() {
    return "Sightings" + items;
  }
}
