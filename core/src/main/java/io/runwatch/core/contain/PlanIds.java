package io.runwatch.core.contain;

import io.runwatch.core.model.Sha256;
import io.runwatch.core.triage.ContainmentAction;
import java.util.Map;
import java.util.TreeMap;

/**
 * The id of a plan: a hash of the action and every change with its current value. Execute needs the
 * id of the dry run as {@code confirm}, and recomputes it from the state at that moment: if
 * anything moved in between (a key reactivated, a security group added), the ids differ and the
 * responder must look again. Length-prefixed fields, so no two plans hash the same text.
 */
public final class PlanIds {
  private PlanIds() {}

  public static String of(Plan plan) {
    ContainmentAction a = plan.action();
    StringBuilder s = new StringBuilder();
    field(s, plan.direction().name());
    field(s, a.kind().name());
    field(s, a.cloud() == null ? "" : a.cloud().name());
    map(s, a.parameters());
    for (Change c : plan.changes()) {
      field(s, c.api());
      field(s, c.resource());
      field(s, c.attribute());
      field(s, c.before());
      field(s, c.after());
      field(s, Boolean.toString(c.inPlace()));
      map(s, c.args());
    }
    return "plan-" + Sha256.hex(s.toString()).substring(0, 24); // 96 bits
  }

  private static void map(StringBuilder s, Map<String, String> m) {
    field(s, Integer.toString(m.size()));
    for (Map.Entry<String, String> e : new TreeMap<>(m).entrySet()) {
      field(s, e.getKey());
      field(s, e.getValue());
    }
  }

  private static void field(StringBuilder s, String v) {
    s.append(v.length()).append(':').append(v).append(';');
  }
}
