package io.runwatch.core.model;

/** The host telemetry formats runwatch reads, and the clouds' own agent reports. */
public enum TelemetryFormat {
  /** Sysmon for Linux, Event ID 1, as XML in syslog or as forwarders' JSON. */
  SYSMON_LINUX,
  /** Sysmon for Windows, Event ID 1, exported as XML or JSON. */
  SYSMON_WINDOWS,
  /** Linux audit: SYSCALL + EXECVE + CWD + PROCTITLE records joined by serial. */
  AUDITD,
  /** osquery {@code process_events} results log. */
  OSQUERY,
  /** Microsoft Defender for Endpoint {@code DeviceProcessEvents}. */
  DEFENDER
}
