package io.runwatch.core.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A status or context record from a cloud's admin-command service itself (e.g. the {@code aws.ssm}
 * EventBridge events): which command ran where with what status, and which maintenance windows
 * executed. Weaker than host telemetry, but it is the agent's own word.
 *
 * @param kind what the record describes
 * @param status the provider's status string, as given (e.g. {@code Success}, {@code TIMED_OUT})
 * @param commandId SSM command id, when the record is about a command
 * @param associationId State Manager association id
 * @param instanceId the VM the record is about, when one
 * @param documentName the document run
 * @param windowId maintenance window id
 * @param windowExecutionId maintenance window execution id
 * @param start when the described run started, when given
 * @param end when it ended, when given
 * @param parameters command parameters when the record carries them in clear
 * @param scheduleExpression association schedule, when given
 * @param targets the association's targets as the provider serialized them
 */
public record AgentStatusEvent(
    Cloud cloud,
    StatusKind kind,
    String account,
    String region,
    String status,
    String commandId,
    String associationId,
    String instanceId,
    String documentName,
    String windowId,
    String windowExecutionId,
    Instant time,
    Instant start,
    Instant end,
    Map<String, List<String>> parameters,
    String scheduleExpression,
    String targets,
    String eventId,
    RecordRef origin) {

  /** The kinds of service status records runwatch reads. */
  public enum StatusKind {
    COMMAND,
    COMMAND_INVOCATION,
    ASSOCIATION,
    INSTANCE_ASSOCIATION,
    MAINTENANCE_WINDOW,
    MAINTENANCE_WINDOW_EXECUTION,
    MAINTENANCE_WINDOW_TASK,
    MAINTENANCE_WINDOW_TARGET
  }

  public AgentStatusEvent {
    Objects.requireNonNull(cloud, "cloud");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(time, "time");
    // Keep the provider's order: Map.copyOf would reorder keys differently on every run.
    parameters =
        parameters == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }
}
