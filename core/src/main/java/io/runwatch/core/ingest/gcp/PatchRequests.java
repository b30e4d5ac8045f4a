package io.runwatch.core.ingest.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.ingest.JsonFields;
import io.runwatch.core.model.VmRef;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads OS Config patch jobs and patch deployments: whom they target ({@code PatchInstanceFilter})
 * and what they run besides packages ({@code PatchConfig} pre- and post-steps).
 */
final class PatchRequests {
  // Instances are named zones/Z/instances/N, projects/P/zones/Z/instances/N or as a full URL.
  private static final Pattern INSTANCE =
      Pattern.compile("(?:^|/)(zones/([^/]+)/instances/([^/]+))$");
  private static final List<String> PACKAGE_MANAGERS =
      List.of("apt", "yum", "zypper", "goo", "windowsUpdate");

  private PatchRequests() {}

  /**
   * A compact, deterministic rendering of a {@code PatchInstanceFilter}: {@code all}, or the
   * criteria that are set, e.g. {@code zones=us-central1-a; labels=(app=web,env=prod)}.
   */
  static String selector(JsonNode filter) {
    if (filter == null) {
      return null;
    }
    if (ProtoJson.isTrue(filter, "all")) {
      return "all";
    }
    List<String> parts = new ArrayList<>();
    addPart(parts, "zones", String.join(",", ProtoJson.texts(filter, "zones")));
    List<String> instances = new ArrayList<>();
    for (String uri : ProtoJson.texts(filter, "instances")) {
      instances.add(targetOf(uri).id());
    }
    addPart(parts, "instances", String.join(",", instances));
    List<String> labelSets = new ArrayList<>();
    for (JsonNode group : ProtoJson.elements(filter, "groupLabels")) {
      labelSets.add(ProtoJson.labelSet(ProtoJson.child(group, "labels")));
    }
    addPart(parts, "labels", String.join("|", labelSets));
    addPart(parts, "prefixes", String.join(",", ProtoJson.texts(filter, "instanceNamePrefixes")));
    return parts.isEmpty() ? null : String.join("; ", parts);
  }

  /** The VMs the filter names one by one. */
  static List<VmRef> targets(JsonNode filter) {
    List<VmRef> out = new ArrayList<>();
    for (String uri : ProtoJson.texts(filter, "instances")) {
      out.add(targetOf(uri));
    }
    return out;
  }

  /** {@code zones/Z/instances/N} with name N; other spellings are kept as given. */
  static VmRef targetOf(String uri) {
    Matcher m = INSTANCE.matcher(uri);
    return m.find() ? new VmRef(m.group(1), m.group(3)) : VmRef.of(uri);
  }

  /**
   * What the patch config does, for when the job has no display name: package managers, reboot
   * policy and whether it runs steps, e.g. {@code patch apt reboot=NEVER preStep}.
   */
  static String summary(JsonNode patchConfig) {
    if (patchConfig == null) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (String manager : PACKAGE_MANAGERS) {
      if (ProtoJson.child(patchConfig, manager) != null) {
        parts.add(manager);
      }
    }
    String reboot = ProtoJson.text(patchConfig, "rebootConfig");
    if (reboot != null) {
      parts.add("reboot=" + reboot);
    }
    for (String step : List.of("preStep", "postStep")) {
      if (ProtoJson.child(patchConfig, step) != null) {
        parts.add(step);
      }
    }
    return parts.isEmpty() ? null : "patch " + String.join(" ", parts);
  }

  /**
   * The scripts the pre- and post-steps run, one line each, e.g. {@code preStep linux:
   * gs://bucket/object#generation (SHELL)}. The record holds only the reference, never the script.
   */
  static String steps(JsonNode patchConfig) {
    List<String> lines = new ArrayList<>();
    for (String step : List.of("preStep", "postStep")) {
      JsonNode s = ProtoJson.child(patchConfig, step);
      addStep(lines, step + " linux", ProtoJson.child(s, "linuxExecStepConfig"));
      addStep(lines, step + " windows", ProtoJson.child(s, "windowsExecStepConfig"));
    }
    return lines.isEmpty() ? null : String.join("\n", lines);
  }

  private static void addStep(List<String> lines, String label, JsonNode config) {
    if (config == null) {
      return;
    }
    String where = ProtoJson.text(config, "localPath");
    JsonNode gcs = ProtoJson.child(config, "gcsObject");
    if (where == null && gcs != null) {
      String generation = ProtoJson.text(gcs, "generationNumber");
      where =
          "gs://"
              + JsonFields.text(gcs, "bucket")
              + "/"
              + JsonFields.text(gcs, "object")
              + (generation != null ? "#" + generation : "");
    }
    String interpreter = ProtoJson.text(config, "interpreter");
    lines.add(
        label
            + ": "
            + (where != null ? where : "(no script reference)")
            + (interpreter != null ? " (" + interpreter + ")" : ""));
  }

  private static void addPart(List<String> parts, String name, String value) {
    if (!value.isEmpty()) {
      parts.add(name + "=" + value);
    }
  }
}
