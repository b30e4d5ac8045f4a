package io.runwatch.core.ingest;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of what ingestion saw, safe to share across the threads of one hunt. Every record read
 * lands in exactly one of relevant, skipped or errors, so nothing is dropped unnoticed.
 */
public final class IngestStats {
  private final LongAdder sources = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder records = new LongAdder();
  private final LongAdder relevant = new LongAdder();
  private final Map<SkipReason, LongAdder> skipped = new EnumMap<>(SkipReason.class);
  private final Map<ErrorKind, LongAdder> errors = new EnumMap<>(ErrorKind.class);

  public IngestStats() {
    for (SkipReason r : SkipReason.values()) {
      skipped.put(r, new LongAdder());
    }
    for (ErrorKind k : ErrorKind.values()) {
      errors.put(k, new LongAdder());
    }
  }

  void countSource() {
    sources.increment();
  }

  void countBytes(long n) {
    bytes.add(n);
  }

  void countRecord() {
    records.increment();
  }

  void countRelevant() {
    relevant.increment();
  }

  void countSkipped(SkipReason reason) {
    skipped.get(reason).increment();
  }

  void countError(ErrorKind kind) {
    errors.get(kind).increment();
  }

  public long sources() {
    return sources.sum();
  }

  /** Bytes of (decompressed) input read. */
  public long bytes() {
    return bytes.sum();
  }

  /** Records found, including those that turned out to be errors. */
  public long records() {
    return records.sum();
  }

  public long relevant() {
    return relevant.sum();
  }

  public long skipped() {
    return skipped.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public long skipped(SkipReason reason) {
    return skipped.get(reason).sum();
  }

  public long errors() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public long errors(ErrorKind kind) {
    return errors.get(kind).sum();
  }

  @Override
  public String toString() {
    StringBuilder s =
        new StringBuilder()
            .append("read ")
            .append(records())
            .append(" records from ")
            .append(sources())
            .append(sources() == 1 ? " source" : " sources")
            .append(": relevant ")
            .append(relevant())
            .append(", skipped ")
            .append(skipped());
    if (skipped(SkipReason.UNRECOGNIZED) > 0) {
      s.append(" (").append(skipped(SkipReason.UNRECOGNIZED)).append(" unrecognized)");
    }
    s.append(", errors ").append(errors());
    return s.toString();
  }
}
