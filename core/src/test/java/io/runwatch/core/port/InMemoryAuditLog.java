package io.runwatch.core.port;

import java.util.ArrayList;
import java.util.List;

/** An {@link AuditLog} that keeps the records in order. */
public final class InMemoryAuditLog implements AuditLog {
  private final List<AuditRecord> records = new ArrayList<>();

  @Override
  public synchronized void record(AuditRecord record) {
    records.add(record);
  }

  public synchronized List<AuditRecord> records() {
    return List.copyOf(records);
  }
}
