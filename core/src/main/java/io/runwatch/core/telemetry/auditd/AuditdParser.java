package io.runwatch.core.telemetry.auditd;

import io.runwatch.core.ingest.ErrorKind;
import io.runwatch.core.ingest.FieldMapping;
import io.runwatch.core.ingest.IngestError;
import io.runwatch.core.ingest.InvalidRecordException;
import io.runwatch.core.model.HostExecution;
import io.runwatch.core.model.RecordRef;
import io.runwatch.core.model.TelemetryFormat;
import io.runwatch.core.telemetry.TelemetryListener;
import io.runwatch.core.telemetry.TelemetryParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads a Linux audit log ({@code /var/log/audit/audit.log}, or {@code ausearch --raw} output) and
 * reports every execve / execveat as a {@link HostExecution}.
 *
 * <p>The kernel writes one event as several records that share the stamp {@code msg=audit(<epoch
 * seconds>.<millis>:<serial>)}: for an exec, {@code SYSCALL} (arch, syscall number, {@code
 * success}, {@code ppid}, {@code pid}, {@code auid}, {@code uid}, {@code comm}, {@code exe}, {@code
 * key}), {@code EXECVE} ({@code argc} and the arguments), {@code CWD}, one {@code PATH} per path
 * touched, {@code PROCTITLE}, then {@code EOE} ("end of multi-record event"). Records are joined on
 * {@code node} and serial; an event is complete at its EOE, at a later serial from the same node
 * while the log has shown no EOE (old kernels), when it is more than two seconds older than the
 * newest record of its node, when more than {@value #MAX_OPEN_EVENTS} events are open, or at the
 * end of the input. Userspace records ({@code USER_*}, {@code CRED_*}, {@code SERVICE_*}...) are
 * single-record events and complete at once. Until the first EOE the parser cannot tell an old
 * kernel from two interleaved events, so an event interleaved with a later one before any EOE has
 * been read is reported in two parts.
 *
 * <p>Fields: image is {@code exe}; the command line is the EXECVE arguments (hex-encoded ones
 * decoded, split ones reassembled) joined by spaces, else the PROCTITLE; the user is the enriched
 * {@code UID="name"} of {@code log_format = ENRICHED} (after the 0x1D separator), else the numeric
 * {@code uid}; the event id is the serial; the host is the {@code node=} prefix ({@code
 * name_format} in auditd.conf), else the caller's default host. The parent's image and command line
 * are not in the event: they are filled in from the most recent earlier exec of {@code ppid} on the
 * same node in the same source, when there is one (pid reuse between two such execs can mislead; a
 * bounded table of {@value #MAX_PROCESSES} pids is kept, their command lines cut at {@value
 * #MAX_REMEMBERED_COMMAND_LINE} characters). A command line longer than {@value
 * ExecveArgs#MAX_BYTES} bytes is cut and ends with "…".
 *
 * <p>Failed execs ({@code success=no}) and all other events only prove the host reports: they go to
 * {@link TelemetryListener#heard}.
 *
 * <p>Sources: the record and field formats are those of {@code kernel/audit.c} and {@code
 * kernel/auditsc.c} ({@code audit_log_execve_info}), the audit field dictionary in
 * github.com/linux-audit/audit-documentation ({@code specs/fields/field-dictionary.csv}) and
 * auditd.conf(5) for {@code log_format} and {@code name_format}.
 */
public final class AuditdParser implements TelemetryParser {
  static final int MAX_OPEN_EVENTS = 64;
  static final int MAX_PROCESSES = 4096;

  /** Command lines kept in the pid table (for children's parentCommandLine) are cut here. */
  static final int MAX_REMEMBERED_COMMAND_LINE = 2048;

  private static final Duration STALE = Duration.ofSeconds(2);

  private static final Pattern RECORD_START =
      Pattern.compile("^(?:node=\\S+ )?type=[A-Za-z0-9_]+ +msg=audit\\(");

  /** Userspace message families: written as one record, never followed by an EOE. */
  private static final List<String> SINGLE_RECORD_PREFIXES =
      List.of("USER_", "CRED_", "DAEMON_", "SERVICE_", "SYSTEM_", "ADD_", "DEL_", "GRP_", "ACCT_");

  public AuditdParser() {}

  @Override
  public TelemetryFormat format() {
    return TelemetryFormat.AUDITD;
  }

  /** The first record line (after blanks and ausearch's {@code ----} / {@code time->} lines). */
  @Override
  public boolean recognizes(String head) {
    for (String line : stripBom(head).split("\r?\n", 50)) {
      if (skippable(line)) {
        continue;
      }
      return RECORD_START.matcher(line).find();
    }
    return false;
  }

  @Override
  public long parse(BufferedReader in, String source, String defaultHost, TelemetryListener out)
      throws IOException {
    Run run = new Run(source, defaultHost, out);
    String line;
    long lineNo = -1;
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (lineNo == 0) {
        line = stripBom(line);
      }
      if (skippable(line)) {
        continue;
      }
      run.line(line, lineNo);
    }
    run.finish();
    return run.count;
  }

  /** This parser's field table: which raw field fills which model field. */
  public List<FieldMapping> fieldTable() {
    return List.of(
        new FieldMapping(
            "host", "node= prefix", "the default host given, else a MISSING_FIELD node"),
        new FieldMapping("time", "msg=audit(<epoch>.<ms>:<serial>)", "the line is an error (msg)"),
        new FieldMapping("pid / ppid", "SYSCALL pid / ppid", "null"),
        new FieldMapping("image", "SYSCALL exe (decoded)", "PATH item=0 name, else null"),
        new FieldMapping(
            "commandLine", "EXECVE a0..aN (hex decoded, aN[i] joined)", "PROCTITLE, else null"),
        new FieldMapping("user", "enriched UID=\"name\"", "SYSCALL uid (number)"),
        new FieldMapping(
            "parentImage / parentCommandLine",
            "earlier exec of ppid in the same source and node",
            "null"),
        new FieldMapping("currentDirectory", "CWD cwd (decoded)", "null"),
        new FieldMapping("eventId", "the serial", "never absent"));
  }

  private static String stripBom(String s) {
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }

  private static boolean skippable(String line) {
    return line.isBlank() || line.startsWith("----") || line.startsWith("time->");
  }

  private static boolean singleRecord(String type) {
    for (String prefix : SINGLE_RECORD_PREFIXES) {
      if (type.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private record EventKey(String node, long serial) {}

  private record Process(String image, String commandLine, Instant time) {}

  private record PidKey(String node, long pid) {}

  /** The state of one {@code parse} call. */
  private static final class Run {
    private final String source;
    private final String defaultHost;
    private final TelemetryListener out;
    private final LinkedHashMap<EventKey, AuditEvent> open = new LinkedHashMap<>();
    private final Map<PidKey, Process> processes =
        new LinkedHashMap<>(256, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<PidKey, Process> eldest) {
            return size() > MAX_PROCESSES;
          }
        };
    private boolean sawEoe;
    private long count;

    Run(String source, String defaultHost, TelemetryListener out) {
      this.source = source;
      this.defaultHost = defaultHost;
      this.out = out;
    }

    void line(String line, long lineNo) {
      AuditRecord record;
      try {
        record = AuditRecord.parse(line);
      } catch (InvalidRecordException e) {
        error(lineNo, e.kind(), e.field(), e.getMessage());
        return;
      } catch (RuntimeException e) {
        error(lineNo, ErrorKind.UNEXPECTED, null, "AuditdParser failed (please report): " + e);
        return;
      }
      EventKey key = new EventKey(record.node(), record.serial());
      AuditEvent event = open.get(key);
      if (event == null) {
        completeBefore(record);
        event = new AuditEvent(record.node(), record.serial(), record.time(), lineNo);
        open.put(key, event);
      }
      event.add(record);
      if (event.ended()) {
        sawEoe = true;
        open.remove(key);
        emit(event);
      } else if (event.records() == 1 && singleRecord(record.type())) {
        open.remove(key);
        emit(event);
      }
      while (open.size() > MAX_OPEN_EVENTS) {
        Iterator<AuditEvent> eldest = open.values().iterator();
        AuditEvent e = eldest.next();
        eldest.remove();
        emit(e);
      }
    }

    /** Completes the open events of this record's node that it shows to be over. */
    private void completeBefore(AuditRecord record) {
      Iterator<AuditEvent> it = open.values().iterator();
      while (it.hasNext()) {
        AuditEvent e = it.next();
        if (!Objects.equals(e.node, record.node())) {
          continue;
        }
        boolean laterSerial = !sawEoe && record.serial() > e.serial;
        boolean stale = e.time.plus(STALE).isBefore(record.time());
        if (laterSerial || stale) {
          it.remove();
          emit(e);
        }
      }
    }

    void finish() {
      for (AuditEvent e : open.values()) {
        emit(e);
      }
      open.clear();
    }

    private void emit(AuditEvent event) {
      String host = event.node != null ? event.node : defaultHost;
      if (host == null) {
        error(
            event.firstLine,
            ErrorKind.MISSING_FIELD,
            "node",
            "the record has no node= prefix and no default host was given");
        return;
      }
      HostExecution execution;
      try {
        execution = event.isExec() && event.succeeded() ? execution(event, host) : null;
      } catch (RuntimeException e) {
        error(
            event.firstLine,
            ErrorKind.UNEXPECTED,
            null,
            "AuditdParser failed (please report): " + e);
        return;
      }
      count++;
      if (execution == null) {
        out.heard(host, event.time);
      } else {
        out.execution(execution);
      }
    }

    private HostExecution execution(AuditEvent event, String host) {
      Long pid = event.pid();
      Long ppid = event.ppid();
      String image = event.image();
      String commandLine = event.commandLine();
      Process parent = ppid == null ? null : processes.get(new PidKey(event.node, ppid));
      if (parent != null && parent.time().isAfter(event.time)) {
        parent = null;
      }
      if (pid != null) {
        String remembered =
            commandLine == null || commandLine.length() <= MAX_REMEMBERED_COMMAND_LINE
                ? commandLine
                : commandLine.substring(0, MAX_REMEMBERED_COMMAND_LINE) + "…";
        processes.put(new PidKey(event.node, pid), new Process(image, remembered, event.time));
      }
      return new HostExecution(
          host,
          event.time,
          pid,
          ppid,
          image,
          commandLine,
          event.user(),
          parent == null ? null : parent.image(),
          parent == null ? null : parent.commandLine(),
          event.currentDirectory(),
          TelemetryFormat.AUDITD,
          Long.toString(event.serial),
          new RecordRef(source, event.firstLine, -1));
    }

    private void error(long lineNo, ErrorKind kind, String field, String message) {
      count++;
      out.error(new IngestError(new RecordRef(source, lineNo, -1), kind, field, message));
    }
  }
}
