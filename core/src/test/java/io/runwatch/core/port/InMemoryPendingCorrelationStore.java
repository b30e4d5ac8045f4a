package io.runwatch.core.port;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link PendingCorrelationStore} in a map, versioned like the real ones. */
public final class InMemoryPendingCorrelationStore implements PendingCorrelationStore {
  private final Map<String, Pending> items = new ConcurrentHashMap<>();

  @Override
  public boolean putIfAbsent(Pending p) {
    return items.putIfAbsent(p.id(), withVersion(p, 1)) == null;
  }

  @Override
  public Optional<Pending> get(String id) {
    return Optional.ofNullable(items.get(id));
  }

  @Override
  public List<Pending> byCommandId(String commandId) {
    return items.values().stream().filter(p -> Objects.equals(p.commandId(), commandId)).toList();
  }

  @Override
  public List<Pending> oldest(int limit) {
    return items.values().stream()
        .sorted(Comparator.comparing(Pending::firstSeen))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized boolean update(Pending p) {
    Pending now = items.get(p.id());
    if (now == null || now.version() != p.version() - 1) {
      return false;
    }
    items.put(p.id(), p);
    return true;
  }

  @Override
  public synchronized boolean delete(String id, long version) {
    Pending now = items.get(id);
    if (now == null || now.version() != version) {
      return false;
    }
    items.remove(id);
    return true;
  }

  private static Pending withVersion(Pending p, long v) {
    return new Pending(
        p.id(),
        p.account(),
        p.commandId(),
        p.event(),
        p.baseline(),
        p.firstSeen(),
        p.deadline(),
        p.attempts(),
        v);
  }
}
