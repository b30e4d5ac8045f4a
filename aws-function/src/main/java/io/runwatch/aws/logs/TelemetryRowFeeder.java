package io.runwatch.aws.logs;

import io.runwatch.core.ingest.ErrorKind;
import io.runwatch.core.ingest.IngestError;
import io.runwatch.core.model.HostExecution;
import io.runwatch.core.model.RecordRef;
import io.runwatch.core.model.TelemetryFormat;
import io.runwatch.core.telemetry.TelemetryListener;
import io.runwatch.core.telemetry.TelemetryParser;
import io.runwatch.core.telemetry.TelemetryReader;
import io.runwatch.core.telemetry.TelemetryStats;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns Logs Insights rows into what core's telemetry parsers read: files. Each row's {@code
 * @message} is one record (a Sysmon for Linux syslog line, an auditd record line, an osquery result
 * line); core's parsers are built for streams, and auditd needs it, because one exec is several
 * record lines joined by serial, which Insights returns as separate rows.
 *
 * <p>So rows are grouped into streams by log group, log stream and format (each message is shown
 * to {@link TelemetryReader#detect}, as a file's first bytes are), each stream keeps the rows in
 * time order (auditd lines are regrouped by {@link AuditLineOrder}), and the stream's messages,
 * joined by newlines, are read by the one parser in a single pass. A message no parser recognizes
 * (another daemon's syslog line) is not a telemetry record: it is counted per stream and reported
 * once as an error, never as "heard", as core's own parsers do.
 *
 * <p>Rows matched by their log stream's name (the agent's {@code {instance_id}} or {@code
 * {hostname}}) are the VM's own: everything in them is reported and records that name no host are
 * the VM's. Rows matched only by the message (a shared log stream) may be another host's record
 * that mentions the VM (a command line with its id): there only records whose host is one of the
 * VM's names are reported.
 */
final class TelemetryRowFeeder {
  static final String SOURCE_PREFIX = "logs-insights:";

  private final TelemetryReader reader;

  TelemetryRowFeeder(TelemetryReader reader) {
    this.reader = reader;
  }

  private record StreamKey(String logGroup, String logStream, TelemetryParser parser) {}

  /**
   * Reports the executions, hosts heard and errors of {@code rows} (already in time order) to
   * {@code out}.
   *
   * @param names the VM's id first, then its host names, lower case
   */
  void feed(List<InsightsRow> rows, List<String> names, TelemetryListener out) {
    Map<StreamKey, List<String>> streams = new LinkedHashMap<>();
    Map<String, Integer> unrecognized = new LinkedHashMap<>();
    for (InsightsRow row : rows) {
      if (row.message() == null || row.message().isBlank()) {
        continue;
      }
      Optional<TelemetryParser> parser =
          reader.detect(row.message().getBytes(StandardCharsets.UTF_8));
      if (parser.isEmpty()) {
        unrecognized.merge(source(row.logGroup(), row.logStream()), 1, Integer::sum);
        continue;
      }
      streams
          .computeIfAbsent(
              new StreamKey(row.logGroup(), row.logStream(), parser.get()), k -> new ArrayList<>())
          .add(row.message());
    }
    TelemetryStats stats = new TelemetryStats();
    for (Map.Entry<StreamKey, List<String>> s : streams.entrySet()) {
      StreamKey k = s.getKey();
      List<String> lines = s.getValue();
      if (k.parser().format() == TelemetryFormat.AUDITD) {
        lines = AuditLineOrder.reorder(lines);
      }
      boolean own = namesVm(k.logStream(), names);
      byte[] text = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
      reader.read(
          k.parser(),
          source(k.logGroup(), k.logStream()),
          new ByteArrayInputStream(text),
          own ? names.get(0) : null,
          own ? out : new OnlyHosts(names, out),
          stats);
    }
    unrecognized.forEach(
        (source, count) ->
            out.error(
                new IngestError(
                    new RecordRef(source, -1, -1),
                    ErrorKind.UNREADABLE_SOURCE,
                    "@message",
                    count + " rows no telemetry parser recognizes (not Sysmon, auditd, osquery)")));
  }

  static String source(String logGroup, String logStream) {
    return SOURCE_PREFIX + logGroup + "/" + logStream;
  }

  /** Whether the log stream's name holds one of the VM's names as a whole word. */
  static boolean namesVm(String logStream, List<String> names) {
    if (logStream == null) {
      return false;
    }
    String s = logStream.toLowerCase(Locale.ROOT);
    for (String n : names) {
      int at = s.indexOf(n.toLowerCase(Locale.ROOT));
      while (at >= 0) {
        int end = at + n.length();
        if ((at == 0 || !Character.isLetterOrDigit(s.charAt(at - 1)))
            && (end == s.length() || !Character.isLetterOrDigit(s.charAt(end)))) {
          return true;
        }
        at = s.indexOf(n.toLowerCase(Locale.ROOT), at + 1);
      }
    }
    return false;
  }

  /** Passes on only the records of a host named like the VM (full or short host name). */
  private static final class OnlyHosts implements TelemetryListener {
    private final List<String> names;
    private final TelemetryListener out;

    OnlyHosts(List<String> names, TelemetryListener out) {
      this.names = names;
      this.out = out;
    }

    @Override
    public void execution(HostExecution execution) {
      if (isVm(execution.host())) {
        out.execution(execution);
      }
    }

    @Override
    public void heard(String host, Instant time) {
      if (isVm(host)) {
        out.heard(host, time);
      }
    }

    @Override
    public void error(IngestError error) {
      out.error(error);
    }

    private boolean isVm(String host) {
      if (host == null) {
        return false;
      }
      String h = host.toLowerCase(Locale.ROOT);
      int dot = h.indexOf('.');
      String shortName = dot > 0 ? h.substring(0, dot) : h;
      for (String n : names) {
        if (n.equals(h) || n.equals(shortName)) {
          return true;
        }
      }
      return false;
    }
  }
}
