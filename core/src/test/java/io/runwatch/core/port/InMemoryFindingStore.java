package io.runwatch.core.port;

import io.runwatch.core.triage.Finding;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link FindingStore} in a map, with the same create-once semantics as the real ones. */
public final class InMemoryFindingStore implements FindingStore {
  private final Map<String, Stored> items = new ConcurrentHashMap<>();

  @Override
  public Put putIfAbsent(Finding finding, String json, Instant now) {
    Stored before = items.putIfAbsent(finding.id(), new Stored(finding.id(), json, now, null));
    if (before == null) {
      return Put.CREATED;
    }
    return before.notifiedAt() == null ? Put.STORED_NOT_NOTIFIED : Put.ALREADY_NOTIFIED;
  }

  @Override
  public void markNotified(String id, Instant at) {
    items.computeIfPresent(id, (k, s) -> new Stored(s.id(), s.json(), s.storedAt(), at));
  }

  @Override
  public Optional<Stored> get(String id) {
    return Optional.ofNullable(items.get(id));
  }

  public Map<String, Stored> all() {
    return Map.copyOf(items);
  }
}
