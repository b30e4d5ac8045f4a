package io.runwatch.core.telemetry.sysmon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.runwatch.core.ingest.JsonFields;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the JSON shapes forwarders give Sysmon events into a {@link SysmonEvent}: one document (one
 * line) at a time.
 *
 * <ul>
 *   <li>Winlogbeat / Elastic Agent: {@code winlog.provider_name}, {@code winlog.event_id}, {@code
 *       winlog.computer_name}, {@code winlog.record_id}, {@code winlog.event_data.*}, {@code
 *       @timestamp}. Documents that went through the Elastic ingest pipeline have had Image,
 *       CommandLine, ProcessId... moved out of {@code winlog.event_data} into ECS {@code process.*};
 *       those are read back when {@code event_data} lacks them.
 *   <li>Flat, as NXLog's {@code to_json()} writes {@code im_msvistalog} records: EventData fields at
 *       the top level beside {@code SourceName}, {@code EventID}, {@code Hostname}, {@code
 *       RecordNumber}. NXLog's field names are case-insensitive, so Sysmon's {@code ProcessId}
 *       collides with the header's {@code ProcessID} (Sysmon's own service pid) and is dropped; the
 *       pid is then read from the rendered {@code Message} ("ProcessId: 1234"). {@code EventTime} is
 *       the collector's local time without a zone and is used only when it carries one.
 *   <li>{@code evtx_dump -o jsonl}: {@code Event.System.*} and {@code Event.EventData.*}, attributes
 *       under {@code #attributes} (or {@code <Element>_attributes} with separate attributes).
 * </ul>
 */
final class SysmonJson {
  private static final Pattern MESSAGE_PID =
      Pattern.compile("(?m)^ProcessId:[ \\t]*(\\d{1,19})[ \\t]*\\r?$");

  private SysmonJson() {}

  static ObjectMapper mapper(int maxChars) {
    return JsonMapper.builder(
            JsonFactory.builder()
                .streamReadConstraints(
                    StreamReadConstraints.builder()
                        .maxNestingDepth(64)
                        .maxStringLength(maxChars)
                        .build())
                .build())
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  /**
   * XML carried as a JSON string: journald's {@code MESSAGE} ({@code journalctl -o json}), a log
   * shipper's {@code message}, or Azure Monitor's {@code SyslogMessage} (the Syslog table Sysmon
   * for Linux lands in); {@code null} when the document carries none.
   */
  static String embeddedXml(JsonNode root) {
    for (String field : new String[] {"MESSAGE", "message", "SyslogMessage"}) {
      String s = JsonFields.text(root, field);
      if (s != null) {
        int start = s.indexOf("<Event");
        if (start >= 0) {
          return s.substring(start);
        }
      }
    }
    return null;
  }

  /** The event this document holds, or {@code null} when it has none of the shapes above. */
  static SysmonEvent read(JsonNode root) {
    if (!root.isObject()) {
      return null;
    }
    JsonNode source = root.get("_source");
    if (source != null && source.isObject()) {
      return read(source); // an Elasticsearch hit, as elasticdump and _search exports write it
    }
    JsonNode winlog = root.get("winlog");
    if (winlog != null && winlog.isObject()) {
      return winlogbeat(root, winlog);
    }
    JsonNode event = root.get("Event");
    if (event != null && event.isObject() && event.get("System") != null) {
      return evtx(event);
    }
    if (root.has("EventID") || root.has("SourceName")) {
      return flat(root);
    }
    return null;
  }

  private static SysmonEvent winlogbeat(JsonNode root, JsonNode w) {
    Map<String, String> data = scalars(w.get("event_data"));
    putIfAbsent(data, "Image", JsonFields.text(root, "process", "executable"));
    putIfAbsent(data, "CommandLine", JsonFields.text(root, "process", "command_line"));
    putIfAbsent(data, "ProcessId", JsonFields.text(root, "process", "pid"));
    putIfAbsent(data, "ProcessGuid", JsonFields.text(root, "process", "entity_id"));
    putIfAbsent(data, "CurrentDirectory", JsonFields.text(root, "process", "working_directory"));
    putIfAbsent(data, "ParentImage", JsonFields.text(root, "process", "parent", "executable"));
    putIfAbsent(
        data, "ParentCommandLine", JsonFields.text(root, "process", "parent", "command_line"));
    putIfAbsent(data, "ParentProcessId", JsonFields.text(root, "process", "parent", "pid"));
    String userName = JsonFields.text(root, "user", "name");
    if (userName != null) {
      String domain = JsonFields.text(root, "user", "domain");
      putIfAbsent(data, "User", domain == null ? userName : domain + "\\" + userName);
    }
    String provider = JsonFields.text(w, "provider_name");
    if (provider == null) {
      provider = JsonFields.text(root, "event", "provider");
    }
    String eventId = JsonFields.text(w, "event_id");
    if (eventId == null) {
      eventId = JsonFields.text(root, "event", "code");
    }
    String time = JsonFields.text(root, "@timestamp");
    if (time == null) {
      time = JsonFields.text(w, "time_created");
    }
    return new SysmonEvent(
        SysmonEvent.Shape.WINLOGBEAT,
        provider,
        JsonFields.text(w, "channel"),
        eventId,
        JsonFields.text(w, "computer_name"),
        time,
        JsonFields.text(w, "record_id"),
        data);
  }

  private static SysmonEvent evtx(JsonNode event) {
    JsonNode system = event.get("System");
    JsonNode id = system.get("EventID");
    String eventId =
        id != null && id.isObject()
            ? JsonFields.text(id, "#text")
            : JsonFields.text(system, "EventID");
    return new SysmonEvent(
        SysmonEvent.Shape.EVTX_JSON,
        attribute(system, "Provider", "Name"),
        JsonFields.text(system, "Channel"),
        eventId,
        JsonFields.text(system, "Computer"),
        attribute(system, "TimeCreated", "SystemTime"),
        JsonFields.text(system, "EventRecordID"),
        scalars(event.get("EventData")));
  }

  /** An XML attribute as evtx_dump renders it: nested {@code #attributes}, separate, or inline. */
  private static String attribute(JsonNode system, String element, String name) {
    String v = JsonFields.text(system, element, "#attributes", name);
    if (v == null) {
      v = JsonFields.text(system, element + "_attributes", name);
    }
    if (v == null) {
      v = JsonFields.text(system, element, name);
    }
    return v;
  }

  private static SysmonEvent flat(JsonNode root) {
    Map<String, String> data = scalars(root);
    if (!data.containsKey("ProcessId")) {
      String message = JsonFields.text(root, "Message");
      if (message != null) {
        Matcher m = MESSAGE_PID.matcher(message);
        if (m.find()) {
          data.put("ProcessId", m.group(1));
        }
      }
    }
    String provider = JsonFields.text(root, "SourceName");
    if (provider == null) {
      provider = JsonFields.text(root, "ProviderName");
    }
    String computer = JsonFields.textIgnoreCase(root, "Hostname");
    if (computer == null) {
      computer = JsonFields.text(root, "Computer");
    }
    String recordId = JsonFields.text(root, "RecordNumber");
    if (recordId == null) {
      recordId = JsonFields.text(root, "EventRecordID");
    }
    return new SysmonEvent(
        SysmonEvent.Shape.FLAT,
        provider,
        JsonFields.text(root, "Channel"),
        JsonFields.text(root, "EventID"),
        computer,
        zonedOrNull(JsonFields.text(root, "EventTime")),
        recordId,
        data);
  }

  /** {@code s} when it is a timestamp with a zone or offset; a local time means nothing here. */
  private static String zonedOrNull(String s) {
    if (s == null) {
      return null;
    }
    try {
      Instant.parse(s.trim());
      return s;
    } catch (DateTimeParseException e) {
      // try with an offset
    }
    try {
      OffsetDateTime.parse(s.trim());
      return s;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Map<String, String> scalars(JsonNode object) {
    Map<String, String> out = new LinkedHashMap<>();
    if (object != null && object.isObject()) {
      for (var it = object.properties().iterator(); it.hasNext(); ) {
        var e = it.next();
        JsonNode v = e.getValue();
        if (v.isValueNode() && !v.isNull()) {
          out.put(e.getKey(), v.asText());
        }
      }
    }
    return out;
  }

  private static void putIfAbsent(Map<String, String> data, String key, String value) {
    if (value != null && SysmonEvent.clean(data.get(key)) == null) {
      data.put(key, value);
    }
  }
}
