package io.runwatch.core.ingest.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.ingest.InvalidRecordException;
import io.runwatch.core.ingest.JsonFields;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Times as the clouds' CLIs print them: ISO-8601 (with {@code Z}, an offset, or none), or epoch
 * seconds with a fraction, as a JSON number or a string. AWS CLI v1 prints API timestamps as epoch
 * seconds ({@code "RequestedDateTime": 1550172741.988}), v2 as ISO with an offset; {@code
 * GetCommandInvocation}'s execution times are ISO strings in both, and empty until the plugin runs.
 */
final class ReportTimes {
  // Up to 11 integer digits: epoch seconds until the year 5138, far outside any real report.
  private static final Pattern EPOCH_SECONDS = Pattern.compile("-?\\d{1,11}(?:\\.\\d{1,9})?");
  private static final double MAX_EPOCH_SECONDS = 1e11;

  private ReportTimes() {}

  /**
   * The time in {@code node.field}, or {@code null} when it is absent, JSON null or an empty
   * string.
   *
   * @param path the field's JSON path in the record, for the error
   * @throws InvalidRecordException when the value is present but no timestamp
   */
  static Instant optional(JsonNode node, String field, String path) throws InvalidRecordException {
    JsonNode n = JsonFields.at(node, field);
    if (n == null) {
      return null;
    }
    if (n.isNumber()) {
      double d = n.doubleValue();
      if (!Double.isFinite(d) || Math.abs(d) > MAX_EPOCH_SECONDS) {
        throw notATime(path, n.asText());
      }
      return epoch(n.decimalValue(), path, n.asText());
    }
    if (!n.isTextual()) {
      throw notATime(path, n.toString());
    }
    String s = n.asText().strip();
    if (s.isEmpty()) {
      return null;
    }
    if (EPOCH_SECONDS.matcher(s).matches()) {
      return epoch(new BigDecimal(s), path, s);
    }
    Instant t = JsonFields.parseTime(s);
    if (t == null) {
      throw notATime(path, s);
    }
    return t;
  }

  private static Instant epoch(BigDecimal seconds, String path, String raw)
      throws InvalidRecordException {
    try {
      BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
      int nanos =
          seconds
              .subtract(whole)
              .movePointRight(9)
              .setScale(0, RoundingMode.HALF_EVEN)
              .intValueExact();
      return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    } catch (ArithmeticException | DateTimeException e) {
      throw notATime(path, raw);
    }
  }

  private static InvalidRecordException notATime(String path, String raw) {
    return InvalidRecordException.invalid(
        path, "not a timestamp: " + JsonFields.abbreviate(raw, 60));
  }

  /** The earlier of two times, either of which may be {@code null}. */
  static Instant earlier(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  /** The later of two times, either of which may be {@code null}. */
  static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
