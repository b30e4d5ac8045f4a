package io.runwatch.core.ingest.agent;

import static io.runwatch.core.ingest.JsonFields.at;
import static io.runwatch.core.ingest.JsonFields.integer;
import static io.runwatch.core.ingest.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.ingest.InvalidRecordException;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.AgentStatusEvent.StatusKind;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.RecordRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * AWS Systems Manager's own word on a Run Command invocation, as {@code aws ssm
 * get-command-invocation} and {@code aws ssm list-command-invocations [--details]} print it
 * (PascalCase, as the API returns it). The list arrives whole, {@code {"CommandInvocations":[…]}}
 * (the splitter only opens top-level arrays and {@code Records}); its elements also arrive one by
 * one when exported with {@code --query CommandInvocations}.
 */
final class SsmInvocationReports {
  static final String LIST = "CommandInvocations";
  private static final String PLUGINS = "CommandPlugins";

  private SsmInvocationReports() {}

  /** One invocation (either API's shape), or the list response. */
  static boolean recognizes(JsonNode record) {
    JsonNode list = record.get(LIST);
    if (list != null && list.isArray()) {
      return true;
    }
    return record.has("CommandId") && record.has("InstanceId") && record.has("Status");
  }

  static List<AgentStatusEvent> read(JsonNode record, RecordRef where)
      throws InvalidRecordException {
    List<AgentStatusEvent> out = new ArrayList<>();
    JsonNode list = record.get(LIST);
    if (list != null && list.isArray()) {
      for (int i = 0; i < list.size(); i++) {
        invocation(list.get(i), LIST + "[" + i + "].", where, out);
      }
    } else {
      invocation(record, "", where, out);
    }
    return out;
  }

  private static void invocation(
      JsonNode inv, String path, RecordRef where, List<AgentStatusEvent> out)
      throws InvalidRecordException {
    if (inv == null || !inv.isObject()) {
      throw InvalidRecordException.invalid(
          path.isEmpty() ? LIST : path.substring(0, path.length() - 1),
          "an invocation must be an object");
    }
    String commandId = required(inv, "CommandId", path);
    String instanceId = required(inv, "InstanceId", path);
    String status = required(inv, "Status", path);
    // GetCommandInvocation: the plugin's execution times, ISO strings, empty until it runs.
    Instant start =
        ReportTimes.optional(inv, "ExecutionStartDateTime", path + "ExecutionStartDateTime");
    Instant end = ReportTimes.optional(inv, "ExecutionEndDateTime", path + "ExecutionEndDateTime");
    // ListCommandInvocations --details: per-plugin response times; the invocation spans them.
    JsonNode plugins = at(inv, PLUGINS);
    if (plugins != null && plugins.isArray()) {
      for (int j = 0; j < plugins.size(); j++) {
        JsonNode p = plugins.get(j);
        String pluginPath = path + PLUGINS + "[" + j + "].";
        start =
            ReportTimes.earlier(
                start,
                ReportTimes.optional(
                    p, "ResponseStartDateTime", pluginPath + "ResponseStartDateTime"));
        end =
            ReportTimes.later(
                end,
                ReportTimes.optional(
                    p, "ResponseFinishDateTime", pluginPath + "ResponseFinishDateTime"));
      }
    }
    Instant requested = ReportTimes.optional(inv, "RequestedDateTime", path + "RequestedDateTime");
    Instant time = end != null ? end : start != null ? start : requested;
    if (time == null) {
      // AWS documents ResponseCode -1 as "the command hasn't started running on the managed node,
      // or it wasn't received by the node", and leaves the execution times empty until the plugin
      // runs: such an invocation says nothing ran and gives no time to place it, so it is skipped.
      Integer responseCode = integer(inv, "ResponseCode");
      if (responseCode != null && responseCode == -1) {
        return;
      }
      boolean listed = inv.has("RequestedDateTime") || inv.has(PLUGINS);
      throw InvalidRecordException.missing(
          path + (listed ? "RequestedDateTime" : "ExecutionStartDateTime"));
    }
    out.add(
        new AgentStatusEvent(
            Cloud.AWS,
            StatusKind.COMMAND_INVOCATION,
            null,
            null,
            status,
            commandId,
            null,
            instanceId,
            text(inv, "DocumentName"),
            null,
            null,
            time,
            start,
            end,
            null,
            null,
            null,
            null,
            where));
  }

  private static String required(JsonNode n, String field, String path)
      throws InvalidRecordException {
    String v = text(n, field);
    if (v == null) {
      throw InvalidRecordException.missing(path + field);
    }
    return v;
  }
}
