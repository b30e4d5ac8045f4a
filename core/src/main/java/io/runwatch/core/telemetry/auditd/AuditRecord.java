package io.runwatch.core.telemetry.auditd;

import io.runwatch.core.ingest.InvalidRecordException;
import java.time.Instant;
import java.util.Map;

/**
 * One line of {@code audit.log}:
 *
 * <pre>[node=NAME ]type=TYPE msg=audit(SECONDS.MILLIS:SERIAL): key=value ...[GS KEY=value ...]
 * </pre>
 *
 * @param node the {@code node=} prefix auditd writes when {@code name_format} is set, or {@code
 *     null}
 * @param fields the raw {@code key=value} pairs, values undecoded
 * @param enriched the pairs after the group separator (0x1D) that {@code log_format = ENRICHED}
 *     appends ({@code UID="root"}, {@code SYSCALL=execve}...); empty for RAW logs
 */
record AuditRecord(
    String node,
    String type,
    Instant time,
    long serial,
    Map<String, String> fields,
    Map<String, String> enriched) {

  static final char GROUP_SEPARATOR = '\u001d';
  private static final String STAMP = "msg=audit(";

  /**
   * Parses one line.
   *
   * @throws InvalidRecordException naming {@code type} or {@code msg} when the line is not an audit
   *     record or its {@code audit(...)} stamp is unusable
   */
  static AuditRecord parse(String line) throws InvalidRecordException {
    int pos = 0;
    String node = null;
    if (line.startsWith("node=")) {
      int space = line.indexOf(' ');
      if (space < 0) {
        throw InvalidRecordException.missing("type");
      }
      node = line.substring("node=".length(), space);
      if (node.isEmpty()) {
        throw InvalidRecordException.invalid("node", "empty node name");
      }
      pos = space + 1;
    }
    if (!line.startsWith("type=", pos)) {
      throw InvalidRecordException.missing("type");
    }
    int typeEnd = line.indexOf(' ', pos);
    String type = line.substring(pos + "type=".length(), typeEnd < 0 ? line.length() : typeEnd);
    if (type.isEmpty()) {
      throw InvalidRecordException.invalid("type", "empty record type");
    }
    if (typeEnd < 0) {
      throw InvalidRecordException.missing("msg");
    }
    int stamp = typeEnd;
    while (stamp < line.length() && line.charAt(stamp) == ' ') {
      stamp++;
    }
    if (!line.startsWith(STAMP, stamp)) {
      throw InvalidRecordException.missing("msg");
    }
    int close = line.indexOf(')', stamp);
    if (close < 0) {
      throw InvalidRecordException.invalid("msg", "unterminated audit(...) stamp");
    }
    String inner = line.substring(stamp + STAMP.length(), close);
    int colon = inner.lastIndexOf(':');
    if (colon < 0) {
      throw InvalidRecordException.invalid("msg", "no serial in audit(" + inner + ")");
    }
    Instant time = epoch(inner.substring(0, colon));
    Long serial = AuditFields.number(inner.substring(colon + 1));
    if (time == null || serial == null || serial < 0) {
      throw InvalidRecordException.invalid(
          "msg", "expected audit(<epoch seconds>.<millis>:<serial>), got audit(" + inner + ")");
    }
    int body = close + 1;
    if (body < line.length() && line.charAt(body) == ':') {
      body++;
    }
    int separator = line.indexOf(GROUP_SEPARATOR, body);
    Map<String, String> fields =
        AuditFields.split(separator < 0 ? line.substring(body) : line.substring(body, separator));
    Map<String, String> enriched =
        separator < 0 ? Map.of() : AuditFields.split(line.substring(separator + 1));
    return new AuditRecord(node, type, time, serial, fields, enriched);
  }

  /** {@code 1361852594.621} as an instant, or {@code null} when it is not one. */
  private static Instant epoch(String text) {
    int dot = text.indexOf('.');
    String seconds = dot < 0 ? text : text.substring(0, dot);
    String fraction = dot < 0 ? "" : text.substring(dot + 1);
    if (seconds.isEmpty() || !digits(seconds) || fraction.length() > 9 || !digits(fraction)) {
      return null;
    }
    if (seconds.length() > 12) {
      return null;
    }
    long nanos = fraction.isEmpty() ? 0 : Long.parseLong((fraction + "000000000").substring(0, 9));
    return Instant.ofEpochSecond(Long.parseLong(seconds), nanos);
  }

  private static boolean digits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
