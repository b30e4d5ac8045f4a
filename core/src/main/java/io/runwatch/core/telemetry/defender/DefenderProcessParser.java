package io.runwatch.core.telemetry.defender;

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
import java.util.Locale;

/**
 * Reads Microsoft Defender for Endpoint {@code DeviceProcessEvents} rows and reports each {@code
 * ProcessCreated} row as a {@link HostExecution}.
 *
 * <p>Accepted containers ({@link JsonRows}): JSON Lines, a JSON array of row objects (as {@code az
 * monitor log-analytics query} or a hunting export writes it), an Advanced Hunting API response
 * ({@code {"Schema":[...],"Results":[...]}}, or Microsoft Graph's {@code runHuntingQuery} with
 * lower-case {@code schema} / {@code results}), and the streaming API's records ({@code
 * {"time":...,"category":"AdvancedHunting-DeviceProcessEvents","properties":{...row...}}}, alone
 * per line or in a {@code {"records":[...]}} blob). Rows from Microsoft Sentinel's copy of the
 * table carry {@code TimeGenerated} as well; both work.
 *
 * <p>Fields: host {@code DeviceName} (the device's FQDN); time {@code ProcessCreationTime}, else
 * {@code Timestamp} (else {@code TimeGenerated}), one of the latter two being required; image
 * {@code FolderPath}, which in exported rows already ends with the file name (the schema page
 * describes it as the folder: when it does not end with {@code FileName}, the two are joined);
 * command line {@code ProcessCommandLine}; pid {@code ProcessId}; user {@code
 * AccountDomain\AccountName}; parent {@code InitiatingProcessFolderPath} (with {@code
 * InitiatingProcessFileName}), {@code InitiatingProcessCommandLine} and {@code
 * InitiatingProcessId}; event id {@code DeviceId:ReportId} ({@code ReportId} is a per-device
 * counter, unique only together with the device). Defender has no working directory. The 2019 names
 * of the same columns ({@code ComputerName}, {@code MachineId}, {@code EventTime}) are accepted.
 *
 * <p>Rows with another {@code ActionType} (other tables in a {@code union}, or the other events of
 * the table) only prove the device reports: they go to {@link TelemetryListener#heard}. A row
 * without {@code ActionType} (a projection that dropped it) counts as a process start when it has
 * {@code FileName}, {@code FolderPath} or {@code ProcessCommandLine}.
 *
 * <p>Source: Microsoft Learn, "DeviceProcessEvents" in the advanced hunting schema reference
 * (learn.microsoft.com/defender-xdr/advanced-hunting-deviceprocessevents-table).
 */
public final class DefenderProcessParser implements TelemetryParser {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String PROCESS_CREATED = "ProcessCreated";
  private static final List<String> TIME_FIELDS =
      List.of("Timestamp", "TimeGenerated", "EventTime");

  public DefenderProcessParser() {}

  @Override
  public TelemetryFormat format() {
    return TelemetryFormat.DEFENDER;
  }

  /**
   * JSON (an object or an array) that names {@code DeviceName} and {@code ActionType} or {@code
   * InitiatingProcessFileName}, and is not an osquery results log.
   */
  @Override
  public boolean recognizes(String head) {
    String h = (head.startsWith("\uFEFF") ? head.substring(1) : head).stripLeading();
    return (h.startsWith("{") || h.startsWith("["))
        && h.contains("\"DeviceName\"")
        && (h.contains("\"ActionType\"") || h.contains("\"InitiatingProcessFileName\""))
        && !h.contains("\"hostIdentifier\"");
  }

  @Override
  public long parse(BufferedReader in, String source, String defaultHost, TelemetryListener out)
      throws IOException {
    Rows rows = new Rows(defaultHost, out);
    new JsonRows(MAPPER, source, rows).read(in);
    return rows.count;
  }

  /** This parser's field table: which raw field fills which model field. */
  public List<FieldMapping> fieldTable() {
    return List.of(
        new FieldMapping(
            "host",
            "DeviceName (ComputerName)",
            "the default host given, else a MISSING_FIELD DeviceName"),
        new FieldMapping(
            "time",
            "ProcessCreationTime",
            "Timestamp, else TimeGenerated (EventTime); neither is a MISSING_FIELD Timestamp"),
        new FieldMapping("pid", "ProcessId", "null"),
        new FieldMapping("ppid", "InitiatingProcessId", "null"),
        new FieldMapping("image", "FolderPath (+ FileName when not already in it)", "FileName"),
        new FieldMapping("commandLine", "ProcessCommandLine", "null"),
        new FieldMapping("user", "AccountDomain\\AccountName", "AccountName, else null"),
        new FieldMapping(
            "parentImage",
            "InitiatingProcessFolderPath (+ InitiatingProcessFileName)",
            "InitiatingProcessFileName, else null"),
        new FieldMapping("parentCommandLine", "InitiatingProcessCommandLine", "null"),
        new FieldMapping("currentDirectory", "(not in DeviceProcessEvents)", "null"),
        new FieldMapping("eventId", "DeviceId:ReportId", "ReportId, else null"));
  }

