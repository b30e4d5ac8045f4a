package io.runwatch.core.telemetry;

import java.util.concurrent.atomic.LongAdder;

/** Counts of the telemetry read, safe to share across a hunt's threads. */
public final class TelemetryStats {
  private final LongAdder sources = new LongAdder();
  private final LongAdder records = new LongAdder();
  private final LongAdder executions = new LongAdder();
  private final LongAdder errors = new LongAdder();

  void countSource() {
    sources.increment();
  }

  void countRecords(long n) {
    records.add(n);
  }

  void countExecution() {
    executions.increment();
  }

  void countError() {
    errors.increment();
  }

  public long sources() {
    return sources.sum();
  }

  /** Records read: process starts, other records and errors together. */
  public long records() {
    return records.sum();
  }

  public long executions() {
    return executions.sum();
  }

  public long errors() {
    return errors.sum();
  }

  @Override
  public String toString() {
    return "read "
        + records()
        + " telemetry records from "
        + sources()
        + (sources() == 1 ? " source" : " sources")
        + ": "
        + executions()
        + " process starts, errors "
        + errors();
  }
}
