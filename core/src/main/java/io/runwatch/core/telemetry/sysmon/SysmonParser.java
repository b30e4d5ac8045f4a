package io.runwatch.core.telemetry.sysmon;

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
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamException;

/**
 * Sysmon process creation (Event ID 1) from Sysmon for Linux and Sysmon for Windows, in the forms
 * the logs reach an analyst:
 *
 * <ul>
 *   <li>Sysmon for Linux in syslog: a syslog prefix (RFC 3164 or 5424) and one {@code <Event>} XML
 *       document per line; other daemons' lines are skipped;
 *   <li>Sysmon for Windows exported as XML ({@code wevtutil qe Microsoft-Windows-Sysmon/Operational
 *       /f:xml}, Event Viewer's "Save as XML"): events back to back, pretty-printed or not, wrapped
 *       in {@code <Events>} or not;
 *   <li>JSON, one document per line, from forwarders: Winlogbeat / Elastic Agent ({@code winlog.*},
 *       raw or through the ECS pipeline, bare or as an Elasticsearch hit's {@code _source}),
 *       NXLog's flat {@code to_json()} (also after a syslog prefix), {@code evtx_dump -o jsonl},
 *       and the XML carried in journald's {@code MESSAGE}, a shipper's {@code message} or Azure
 *       Monitor's {@code SyslogMessage}. Pretty-printed (multi-line) JSON is not read: each of its
 *       lines that opens an object is reported as malformed.
 * </ul>
 *
 * <p>Event ID 1 becomes a {@link HostExecution}; every other Sysmon event is reported with {@link
 * TelemetryListener#heard} so the correlator knows the host sends telemetry. Records of other
 * providers (a Security-log event in a Winlogbeat file, a cron line in syslog) are skipped and not
 * counted: they prove the shipper works, not that Sysmon does, and counting them as heard would
 * turn a blind spot into "not observed".
 *
 * <p>The format reported on each execution is the record's own: {@link
 * TelemetryFormat#SYSMON_LINUX} for provider {@code Linux-Sysmon}, {@link
 * TelemetryFormat#SYSMON_WINDOWS} for {@code Microsoft-Windows-Sysmon}. {@link #format()} names the
 * family by its first member.
 *
 * <p>Record indexes count the records this parser reports (executions, heard, errors), from 0; an
 * error's message also gives the line it started on.
 */
public final class SysmonParser implements TelemetryParser {
  /** A record (one XML event or one JSON line) larger than this is reported, not held. */
  static final int MAX_RECORD_CHARS = 4 << 20;

  static final String LINUX_PROVIDER = "Linux-Sysmon";
  static final String WINDOWS_PROVIDER = "Microsoft-Windows-Sysmon";

  private static final String PROVIDERS = "(?:Linux-Sysmon|Microsoft-Windows-Sysmon)";

  /** The provider as XML writes it ({@code <Provider Name='...'}), escaped in JSON or not. */
  private static final Pattern XML_PROVIDER =
      Pattern.compile("<Provider\\s+Name\\s*=\\s*\\\\?[\"']" + PROVIDERS + "\\\\?[\"']");

  /** The provider as a JSON member, under the names the supported shapes give it. */
  private static final Pattern JSON_PROVIDER =
      Pattern.compile(
          "\"(?:provider_name|provider|SourceName|ProviderName|Name)\"\\s*:\\s*\""
              + PROVIDERS
              + "\"");

  private static final Pattern ANY_PROVIDER =
      Pattern.compile("<Provider\\s+Name\\s*=\\s*[\"']([^\"']*)[\"']");

  private final int maxRecordChars;

  public SysmonParser() {
    this(MAX_RECORD_CHARS);
  }

  SysmonParser(int maxRecordChars) {
    this.maxRecordChars = maxRecordChars;
  }

  @Override
  public TelemetryFormat format() {
    return TelemetryFormat.SYSMON_LINUX;
  }

  /**
   * True when the head names a Sysmon provider as an event's provider: {@code <Provider
   * Name="Linux-Sysmon"} or {@code Microsoft-Windows-Sysmon} in XML, or that name as the value of
   * {@code provider_name}, {@code provider}, {@code SourceName}, {@code ProviderName} or {@code
   * Name} in JSON. A bare mention (a command line that installs Sysmon) is not enough.
   */
  @Override
  public boolean recognizes(String head) {
    return head != null
        && head.contains("Sysmon")
        && (XML_PROVIDER.matcher(head).find() || JSON_PROVIDER.matcher(head).find());
  }

  /** Whether a non-XML line carries a Sysmon JSON document (NXLog JSON after a syslog prefix). */
  static boolean mentionsSysmon(CharSequence line) {
    return JSON_PROVIDER.matcher(line).find();
  }

  @Override
  public long parse(BufferedReader in, String source, String defaultHost, TelemetryListener out)
      throws IOException {
    Run run = new Run(source, defaultHost, out);
    new SysmonScanner(maxRecordChars, run).scan(in);
    return run.records;
  }

