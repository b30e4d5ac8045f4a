package io.runwatch.core.ingest.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.ingest.JsonFields;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Sha256;
import io.runwatch.core.model.VmRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Describes Compute Engine calls that set boot or shutdown scripts: on one instance ({@code
 * instances.setMetadata}, {@code instances.insert}) or on every instance of a project ({@code
 * projects.setCommonInstanceMetadata}).
 */
final class StartupScriptCommands {
  private static final Pattern PROJECT_OF_RESOURCE = Pattern.compile("^projects/([^/]+)");
  private static final Pattern INSTANCE_OF_RESOURCE = Pattern.compile("/instances/([^/]+)$");

  private StartupScriptCommands() {}

  /**
   * Fills the instance-level fields; {@code false} when the call touched no script key and so is
   * not a command.
   */
  static boolean describeInstance(
      JsonNode entry, JsonNode payload, String operationId, AdminCommand.Builder command) {
    List<String> keys = StartupScriptKeys.touched(payload);
    if (keys.isEmpty()) {
      // ssh-keys, windows-keys and other metadata: not a command (see StartupScriptKeys).
      return false;
    }
    VmRef instance = instanceOf(entry, payload);
    command
        .document(String.join(",", keys))
        .targets(instance != null ? List.of(instance) : List.of())
        .commandId(computeOperation(payload, operationId));
    describeScripts(JsonFields.at(payload, "request"), command);
    return true;
  }

  static boolean describeProject(
      JsonNode payload, String account, String operationId, AdminCommand.Builder command) {
    List<String> keys = StartupScriptKeys.touched(payload);
    if (keys.isEmpty()) {
      return false;
    }
    // Project metadata reaches every VM in the project that does not override the key.
    String project =
        ProtoJson.firstMatch(PROJECT_OF_RESOURCE, JsonFields.text(payload, "resourceName"));
    if (project == null) {
      project = account;
    }
    command
        .document(String.join(",", keys))
        .targetSelector("project:" + (project != null ? project : "unknown"))
        .commandId(computeOperation(payload, operationId));
    describeScripts(JsonFields.at(payload, "request"), command);
    return true;
  }

  private static void describeScripts(JsonNode request, AdminCommand.Builder command) {
    List<Map.Entry<String, String>> scripts = new ArrayList<>();
    StartupScriptKeys.values(request)
        .forEach(
            (key, value) -> {
              if (value != null) {
                scripts.add(Map.entry(key, value));
              }
            });
    if (scripts.size() == 1) {
      String script = scripts.get(0).getValue();
      command.content(script).contentSha256(Sha256.hex(script));
    } else if (!scripts.isEmpty()) {
      List<String> blocks = new ArrayList<>();
      scripts.forEach(e -> blocks.add("# " + e.getKey() + "\n" + e.getValue()));
      command.content(String.join("\n", blocks));
    }
  }

  /** The instance a Compute call is about: its numeric id, which host telemetry reports. */
  private static VmRef instanceOf(JsonNode entry, JsonNode payload) {
    String resourceName = JsonFields.text(payload, "resourceName");
    String name = ProtoJson.firstMatch(INSTANCE_OF_RESOURCE, resourceName);
    if (name == null) {
      name = JsonFields.text(payload, "request", "name");
    }
    String id =
        ProtoJson.firstNonNull(
            JsonFields.text(entry, "resource", "labels", "instance_id"),
            JsonFields.text(payload, "response", "targetId"),
            resourceName,
            name);
    return id != null ? new VmRef(id, name) : null;
  }

  private static String computeOperation(JsonNode payload, String operationId) {
    return operationId != null ? operationId : JsonFields.text(payload, "response", "name");
  }
}
