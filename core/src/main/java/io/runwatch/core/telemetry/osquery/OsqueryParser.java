package io.runwatch.core.telemetry.osquery;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runwatch.core.ingest.ErrorKind;
import io.runwatch.core.ingest.FieldMapping;
import io.runwatch.core.ingest.IngestError;
import io.runwatch.core.ingest.JsonFields;
import io.runwatch.core.model.HostExecution;
import io.runwatch.core.model.RecordRef;
import io.runwatch.core.model.TelemetryFormat;
import io.runwatch.core.telemetry.TelemetryListener;
import io.runwatch.core.telemetry.TelemetryParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads an osquery results log: the {@code filesystem} logger's {@code osqueryd.results.log} (or
 * {@code osqueryd.snapshots.log}), or the same JSON lines as a forwarder ships them, and reports
 * the rows of {@code process_events} (or of any query whose rows carry {@code cmdline}, {@code
 * path} and {@code pid}, such as {@code bpf_process_events}) as {@link HostExecution}s.
 *
 * <p>Every line is one JSON object with {@code name} (the scheduled query), {@code hostIdentifier},
 * {@code calendarTime}, {@code unixTime}, {@code epoch}, {@code counter} and the rows in one of
 * three shapes: event format ({@code "columns":{...}} and {@code "action"}, the default), batch
 * format ({@code "diffResults":{"added":[...],"removed":[...]}}, with {@code
 * --logger_event_type=false}) or snapshot ({@code "snapshot":[...]}). Values are strings unless
 * {@code numerics} is true. Lines written by the syslog logger with {@code
 * --logger_syslog_prepend_cee} keep their {@code @cee:} cookie; it is skipped.
 *
 * <p>Fields of a process row: image is {@code path}, the command line {@code cmdline}, pid {@code
 * pid}, ppid {@code parent} ({@code -1}, "cannot be determined", reads as absent), the working
 * directory {@code cwd}, the user the {@code username} column when the query joined one, else
 * {@code uid} as a number; the time is the row's {@code time} (the execution, in UNIX seconds),
 * else the line's {@code unixTime}; the event id is {@code eid} when selected. {@code
 * process_events} has no parent image or command line: they stay {@code null}. Rows that are not
 * process starts ({@code "removed"} rows, and Linux audit-backed rows whose {@code syscall} is
 * fork, vfork or clone) and every line of any other query go to {@link TelemetryListener#heard}.
 *
 * <p>The host is {@code hostIdentifier} as osquery wrote it (older versions: {@code hostname}).
 * What it holds depends on {@code --host_identifier}: {@code hostname} (the default), {@code uuid}
 * (the platform's SMBIOS UUID), {@code instance} or {@code ephemeral} (UUIDs that osquery generates
 * itself, not the cloud's instance id) or {@code specified} ({@code --specified_identifier}, which
 * a deployment may set to the instance id). A host map resolves it to a VM; this parser never
 * guesses.
 *
 * <p>Sources: osquery documentation, "Logging osquery" ({@code docs/wiki/deployment/logging.md}:
 * results log, event / snapshot / batch formats), "Command Line Flags" ({@code --host_identifier},
 * {@code --logger_event_type}, {@code --logger_syslog_prepend_cee}) and the {@code process_events}
 * table schema ({@code specs/posix/process_events.table}).
 */
public final class OsqueryParser implements TelemetryParser {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String CEE = "@cee:";
  private static final List<String> EXEC_SYSCALLS = List.of("execve", "execveat");
  // "Tue Sep 30 17:37:30 2014 UTC"; without --utc the time is local and carries no suffix
  private static final DateTimeFormatter CALENDAR_TIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

  public OsqueryParser() {}

  @Override
  public TelemetryFormat format() {
    return TelemetryFormat.OSQUERY;
  }

  /**
   * A JSON object with {@code hostIdentifier} and {@code columns}, {@code diffResults} or {@code
   * snapshot}.
   */
  @Override
  public boolean recognizes(String head) {
    String h = (head.startsWith("\uFEFF") ? head.substring(1) : head).stripLeading();
    if (h.startsWith(CEE)) {
      h = h.substring(CEE.length()).stripLeading();
    }
    return h.startsWith("{")
        && h.contains("\"hostIdentifier\"")
        && (h.contains("\"columns\"")
            || h.contains("\"diffResults\"")
            || h.contains("\"snapshot\""));
  }

  @Override
  public long parse(BufferedReader in, String source, String defaultHost, TelemetryListener out)
      throws IOException {
    long count = 0;
    long lineNo = -1;
    String line;
    while ((line = in.readLine()) != null) {
      lineNo++;
      String text = (lineNo == 0 && line.startsWith("\uFEFF") ? line.substring(1) : line).strip();
      if (text.startsWith(CEE)) {
        text = text.substring(CEE.length()).strip();
      }
      if (text.isEmpty()) {
        continue;
      }
      RecordRef where = new RecordRef(source, lineNo, -1);
      Line parsed = new Line(where, defaultHost, out);
      try {
        parsed.read(text);
      } catch (RuntimeException e) {
        parsed.error(ErrorKind.UNEXPECTED, null, "OsqueryParser failed (please report): " + e);
      }
      count += parsed.count;
    }
    return count;
  }

  /** This parser's field table: which raw field fills which model field. */
  public List<FieldMapping> fieldTable() {
    return List.of(
        new FieldMapping(
            "host",
            "hostIdentifier (hostname in old versions)",
            "the default host given, else a MISSING_FIELD hostIdentifier"),
        new FieldMapping(
            "time", "columns.time (UNIX seconds)", "unixTime, else calendarTime, else an error"),
        new FieldMapping("pid", "columns.pid", "null"),
        new FieldMapping("ppid", "columns.parent", "null (also for -1)"),
        new FieldMapping("image", "columns.path", "null"),
        new FieldMapping("commandLine", "columns.cmdline", "null"),
        new FieldMapping("user", "columns.username when joined, else columns.uid", "null"),
        new FieldMapping("parentImage / parentCommandLine", "(not in process_events)", "null"),
        new FieldMapping("currentDirectory", "columns.cwd", "null"),
        new FieldMapping("eventId", "columns.eid (hidden column)", "null"));
  }

  /** One results-log line. */
  private static final class Line {
    private final RecordRef where;
    private final String defaultHost;
    private final TelemetryListener out;
    private long count;

    Line(RecordRef where, String defaultHost, TelemetryListener out) {
      this.where = where;
      this.defaultHost = defaultHost;
      this.out = out;
    }

    void read(String text) {
      JsonNode root;
      try {
        root = MAPPER.readTree(text);
      } catch (JacksonException e) {
        error(ErrorKind.MALFORMED_JSON, null, "not JSON: " + e.getOriginalMessage());
        return;
      }
      if (root == null || !root.isObject()) {
        error(ErrorKind.INVALID_FIELD, null, "a results-log line must be a JSON object");
        return;
      }
      String host = JsonFields.text(root, "hostIdentifier");
      if (host == null) {
        host = JsonFields.text(root, "hostname");
      }
      if (host == null) {
        host = defaultHost;
      }
      if (host == null) {
        error(ErrorKind.MISSING_FIELD, "hostIdentifier", "no hostIdentifier and no default host");
        return;
      }
      List<Row> rows = rows(root);
      if (rows == null) {
        error(ErrorKind.MISSING_FIELD, "columns", "no columns, diffResults or snapshot");
        return;
      }
      if (!isProcessQuery(root, rows)) {
        Instant time = lineTime(root, "unixTime");
        if (time != null) {
          heard(host, time);
        }
        return;
      }
      for (Row row : rows) {
        processRow(root, host, row);
      }
    }

    private void processRow(JsonNode root, String host, Row row) {
      if (!row.columns.isObject()) {
        error(ErrorKind.INVALID_FIELD, row.path, "a row must be a JSON object");
        return;
      }
      Instant time;
      String timeText = JsonFields.text(row.columns, "time");
      if (timeText != null) {
        time = epochSeconds(timeText);
        if (time == null) {
          error(
              ErrorKind.INVALID_FIELD,
              row.path + ".time",
              "not UNIX seconds: " + abbreviate(timeText));
          return;
        }
      } else {
        time = lineTime(root, row.path + ".time");
        if (time == null) {
          return;
        }
      }
      String syscall = JsonFields.text(row.columns, "syscall");
      boolean start =
          !"removed".equals(row.action)
              && (syscall == null || EXEC_SYSCALLS.contains(syscall.toLowerCase(Locale.ROOT)));
      if (!start) {
        heard(host, time);
        return;
      }
      Long ppid = number(row.columns, "parent");
      if (ppid != null && ppid < 0) {
        ppid = null;
      }
      String user = JsonFields.text(row.columns, "username");
      if (user == null) {
        user = JsonFields.text(row.columns, "uid");
      }
      count++;
      out.execution(
          new HostExecution(
              host,
              time,
              number(row.columns, "pid"),
              ppid,
              JsonFields.text(row.columns, "path"),
              JsonFields.text(row.columns, "cmdline"),
              user,
              null,
              null,
              JsonFields.text(row.columns, "cwd"),
              TelemetryFormat.OSQUERY,
              JsonFields.text(row.columns, "eid"),
              where));
    }

    /**
     * The line's own time, for rows without {@code time} and for other queries; reports the error
     * (naming {@code field}) and returns {@code null} when there is none.
     */
    private Instant lineTime(JsonNode root, String field) {
      String unixTime = JsonFields.text(root, "unixTime");
      if (unixTime != null) {
        Instant t = epochSeconds(unixTime);
        if (t == null) {
          error(ErrorKind.INVALID_FIELD, "unixTime", "not UNIX seconds: " + abbreviate(unixTime));
        }
        return t;
      }
      Instant t = calendarTime(JsonFields.text(root, "calendarTime"));
      if (t == null) {
        error(ErrorKind.MISSING_FIELD, field, "no time in the row and no unixTime in the line");
      }
      return t;
    }

    private void heard(String host, Instant time) {
      count++;
      out.heard(host, time);
    }

    void error(ErrorKind kind, String field, String message) {
      count++;
      out.error(new IngestError(where, kind, field, message));
    }
  }

  /** A row and where it sits in its line, for error messages. */
  private record Row(JsonNode columns, String action, String path) {}

  /** The rows of any of the three formats, or {@code null} when the line holds none. */
  private static List<Row> rows(JsonNode root) {
    List<Row> rows = new ArrayList<>();
    JsonNode columns = root.get("columns");
    if (columns != null) {
      String action = JsonFields.text(root, "action");
      rows.add(new Row(columns, action == null ? "added" : action, "columns"));
      return rows;
    }
    JsonNode diff = root.get("diffResults");
    if (diff != null) {
      for (String action : List.of("added", "removed")) {
        JsonNode part = diff.get(action);
        if (part != null && part.isArray()) {
          for (int i = 0; i < part.size(); i++) {
            rows.add(new Row(part.get(i), action, "diffResults." + action + "[" + i + "]"));
          }
        }
      }
      return rows;
    }
    JsonNode snapshot = root.get("snapshot");
    if (snapshot != null && snapshot.isArray()) {
      for (int i = 0; i < snapshot.size(); i++) {
        rows.add(new Row(snapshot.get(i), "snapshot", "snapshot[" + i + "]"));
      }
      return rows;
    }
    return null;
  }

  /** {@code process_events} by name, or rows that look like process starts. */
  private static boolean isProcessQuery(JsonNode root, List<Row> rows) {
    String name = JsonFields.text(root, "name");
    if (name != null && name.toLowerCase(Locale.ROOT).contains("process_events")) {
      return true;
    }
    for (Row row : rows) {
      if (row.columns.isObject()) {
        return row.columns.has("cmdline") && row.columns.has("path") && row.columns.has("pid");
      }
    }
    return false;
  }

  private static Long number(JsonNode row, String field) {
    String text = JsonFields.text(row, field);
    if (text == null) {
      return null;
    }
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** UNIX seconds, as a string or a number; {@code null} when not a positive whole number. */
  static Instant epochSeconds(String text) {
    try {
      long seconds = Long.parseLong(text.strip());
      return seconds > 0 && seconds < 100_000_000_000L ? Instant.ofEpochSecond(seconds) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {@code calendarTime} ("Tue Sep 30 17:37:30 2014 UTC"), read as UTC. */
  static Instant calendarTime(String text) {
    if (text == null) {
      return null;
    }
    String t = text.strip();
    if (!t.endsWith(" UTC")) {
      return null; // local time (--utc=false): unusable without the host's zone
    }
    t = t.substring(0, t.length() - 4);
    try {
      return LocalDateTime.parse(t, CALENDAR_TIME).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String abbreviate(String s) {
    return JsonFields.abbreviate(s, 60);
  }
}