  /**
   * The field table: which Sysmon field fills which {@link HostExecution} field, and what absence
   * means. Field names are EventData names; see {@link SysmonJson} for where each JSON shape keeps
   * them.
   */
  public static List<FieldMapping> fieldTable() {
    return List.of(
        new FieldMapping(
            "host", "System/Computer", "the caller's default host; without one, an error"),
        new FieldMapping(
            "time",
            "EventData/UtcTime (UTC), else System/TimeCreated/@SystemTime",
            "error MISSING_FIELD EventData/UtcTime"),
        new FieldMapping("pid", "EventData/ProcessId", "null"),
        new FieldMapping("ppid", "EventData/ParentProcessId", "null"),
        new FieldMapping("image", "EventData/Image", "error MISSING_FIELD EventData/Image"),
        new FieldMapping("commandLine", "EventData/CommandLine", "null"),
        new FieldMapping("user", "EventData/User", "null"),
        new FieldMapping("parentImage", "EventData/ParentImage", "null (Sysmon writes \"-\")"),
        new FieldMapping("parentCommandLine", "EventData/ParentCommandLine", "null"),
        new FieldMapping("currentDirectory", "EventData/CurrentDirectory", "null"),
        new FieldMapping(
            "format",
            "System/Provider/@Name (Linux-Sysmon | Microsoft-Windows-Sysmon)",
            "not a Sysmon record: skipped"),
        new FieldMapping("eventId", "EventData/ProcessGuid, else System/EventRecordID", "null"));
  }

  /** One parse: the scanner's sink, counting and reporting records. */
  private final class Run implements SysmonScanner.Sink {
    private final String source;
    private final String defaultHost;
    private final TelemetryListener out;
    private final SysmonXml xml = new SysmonXml();
    private final ObjectMapper json = SysmonJson.mapper(maxRecordChars);
    long records;

    Run(String source, String defaultHost, TelemetryListener out) {
      this.source = source;
      this.defaultHost = defaultHost;
      this.out = out;
    }

    @Override
    public void xml(String event, long line) {
      SysmonEvent ev;
      try {
        ev = xml.read(event);
      } catch (XMLStreamException | RuntimeException e) {
        if (!otherProvider(event)) {
          error(ErrorKind.MALFORMED_JSON, null, line, "not well-formed XML: " + reason(e));
        }
        return;
      }
      handle(ev, line);
    }

    @Override
    public void json(String document, long line) {
      JsonNode root;
      try {
        root = json.readTree(document);
      } catch (JacksonException | RuntimeException e) {
        error(ErrorKind.MALFORMED_JSON, null, line, "not JSON: " + reason(e));
        return;
      }
      if (root == null || !root.isObject()) {
        error(ErrorKind.MALFORMED_JSON, null, line, "not a JSON object");
        return;
      }
      SysmonEvent ev = SysmonJson.read(root);
      if (ev == null) {
        JsonNode hit = root.get("_source");
        String embedded = SysmonJson.embeddedXml(hit != null && hit.isObject() ? hit : root);
        if (embedded != null) {
          int end = embedded.lastIndexOf("</Event>");
          if (end < 0) {
            truncated(embedded, line);
          } else {
            xml(embedded.substring(0, end + "</Event>".length()), line);
          }
        }
        return;
      }
      handle(ev, line);
    }

    @Override
    public void truncated(String partial, long line) {
      if (!otherProvider(partial)) {
        error(
            ErrorKind.TRUNCATED,
            null,
            line,
            "the event ends before </Event> (cut by the syslog message size limit?)");
      }
    }

    @Override
    public void tooLarge(long line, int limit) {
      error(ErrorKind.RECORD_TOO_LARGE, null, line, "record over " + limit + " characters");
    }

    private void handle(SysmonEvent ev, long line) {
      TelemetryFormat format = formatOf(ev);
      if (format == null) {
        return; // another provider's event
      }
      Object result;
      try {
        result = map(ev, format, line);
      } catch (RuntimeException e) {
        error(ErrorKind.UNEXPECTED, null, line, "parser failure: " + reason(e));
        return;
      }
      // The listener is called outside the try: its own failures are not this record's.
      if (result instanceof HostExecution execution) {
        records++;
        out.execution(execution);
      } else if (result instanceof HeardAt at) {
        records++;
        out.heard(at.host(), at.time());
      }
    }

