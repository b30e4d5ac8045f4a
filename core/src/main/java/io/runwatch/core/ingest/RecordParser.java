package io.runwatch.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.RecordRef;
import java.util.List;

/**
 * Turns one cloud's control-plane records into {@link io.runwatch.core.model.AdminCommand}s.
 *
 * <p>The hunt path calls {@link #mayBeRelevant} on every record's raw bytes and builds a JSON tree
 * only for the few that pass, so the prefilter must be cheap and must never reject a relevant
 * record (false positives are fine, false negatives lose detections).
 */
public interface RecordParser {
  Cloud cloud();

  /**
   * Cheap test over the record's raw bytes viewed as Latin-1 (so ASCII needles match UTF-8 input).
   * {@code false} means the record is certainly irrelevant to this parser.
   */
  boolean mayBeRelevant(String latin1);

  /** Whether this parser recognizes the record's shape (a raw record or one of its envelopes). */
  boolean accepts(JsonNode record);

  /**
   * Parses one record (unwrapping envelopes) and reports what it holds to {@code out}.
   *
   * @return how many commands and status events were emitted; 0 means a recognized but irrelevant
   *     record
   */
  int parse(JsonNode record, RecordRef where, IngestListener out) throws InvalidRecordException;

  /** This parser's field table: which raw field fills which model field. */
  List<FieldMapping> fieldTable();
}
