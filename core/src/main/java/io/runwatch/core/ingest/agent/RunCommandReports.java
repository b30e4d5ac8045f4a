package io.runwatch.core.ingest.agent;

import static io.runwatch.core.ingest.JsonFields.at;
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
import java.util.Locale;
import java.util.Set;

/**
 * Azure's own word on a managed Run Command: the run command resource with its instance view, as
 * {@code GET …/runCommands/{name}?$expand=instanceView} returns it ({@code
 * properties.instanceView}) or {@code az vm run-command show --instance-view} prints it (flattened:
 * {@code instanceView} at the top), one by one or as a list ({@code {"value":[…]}}). Works for VMs,
 * scale set instances and Arc machines alike: the machine is the id before {@code
 * /runCommands/<name>}.
 *
 * <p>Also recognized, and reported as nothing: the action Run Command's response ({@code az vm
 * run-command invoke}, {@code POST …/runCommand}), a {@code value} list of instance-view statuses
 * ({@code ComponentStatus/StdOut/succeeded}, {@code ProvisioningState/succeeded} with the output in
 * {@code message}), and a bare instance view ({@code --query instanceView}). None names the machine
 * or the run command, so nothing can join them to a command or a host; the Activity Log already
 * records the action call itself.
 */
final class RunCommandReports {
  static final String VIEW = "instanceView";
  static final String STATE = "executionState";
  private static final String LIST = "value";
  private static final String RUN_COMMANDS = "runcommands";
  // ExecutionState values that say the script has not run (or is not known to have run): without
  // a start or end time such a view has nothing to place in time.
  private static final Set<String> NOT_STARTED = Set.of("pending", "unknown", "canceled");

  private RunCommandReports() {}

  static boolean recognizes(JsonNode record) {
    if (isRunCommand(record) || isView(record)) {
      return true;
    }
    JsonNode list = record.get(LIST);
    if (list == null || !list.isArray() || list.isEmpty()) {
      return false;
    }
    boolean allStatuses = true;
    for (JsonNode e : list) {
      if (isRunCommand(e)) {
        return true;
      }
      allStatuses &= isStatus(e);
    }
    return allStatuses;
  }

  /** A run command resource carrying an instance view. */
  private static boolean isRunCommand(JsonNode n) {
    return n != null && n.isObject() && viewOf(n) != null && runCommandsSegment(text(n, "id")) >= 0;
  }

  private static JsonNode viewOf(JsonNode resource) {
    JsonNode v = at(resource, "properties", VIEW);
    if (v == null) {
      v = at(resource, VIEW);
    }
    return v != null && v.isObject() ? v : null;
  }

  /** A bare instance view, as {@code --query instanceView} prints it. */
  private static boolean isView(JsonNode n) {
    return n.has(STATE) && (n.has("exitCode") || n.has("executionMessage") || n.has("startTime"));
  }

  /** An {@code InstanceViewStatus}, as the action Run Command returns its output. */
  private static boolean isStatus(JsonNode n) {
    return n != null && n.isObject() && n.has("code") && (n.has("displayStatus") || n.has("level"));
  }

  static List<AgentStatusEvent> read(JsonNode record, RecordRef where)
      throws InvalidRecordException {
    List<AgentStatusEvent> out = new ArrayList<>();
    if (isRunCommand(record)) {
      runCommand(record, "", where, out);
      return out;
    }
    JsonNode list = record.get(LIST);
    if (list != null && list.isArray()) {
      for (int i = 0; i < list.size(); i++) {
        JsonNode e = list.get(i);
        // Elements without an instance view (a list read without $expand) have no status to give.
        if (isRunCommand(e)) {
          runCommand(e, LIST + "[" + i + "].", where, out);
        }
      }
    }
    // A bare instance view or the action's statuses name no machine: see the class comment.
    return out;
  }

  private static void runCommand(
      JsonNode resource, String path, RecordRef where, List<AgentStatusEvent> out)
      throws InvalidRecordException {
    String id = text(resource, "id");
    JsonNode view = viewOf(resource);
    String viewPath = path + (at(resource, "properties", VIEW) != null ? "properties." : "") + VIEW;
    String state = text(view, STATE);
    if (state == null) {
      throw InvalidRecordException.missing(viewPath + "." + STATE);
    }
    Instant start = ReportTimes.optional(view, "startTime", viewPath + ".startTime");
    Instant end = ReportTimes.optional(view, "endTime", viewPath + ".endTime");
    Instant time = end != null ? end : start;
    if (time == null) {
      if (NOT_STARTED.contains(state.toLowerCase(Locale.ROOT))) {
        return; // nothing ran yet, and there is no time to place the view at
      }
      throw InvalidRecordException.missing(viewPath + ".startTime");
    }
    List<String> segments = segments(id);
    int runCommands = runCommandsSegment(id);
    String name = text(resource, "name");
    if (name == null && runCommands + 1 < segments.size()) {
      name = segments.get(runCommands + 1);
    }
    out.add(
        new AgentStatusEvent(
            Cloud.AZURE,
            StatusKind.COMMAND_INVOCATION,
            subscription(segments),
            text(resource, "location"),
            state,
            null, // Azure hosts carry no command id: nothing to join on but the machine and time
            null,
            machineId(segments, runCommands),
            name,
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

  /** The lower-cased id of the machine the run command belongs to. */
  private static String machineId(List<String> segments, int runCommands) {
    return "/" + String.join("/", segments.subList(0, runCommands)).toLowerCase(Locale.ROOT);
  }

  private static String subscription(List<String> segments) {
    return segments.size() > 1 && segments.get(0).equalsIgnoreCase("subscriptions")
        ? segments.get(1).toLowerCase(Locale.ROOT)
        : null;
  }

  /**
   * The index of the last {@code runCommands} segment that follows a machine ({@code providers/…}
   * before it, a name after it), or -1.
   */
  private static int runCommandsSegment(String id) {
    List<String> s = segments(id);
    int providers = -1;
    for (int i = 0; i < s.size(); i++) {
      if (s.get(i).equalsIgnoreCase("providers")) {
        providers = i;
      }
    }
    for (int i = s.size() - 2; i > providers + 2 && providers >= 0; i--) {
      if (s.get(i).equalsIgnoreCase(RUN_COMMANDS)) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> segments(String id) {
    List<String> out = new ArrayList<>();
    if (id != null) {
      for (String s : id.split("/")) {
        if (!s.isEmpty()) {
          out.add(s);
        }
      }
    }
    return out;
  }
}
