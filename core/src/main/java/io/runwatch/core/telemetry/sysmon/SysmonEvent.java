package io.runwatch.core.telemetry.sysmon;

import java.util.Map;

/**
 * One Sysmon event as read, whatever carried it: the System header's few fields and the EventData
 * fields by their Sysmon names ({@code Image}, {@code CommandLine}, {@code UtcTime}...), all as the
 * text the source held.
 *
 * @param shape what carried the event, which names the fields in error messages
 * @param provider {@code Linux-Sysmon} or {@code Microsoft-Windows-Sysmon} for Sysmon; anything
 *     else (or {@code null}) is another provider's event
 * @param systemTime the header's time ({@code TimeCreated/@SystemTime}, or the forwarder's event
 *     time), or {@code null}
 */
record SysmonEvent(
    Shape shape,
    String provider,
    String channel,
    String eventId,
    String computer,
    String systemTime,
    String recordId,
    Map<String, String> data) {

  /** The carriers runwatch reads, and how each names the fields an error points at. */
  enum Shape {
    /** Sysmon's own XML: syslog (Linux), {@code wevtutil}/Event Viewer exports (Windows). */
    XML("EventData/", "System/EventID", "System/Computer", "System/TimeCreated/@SystemTime"),
    /** Winlogbeat / Elastic Agent documents ({@code winlog.*}), raw or after the ECS pipeline. */
    WINLOGBEAT("winlog.event_data.", "winlog.event_id", "winlog.computer_name", "@timestamp"),
    /** EventData fields at the top level, as NXLog's {@code to_json()} writes them. */
    FLAT("", "EventID", "Hostname", "EventTime"),
    /** The event's XML tree as JSON, as {@code evtx_dump -o jsonl} writes it. */
    EVTX_JSON(
        "Event.EventData.",
        "Event.System.EventID",
        "Event.System.Computer",
        "Event.System.TimeCreated.SystemTime");

    final String dataPrefix;
    final String eventIdField;
    final String computerField;
    final String systemTimeField;

    Shape(String dataPrefix, String eventIdField, String computerField, String systemTimeField) {
      this.dataPrefix = dataPrefix;
      this.eventIdField = eventIdField;
      this.computerField = computerField;
      this.systemTimeField = systemTimeField;
    }

    String dataField(String name) {
      return dataPrefix + name;
    }
  }

  /** The EventData field {@code name}, or {@code null} when absent, empty or Sysmon's "-". */
  String value(String name) {
    return clean(data.get(name));
  }

  static String clean(String s) {
    if (s == null || s.isBlank() || s.strip().equals("-")) {
      return null;
    }
    return s;
  }
}
