package io.runwatch.core.geo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A least-recently-used map of at most {@code capacity} entries, safe for several threads. Lookups
 * repeat the same few addresses (a principal's usual egress) many times per hunt, and the bound
 * keeps a hunt over millions of distinct addresses from holding them all.
 */
final class BoundedCache<K, V> {
  private final int capacity;
  private final LinkedHashMap<K, V> entries;

  BoundedCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
    }
    this.capacity = capacity;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > BoundedCache.this.capacity;
          }
        };
  }

  /** The cached value of {@code key}, computing (outside the lock) and caching it when absent. */
  V get(K key, Function<K, V> compute) {
    synchronized (entries) {
      V v = entries.get(key);
      if (v != null) {
        return v;
      }
    }
    V v = compute.apply(key);
    synchronized (entries) {
      entries.put(key, v);
    }
    return v;
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }
}
