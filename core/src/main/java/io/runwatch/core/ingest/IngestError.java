package io.runwatch.core.ingest;

import io.runwatch.core.model.RecordRef;
import java.util.Objects;

/**
 * A typed, located ingestion error: which source, which record, which field, and why.
 *
 * @param field the JSON path of the offending field (e.g. {@code eventTime}), or {@code null} when
 *     the record as a whole is unusable
 */
public record IngestError(RecordRef where, ErrorKind kind, String field, String message) {
  public IngestError {
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return where + ": " + kind + (field != null ? " at " + field : "") + ": " + message;
  }
}
