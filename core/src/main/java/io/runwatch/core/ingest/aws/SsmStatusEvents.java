package io.runwatch.core.ingest.aws;

import static io.runwatch.core.ingest.JsonFields.at;
import static io.runwatch.core.ingest.JsonFields.parseTime;
import static io.runwatch.core.ingest.JsonFields.text;
import static io.runwatch.core.ingest.JsonFields.texts;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.ingest.IngestListener;
import io.runwatch.core.ingest.InvalidRecordException;
import io.runwatch.core.ingest.JsonFields;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.AgentStatusEvent.StatusKind;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.RecordRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code aws.ssm} EventBridge events: Run Command and State Manager status, Maintenance Window
 * executions. Shapes follow the Systems Manager User Guide's event examples.
 */
final class SsmStatusEvents {
  private static final Map<String, StatusKind> KINDS =
      Map.of(
          "EC2 Command Status-change Notification", StatusKind.COMMAND,
          "EC2 Command Invocation Status-change Notification", StatusKind.COMMAND_INVOCATION,
          "EC2 State Manager Association State Change", StatusKind.ASSOCIATION,
          "EC2 State Manager Instance Association State Change", StatusKind.INSTANCE_ASSOCIATION,
          "Maintenance Window State-change Notification", StatusKind.MAINTENANCE_WINDOW,
          "Maintenance Window Execution State-change Notification",
              StatusKind.MAINTENANCE_WINDOW_EXECUTION,
          "Maintenance Window Task Execution State-change Notification",
              StatusKind.MAINTENANCE_WINDOW_TASK,
          "Maintenance Window Task Target Invocation State-change Notification",
              StatusKind.MAINTENANCE_WINDOW_TARGET);

  static java.util.Set<String> detailTypes() {
    return KINDS.keySet();
  }

  int parse(JsonNode event, RecordRef where, IngestListener out) throws InvalidRecordException {
    String detailType = text(event, "detail-type");
    StatusKind kind = detailType == null ? null : KINDS.get(detailType);
    if (kind == null) {
      return 0;
    }
    JsonNode d = event.get("detail");
    if (d == null || !d.isObject()) {
      throw InvalidRecordException.missing("detail");
    }
    out.status(
        new AgentStatusEvent(
            Cloud.AWS,
            kind,
            text(event, "account"),
            text(event, "region"),
            text(d, "status"),
            text(d, "command-id"),
            text(d, "association-id"),
            text(d, "instance-id"),
            text(d, "document-name"),
            text(d, "window-id"),
            text(d, "window-execution-id"),
            JsonFields.requiredTime(event, "time"),
            parseTime(firstText(d, "start-time", "requested-date-time")),
            parseTime(text(d, "end-time")),
            parameters(at(d, "parameters")),
            text(d, "schedule-expression"),
            text(d, "targets"),
            text(event, "id"),
            where));
    return 1;
  }

  private static Map<String, List<String>> parameters(JsonNode params) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (params != null && params.isObject()) {
      params.properties().forEach(e -> out.put(e.getKey(), texts(e.getValue())));
    }
    return out;
  }

  private static String firstText(JsonNode n, String a, String b) {
    String v = text(n, a);
    return v != null ? v : text(n, b);
  }
}
