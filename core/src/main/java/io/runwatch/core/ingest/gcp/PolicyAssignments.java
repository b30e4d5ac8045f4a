package io.runwatch.core.ingest.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.ingest.JsonFields;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads OS Config OS policy assignments: which assignment, which VMs it selects, and the scripts of
 * its {@code exec} resources, which the agent runs as root on every matching VM.
 */
final class PolicyAssignments {
  private static final String COLLECTION = "/osPolicyAssignments/";

  private PolicyAssignments() {}

  /** The assignment in the request ({@code osPolicyAssignment}), or {@code null}. */
  static JsonNode assignment(JsonNode request) {
    return ProtoJson.child(request, "osPolicyAssignment");
  }

  /**
   * The assignment's resource name, {@code projects/P/locations/ZONE/osPolicyAssignments/ID}: from
   * the update request, the create request's parent and id, the audited resource, or the
   * long-running operation's metadata, whichever the entry has.
   */
  static String name(JsonNode protoPayload) {
    JsonNode request = JsonFields.at(protoPayload, "request");
    String named = ProtoJson.text(assignment(request), "name");
    if (named != null) {
      return named;
    }
    String parent = ProtoJson.text(request, "parent");
    String id = ProtoJson.text(request, "osPolicyAssignmentId");
    if (parent != null && id != null) {
      return parent + COLLECTION + id;
    }
    String resourceName = JsonFields.text(protoPayload, "resourceName");
    if (resourceName != null && resourceName.contains(COLLECTION)) {
      return resourceName;
    }
    String revision =
        ProtoJson.text(JsonFields.at(protoPayload, "response", "metadata"), "osPolicyAssignment");
    if (revision != null) {
      // The operation names a revision: NAME@REVISION_ID.
      int at = revision.indexOf('@');
      return at > 0 ? revision.substring(0, at) : revision;
    }
    return resourceName;
  }

  /**
   * A compact rendering of the assignment's {@code InstanceFilter}, e.g. {@code include=(env=prod);
   * exclude=(tier=db); os=debian:12}.
   */
  static String selector(JsonNode filter) {
    if (filter == null) {
      return null;
    }
    if (ProtoJson.isTrue(filter, "all")) {
      return "all";
    }
    List<String> parts = new ArrayList<>();
    addLabelSets(parts, "include", ProtoJson.elements(filter, "inclusionLabels"));
    addLabelSets(parts, "exclude", ProtoJson.elements(filter, "exclusionLabels"));
    List<String> os = new ArrayList<>();
    for (JsonNode inventory : ProtoJson.elements(filter, "inventories")) {
      String name = ProtoJson.text(inventory, "osShortName");
      String version = ProtoJson.text(inventory, "osVersion");
      if (name != null) {
        os.add(version != null ? name + ":" + version : name);
      }
    }
    // v1alpha's deprecated spelling of the same criterion.
    os.addAll(ProtoJson.texts(filter, "osShortNames"));
    if (!os.isEmpty()) {
      parts.add("os=" + String.join(",", os));
    }
    return parts.isEmpty() ? null : String.join("; ", parts);
  }

  /**
   * The {@code validate} and {@code enforce} steps of every exec resource, each under a {@code #
   * POLICY/RESOURCE STEP (INTERPRETER)} header: the script text when inline, else the file it
   * names.
   */
  static String scripts(JsonNode assignment) {
    List<String> blocks = new ArrayList<>();
    for (JsonNode policy : ProtoJson.elements(assignment, "osPolicies")) {
      String policyId = ProtoJson.text(policy, "id");
      for (JsonNode group : ProtoJson.elements(policy, "resourceGroups")) {
        for (JsonNode resource : ProtoJson.elements(group, "resources")) {
          JsonNode exec = ProtoJson.child(resource, "exec");
          String resourceId = ProtoJson.text(resource, "id");
          for (String step : List.of("validate", "enforce")) {
            addStep(blocks, policyId + "/" + resourceId + " " + step, ProtoJson.child(exec, step));
          }
        }
      }
    }
    return blocks.isEmpty() ? null : String.join("\n", blocks);
  }

  private static void addStep(List<String> blocks, String label, JsonNode step) {
    if (step == null) {
      return;
    }
    String interpreter = ProtoJson.text(step, "interpreter");
    String header = "# " + label + (interpreter != null ? " (" + interpreter + ")" : "");
    String script = ProtoJson.text(step, "script");
    if (script != null) {
      blocks.add(header + "\n" + script);
      return;
    }
    String file = fileRef(ProtoJson.child(step, "file"));
    blocks.add(header + (file != null ? " file: " + file : ""));
  }

  /** An exec file as a location: remote URI, {@code gs://bucket/object#generation}, or a path. */
  private static String fileRef(JsonNode file) {
    String remote = ProtoJson.text(ProtoJson.child(file, "remote"), "uri");
    if (remote != null) {
      return remote;
    }
    JsonNode gcs = ProtoJson.child(file, "gcs");
    if (gcs != null) {
      String generation = ProtoJson.text(gcs, "generation");
      return "gs://"
          + JsonFields.text(gcs, "bucket")
          + "/"
          + JsonFields.text(gcs, "object")
          + (generation != null ? "#" + generation : "");
    }
    return ProtoJson.text(file, "localPath");
  }

  private static void addLabelSets(List<String> parts, String name, List<JsonNode> sets) {
    List<String> rendered = new ArrayList<>();
    for (JsonNode set : sets) {
      rendered.add(ProtoJson.labelSet(ProtoJson.child(set, "labels")));
    }
    if (!rendered.isEmpty()) {
      parts.add(name + "=" + String.join("|", rendered));
    }
  }
}
