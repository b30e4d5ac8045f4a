package io.runwatch.aws.logs;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResultField;

/**
 * One Logs Insights result row: one log event of the VM.
 *
 * @param ptr Insights' {@code @ptr}, unique per log event (used to drop the rows two overlapping
 *     windows both returned)
 * @param time {@code @timestamp}, or {@code null} when absent or unreadable
 * @param message {@code @message}: one telemetry record (or one auditd record line)
 * @param logGroup {@code @log} ({@code account:log-group}), the same stream name can live in
 *     several groups
 * @param logStream {@code @logStream}
 */
record InsightsRow(String ptr, Instant time, String message, String logGroup, String logStream) {
  // Insights prints @timestamp as "2026-11-17 00:01:00.440" (UTC).
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]");

  static InsightsRow of(List<ResultField> fields) {
    String ptr = null;
    String timestamp = null;
    String message = null;
    String group = null;
    String stream = null;
    for (ResultField f : fields) {
      if (f.field() == null) {
        continue;
      }
      switch (f.field()) {
        case "@ptr" -> ptr = f.value();
        case "@timestamp" -> timestamp = f.value();
        case "@message" -> message = f.value();
        case "@log" -> group = f.value();
        case "@logStream" -> stream = f.value();
        default -> {}
      }
    }
    return new InsightsRow(ptr, time(timestamp), message, group, stream);
  }

  /** Identifies the log event: its {@code @ptr}, else what the row holds. */
  String key() {
    return ptr != null ? ptr : logGroup + "|" + logStream + "|" + time + "|" + message;
  }

  private static Instant time(String s) {
    if (s == null) {
      return null;
    }
    try {
      return LocalDateTime.parse(s.strip(), TIMESTAMP).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
