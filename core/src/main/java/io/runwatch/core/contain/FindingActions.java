package io.runwatch.core.contain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.triage.ContainmentAction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code actions} array back from a stored finding ({@code FindingJson}): the containment
 * function acts on what triage recommended, including its {@code blocked} mark, never on a
 * responder's retyping of it.
 */
public final class FindingActions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FindingActions() {}

  /**
   * @throws IllegalStateException naming the field when the stored JSON is not a finding
   */
  public static List<ContainmentAction> read(String findingJson) {
    JsonNode root;
    try {
      root = JSON.readTree(findingJson);
    } catch (IOException e) {
      throw new IllegalStateException("stored finding is not JSON");
    }
    JsonNode actions = root == null ? null : root.get("actions");
    if (actions == null || !actions.isArray()) {
      throw new IllegalStateException("stored finding has no actions array");
    }
    List<ContainmentAction> out = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      out.add(action(actions.get(i), i));
    }
    return out;
  }

  private static ContainmentAction action(JsonNode a, int i) {
    String where = "actions[" + i + "].";
    ContainmentAction.Kind kind;
    try {
      kind = ContainmentAction.Kind.valueOf(text(a, "kind", where));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(where + "kind is not a known kind");
    }
    String cloud = a.path("cloud").textValue();
    Map<String, String> params = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = a.path("parameters").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isTextual()) {
        params.put(e.getKey(), e.getValue().textValue());
      }
    }
    return new ContainmentAction(
        kind,
        cloud == null ? null : Cloud.valueOf(cloud),
        params,
        text(a, "why", where),
        a.path("blocked").textValue());
  }

  private static String text(JsonNode a, String field, String where) {
    JsonNode n = a.get(field);
    if (n == null || !n.isTextual()) {
      throw new IllegalStateException(where + field + " missing");
    }
    return n.textValue();
  }
}
