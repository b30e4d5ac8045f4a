package io.runwatch.core.port;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link EventJournal} in memory: idempotent per key, oldest first. */
public final class InMemoryEventJournal implements EventJournal {
  private final Map<String, Map<String, Entry>> byScope = new ConcurrentHashMap<>();

  @Override
  public boolean append(String scope, Instant time, String key, byte[] event) {
    return byScope
            .computeIfAbsent(scope, s -> new ConcurrentHashMap<>())
            .putIfAbsent(time + "#" + key, new Entry(time, key, event.clone()))
        == null;
  }

  @Override
  public boolean contains(String scope, Instant time, String key) {
    return byScope.getOrDefault(scope, Map.of()).containsKey(time + "#" + key);
  }

  @Override
  public List<Entry> since(String scope, Instant from, int limit) {
    List<Entry> out = new ArrayList<>(byScope.getOrDefault(scope, Map.of()).values());
    out.removeIf(e -> e.time().isBefore(from));
    out.sort(Comparator.comparing(Entry::time).thenComparing(Entry::key));
    return out.size() > limit ? out.subList(out.size() - limit, out.size()) : out;
  }
}
