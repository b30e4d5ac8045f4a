package io.runwatch.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The end of a long-running operation, logged apart from its start and without the details that
 * made the start relevant (GCP Compute logs a {@code first} entry with the metadata delta and a
 * bare {@code last} entry). It completes the command with the same fold key, if there is one.
 */
public record OperationCompletion(
    String foldKey, Outcome outcome, String errorCode, Instant time, RecordRef origin) {
  public OperationCompletion {
    Objects.requireNonNull(foldKey, "foldKey");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(time, "time");
  }
}
