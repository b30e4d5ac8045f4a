package io.runwatch.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One process start on a VM, as host telemetry reports it.
 *
 * @param host the host as the telemetry names it (hostname, computer name, instance id); mapped to
 *     a control-plane VM id by a {@code HostResolver}, never guessed
 * @param time when the process started (UTC)
 * @param pid process id, or {@code null}
 * @param ppid parent process id, or {@code null}
 * @param image the executable's path
 * @param commandLine the full command line, as logged
 * @param user the account the process ran as
 * @param parentImage the parent's executable, when the record carries it
 * @param parentCommandLine the parent's command line, when the record carries it
 * @param currentDirectory the working directory, when the record carries it
 * @param format which telemetry format the record came from
 * @param eventId the record's own id (Sysmon ProcessGuid, auditd serial, ...), or {@code null}
 * @param origin where the record was read
 */
public record HostExecution(
    String host,
    Instant time,
    Long pid,
    Long ppid,
    String image,
    String commandLine,
    String user,
    String parentImage,
    String parentCommandLine,
    String currentDirectory,
    TelemetryFormat format,
    String eventId,
    RecordRef origin) {

  public HostExecution {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(format, "format");
  }

  /** This execution with its parent's image and command line filled in. */
  public HostExecution withParent(String image, String commandLine) {
    return new HostExecution(
        host,
        time,
        pid,
        ppid,
        this.image,
        this.commandLine,
        user,
        image,
        commandLine,
        currentDirectory,
        format,
        eventId,
        origin);
  }
}