    /**
     * What the event says: a {@link HostExecution}, a {@link HeardAt}, or {@code null} after
     * reporting an error.
     */
    private Object map(SysmonEvent ev, TelemetryFormat format, long line) {
      SysmonEvent.Shape shape = ev.shape();
      String host = SysmonEvent.clean(ev.computer());
      if (host == null) {
        host = defaultHost;
      }
      if (host == null) {
        error(ErrorKind.MISSING_FIELD, shape.computerField, line, "no host in the record");
        return null;
      }
      String idText = SysmonEvent.clean(ev.eventId());
      if (idText == null) {
        error(ErrorKind.MISSING_FIELD, shape.eventIdField, line, "no event id");
        return null;
      }
      int eventId;
      try {
        eventId = Integer.parseInt(idText.strip());
      } catch (NumberFormatException e) {
        error(
            ErrorKind.INVALID_FIELD,
            shape.eventIdField,
            line,
            "not an event id: " + JsonFields.abbreviate(idText, 40));
        return null;
      }
      if (eventId != 1) {
        return heard(ev, host, line);
      }
      String image = ev.value("Image");
      if (image == null) {
        error(
            ErrorKind.MISSING_FIELD, shape.dataField("Image"), line, "process start without Image");
        return null;
      }
      Instant time;
      String utc = ev.value("UtcTime");
      if (utc != null) {
        time = JsonFields.parseTime(utc);
        if (time == null) {
          error(
              ErrorKind.INVALID_FIELD,
              shape.dataField("UtcTime"),
              line,
              "not a timestamp: " + JsonFields.abbreviate(utc, 60));
          return null;
        }
      } else {
        String system = SysmonEvent.clean(ev.systemTime());
        if (system == null) {
          error(
              ErrorKind.MISSING_FIELD,
              shape.dataField("UtcTime"),
              line,
              "process start without UtcTime or " + shape.systemTimeField);
          return null;
        }
        time = JsonFields.parseTime(system);
        if (time == null) {
          error(
              ErrorKind.INVALID_FIELD,
              shape.systemTimeField,
              line,
              "not a timestamp: " + JsonFields.abbreviate(system, 60));
          return null;
        }
      }
      String guid = ev.value("ProcessGuid");
      if (guid != null && guid.equals("{00000000-0000-0000-0000-000000000000}")) {
        guid = null;
      }
      String eventKey = guid != null ? guid : SysmonEvent.clean(ev.recordId());
      return new HostExecution(
          host,
          time,
          number(ev.value("ProcessId")),
          number(ev.value("ParentProcessId")),
          image,
          ev.value("CommandLine"),
          ev.value("User"),
          ev.value("ParentImage"),
          ev.value("ParentCommandLine"),
          ev.value("CurrentDirectory"),
          format,
          eventKey,
          new RecordRef(source, records, -1));
    }

    /**
     * Any other Sysmon event: proof the host reports, at the event's time (UtcTime, else the header
     * time; either will do here, so an unreadable UtcTime falls back rather than fails).
     */
    private HeardAt heard(SysmonEvent ev, String host, long line) {
      String utc = ev.value("UtcTime");
      String system = SysmonEvent.clean(ev.systemTime());
      Instant time = JsonFields.parseTime(utc);
      if (time == null) {
        time = JsonFields.parseTime(system);
      }
      if (time == null) {
        SysmonEvent.Shape shape = ev.shape();
        if (utc == null && system == null) {
          error(ErrorKind.MISSING_FIELD, shape.systemTimeField, line, "event without a time");
        } else {
          error(
              ErrorKind.INVALID_FIELD,
              utc != null ? shape.dataField("UtcTime") : shape.systemTimeField,
              line,
              "not a timestamp: " + JsonFields.abbreviate(utc != null ? utc : system, 60));
        }
        return null;
      }
      return new HeardAt(host, time);
    }

    private void error(ErrorKind kind, String field, long line, String message) {
      RecordRef where = new RecordRef(source, records, -1);
      records++;
      out.error(new IngestError(where, kind, field, "line " + line + ": " + message));
    }
  }

  /** A Sysmon event other than a process start: its host was heard at {@code time}. */
  private record HeardAt(String host, Instant time) {}

  private static TelemetryFormat formatOf(SysmonEvent ev) {
    String p = ev.provider();
    if (p == null) {
      // Some exports keep only the channel (Linux-Sysmon/Operational, ...).
      String channel = ev.channel();
      int slash = channel == null ? -1 : channel.indexOf('/');
      p = slash < 0 ? null : channel.substring(0, slash);
    }
    if (p == null) {
      return null;
    }
    p = p.strip();
    if (p.equalsIgnoreCase(LINUX_PROVIDER)) {
      return TelemetryFormat.SYSMON_LINUX;
    }
    if (p.equalsIgnoreCase(WINDOWS_PROVIDER)) {
      return TelemetryFormat.SYSMON_WINDOWS;
    }
    return null;
  }

  /**
   * Whether an event we could not read names a provider other than Sysmon (a broken Security-log
   * event in a mixed export is not ours to report). An unreadable event that names no provider is
   * reported: in a Sysmon source it is most likely a Sysmon event.
   */
  private static boolean otherProvider(String text) {
    var m = ANY_PROVIDER.matcher(text);
    return m.find() && !m.group(1).strip().matches("(?i)" + PROVIDERS);
  }

  private static Long number(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String reason(Exception e) {
    String m = e.getMessage();
    if (m == null) {
      return e.getClass().getSimpleName();
    }
    m = m.replaceAll("\\s+", " ").strip();
    return JsonFields.abbreviate(m, 160);
  }
}