  /** Receives the rows of one source. */
  private static final class Rows implements JsonRows.Sink {
    private final String defaultHost;
    private final TelemetryListener out;
    private long count;

    Rows(String defaultHost, TelemetryListener out) {
      this.defaultHost = defaultHost;
      this.out = out;
    }

    @Override
    public void row(JsonNode row, RecordRef where, String fieldPrefix) {
      try {
        read(unwrap(row), where, fieldPrefix);
      } catch (RuntimeException e) {
        error(
            where,
            ErrorKind.UNEXPECTED,
            null,
            "DefenderProcessParser failed (please report): " + e);
      }
    }

    @Override
    public void error(RecordRef where, ErrorKind kind, String field, String message) {
      count++;
      out.error(new IngestError(where, kind, field, message));
    }

    private void read(JsonNode row, RecordRef where, String prefix) {
      String host = firstText(row, "DeviceName", "ComputerName");
      if (host == null) {
        host = defaultHost;
      }
      if (host == null) {
        error(
            where,
            ErrorKind.MISSING_FIELD,
            prefix + "DeviceName",
            "no DeviceName and no default host");
        return;
      }
      String timeField = null;
      for (String f : TIME_FIELDS) {
        if (JsonFields.text(row, f) != null) {
          timeField = f;
          break;
        }
      }
      if (timeField == null) {
        error(
            where, ErrorKind.MISSING_FIELD, prefix + "Timestamp", "no Timestamp or TimeGenerated");
        return;
      }
      Instant recorded = JsonFields.parseTime(JsonFields.text(row, timeField));
      if (recorded == null) {
        error(
            where,
            ErrorKind.INVALID_FIELD,
            prefix + timeField,
            "not a timestamp: " + JsonFields.abbreviate(JsonFields.text(row, timeField), 60));
        return;
      }
      if (!isProcessStart(row)) {
        count++;
        out.heard(host, recorded);
        return;
      }
      Instant created = JsonFields.parseTime(JsonFields.text(row, "ProcessCreationTime"));
      String reportId = JsonFields.text(row, "ReportId");
      String deviceId = firstText(row, "DeviceId", "MachineId");
      count++;
      out.execution(
          new HostExecution(
              host,
              created != null ? created : recorded,
              number(row, "ProcessId"),
              number(row, "InitiatingProcessId"),
              path(JsonFields.text(row, "FolderPath"), JsonFields.text(row, "FileName")),
              JsonFields.text(row, "ProcessCommandLine"),
              account(JsonFields.text(row, "AccountDomain"), JsonFields.text(row, "AccountName")),
              path(
                  JsonFields.text(row, "InitiatingProcessFolderPath"),
                  JsonFields.text(row, "InitiatingProcessFileName")),
              JsonFields.text(row, "InitiatingProcessCommandLine"),
              null,
              TelemetryFormat.DEFENDER,
              reportId == null ? null : deviceId == null ? reportId : deviceId + ":" + reportId,
              where));
    }
  }

  /** The row inside a streaming-API record ({@code category} AdvancedHunting-*), else the row. */
  static JsonNode unwrap(JsonNode row) {
    JsonNode properties = JsonFields.at(row, "properties");
    String category = JsonFields.text(row, "category");
    if (properties != null
        && properties.isObject()
        && category != null
        && category.toLowerCase(Locale.ROOT).startsWith("advancedhunting-")) {
      return properties;
    }
    return row;
  }

  /** {@code ProcessCreated}, or no ActionType but the columns of a process row. */
  static boolean isProcessStart(JsonNode row) {
    String action = JsonFields.text(row, "ActionType");
    if (action != null) {
      return action.equalsIgnoreCase(PROCESS_CREATED);
    }
    return JsonFields.text(row, "FileName") != null
        || JsonFields.text(row, "FolderPath") != null
        || JsonFields.text(row, "ProcessCommandLine") != null;
  }

  /**
   * The executable's path: {@code folder} when it already ends with {@code file} (as Defender
   * writes it), else the two joined with the folder's own separator.
   */
  static String path(String folder, String file) {
    if (folder == null) {
      return file;
    }
    if (file == null) {
      return folder;
    }
    String f = folder.toLowerCase(Locale.ROOT);
    String name = file.toLowerCase(Locale.ROOT);
    if (f.endsWith(name)) {
      int before = f.length() - name.length() - 1;
      if (before < 0 || f.charAt(before) == '\\' || f.charAt(before) == '/') {
        return folder;
      }
    }
    String separator = folder.indexOf('\\') >= 0 ? "\\" : "/";
    return folder.endsWith(separator) ? folder + file : folder + separator + file;
  }

  static String account(String domain, String name) {
    if (name == null) {
      return null;
    }
    return domain == null ? name : domain + "\\" + name;
  }

  private static String firstText(JsonNode row, String... fields) {
    for (String f : fields) {
      String value = JsonFields.text(row, f);
      if (value != null) {
        return value;
      }
    }
    return null;
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
}
