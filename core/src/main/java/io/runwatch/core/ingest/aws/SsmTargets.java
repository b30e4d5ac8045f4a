package io.runwatch.core.ingest.aws;

import static io.runwatch.core.ingest.JsonFields.at;
import static io.runwatch.core.ingest.JsonFields.text;
import static io.runwatch.core.ingest.JsonFields.texts;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.core.model.VmRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The VMs an SSM call names: explicit instance ids, or a selector ({@code Targets} key/values such
 * as {@code tag:PatchGroup}) that SSM resolves later.
 */
record SsmTargets(List<VmRef> vms, String selector) {

  static SsmTargets from(JsonNode request, JsonNode response) {
    Set<String> ids = new LinkedHashSet<>(texts(at(request, "instanceIds")));
    addIfPresent(ids, text(request, "target")); // StartSession
    addIfPresent(ids, text(request, "instanceId")); // legacy CreateAssociation
    List<String> selectors = new ArrayList<>();
    readTargets(at(request, "targets"), ids, selectors);
    JsonNode entries = at(request, "entries"); // CreateAssociationBatch
    if (entries != null && entries.isArray()) {
      for (JsonNode entry : entries) {
        addIfPresent(ids, text(entry, "instanceId"));
        readTargets(at(entry, "targets"), ids, selectors);
      }
    }
    if (ids.isEmpty()) {
      ids.addAll(texts(at(response, "command", "instanceIds")));
    }
    List<VmRef> vms = ids.stream().map(VmRef::of).toList();
    return new SsmTargets(vms, selectors.isEmpty() ? null : String.join("; ", selectors));
  }

  private static void readTargets(JsonNode targets, Set<String> ids, List<String> selectors) {
    if (targets == null || !targets.isArray()) {
      return;
    }
    for (JsonNode t : targets) {
      String key = firstText(t, "key", "Key");
      JsonNode values = t.has("values") ? t.get("values") : t.get("Values");
      List<String> vals = texts(values);
      if (key == null) {
        continue;
      }
      if (key.equalsIgnoreCase("InstanceIds")) {
        ids.addAll(vals);
      } else {
        selectors.add(key + "=" + String.join(",", vals));
      }
    }
  }

  private static String firstText(JsonNode n, String a, String b) {
    String v = text(n, a);
    return v != null ? v : text(n, b);
  }

  private static void addIfPresent(Set<String> ids, String id) {
    if (id != null) {
      ids.add(id);
    }
  }
}
