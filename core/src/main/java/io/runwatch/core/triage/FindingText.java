package io.runwatch.core.triage;

import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.VmRef;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words runwatch uses for a finding: its title (the line an analyst reads in a queue), its
 * description, and short labels for the detectors. Plain text, not escaped: every renderer escapes
 * for its own medium.
 */
public final class FindingText {
  private static final Map<String, String> LABELS =
      Map.ofEntries(
          Map.entry("RW-FIRST-SEEN-INITIATOR", "first-seen initiator"),
          Map.entry("RW-NON-ADMIN-IDENTITY", "non-admin identity"),
          Map.entry("RW-NEW-SOURCE", "new source"),
          Map.entry("RW-VOLUME-SPIKE", "volume spike"),
          Map.entry("RW-FAILED-THEN-SUCCEEDED", "failed then succeeded"),
          Map.entry("RW-OUTSIDE-WINDOW", "outside maintenance window"),
          Map.entry("RW-FAN-OUT", "fan-out"),
          Map.entry("RW-SUSPICIOUS-CONTENT", "suspicious content"),
          Map.entry("RW-NOT-MATERIALIZED", "not materialized"),
          Map.entry("RW-STAGING", "staged content"),
          Map.entry("RW-RECENT-IDENTITY-CHANGE", "recent identity change"),
          Map.entry(Triage.ORPHAN_DETECTOR, "orphan execution"));

  private FindingText() {}

  /** A short label for a detector id ("fan-out"), or the id itself when runwatch has none. */
  public static String label(String detectorId) {
    return LABELS.getOrDefault(detectorId, detectorId);
  }

  /**
   * E.g. "SendCommand by alice on 3 VMs: first-seen initiator, fan-out", or for an orphan "Agent
   * execution with no control-plane record on i-0abc: orphan execution".
   */
  public static String title(Finding f) {
    AdminCommand c = f.command();
    Set<String> labels = new LinkedHashSet<>();
    for (DetectorHit h : f.hits()) {
      labels.add(label(h.detectorId()));
    }
    String what =
        Triage.isOrphan(f)
            ? "Agent execution with no control-plane record on " + where(c)
            : action(c) + " by " + c.principal().displayName() + " on " + where(c);
    return labels.isEmpty() ? what : what + ": " + String.join(", ", labels);
  }

  /** The title and the detectors' reasons, one sentence each. */
  public static String description(Finding f) {
    StringBuilder s = new StringBuilder(title(f)).append('.');
    for (DetectorHit h : f.hits()) {
      s.append(' ').append(sentence(h.reason()));
    }
    return s.toString();
  }

  /**
   * A short name for the call: the provider's event name ({@code SendCommand}), its last dotted
   * segment for GCP methods ({@code CreateOSPolicyAssignment}), and for ARM operation paths (which
   * Azure logs in capitals) the normalized operation in camel case ({@code RunCommandAction}).
   */
  public static String action(AdminCommand c) {
    String e = c.eventName();
    if (e == null || e.isBlank() || e.indexOf('/') >= 0) {
      StringBuilder s = new StringBuilder();
      for (String word : c.operation().name().split("_")) {
        s.append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
      }
      return s.toString();
    }
    int dot = e.lastIndexOf('.');
    return dot >= 0 && dot < e.length() - 1 ? e.substring(dot + 1) : e;
  }

  /** "i-0abc (web-1)", "3 VMs", "selector tag:Env=prod", or "no named VM". */
  public static String where(AdminCommand c) {
    List<VmRef> targets = c.targets();
    int reach = c.reach();
    if (targets.size() == 1 && reach <= 1) {
      return vm(targets.get(0));
    }
    if (reach > 0) {
      return reach + " VMs" + (c.targetSelector() != null ? " (" + c.targetSelector() + ")" : "");
    }
    if (c.targetSelector() != null) {
      return "selector " + c.targetSelector();
    }
    return "no named VM";
  }

  static String vm(VmRef vm) {
    String id = shortId(vm.id());
    return vm.name() != null && !vm.name().equalsIgnoreCase(id) ? id + " (" + vm.name() + ")" : id;
  }

  /** The last segment of an ARM resource id (a VM's name), otherwise the id itself. */
  public static String shortId(String id) {
    if (id != null && id.startsWith("/subscriptions/")) {
      return id.substring(id.lastIndexOf('/') + 1);
    }
    return id;
  }

  static String time(Instant t) {
    return t == null ? "unknown time" : DateTimeFormatter.ISO_INSTANT.format(t);
  }

  static String sentence(String s) {
    String t = s.strip();
    return t.isEmpty() || t.endsWith(".") || t.endsWith("!") || t.endsWith("?") ? t : t + ".";
  }
}
