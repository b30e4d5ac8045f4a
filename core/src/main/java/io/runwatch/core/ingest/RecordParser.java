package io.runwatch.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.RecordRef;
import java.util.List;
import java.util.Set;

/**
 * Turns one cloud's control-plane records into {@link io.runwatch.core.model.AdminCommand}s.
 *
 * <p>Relevance is decided in two cheap stages before any JSON tree is built: while splitting, a
 * record becomes a candidate when one of its strings equals a {@link #candidateTokens() token};
 * then {@link #mayBeRelevant} looks at the candidate's raw text. Both must never reject a relevant
 * record (false positives are fine, false negatives lose detections).
 */
public interface RecordParser {
  Cloud cloud();

  /**
   * Groups of exact JSON strings (keys or values, compared ASCII case-insensitively, holding only
   * letters, digits, spaces and {@code . / -}): every relevant record contains at least one token
   * of each group, e.g. {@code ssm.amazonaws.com} and {@code SendCommand}. Checked against every
   * string the splitter passes, by length first.
   */
  List<Set<String>> candidateTokens();

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
