package io.runwatch.core.policy;

import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The organisation's declared normal: who administers, which automation is approved and where, when
 * maintenance happens, who must never be contained automatically, and the detectors' thresholds.
 * Loaded from YAML; {@link #defaults()} works with no file at all.
 *
 * @param severityOverrides per detector id, the severity to use instead of its default
 * @param baselineHistory how long a baseline remembers what it no longer sees (see {@code
 *     io.runwatch.core.baseline.BaselineHistory})
 * @param geoDatabases MaxMind DB files for the country and ASN of source addresses (a Country or
 *     City one and an ASN one; empty: none), resolved against the policy file's folder
 */
public record Policy(
    List<PrincipalMatcher> admins,
    List<ApprovedAutomation> automation,
    List<MaintenanceWindow> windows,
    List<PrincipalMatcher> protectedPrincipals,
    Thresholds thresholds,
    Map<String, Severity> severityOverrides,
    Duration baselineHistory,
    List<Path> geoDatabases) {

  /** A policy without geo databases. */
  public Policy(
      List<PrincipalMatcher> admins,
      List<ApprovedAutomation> automation,
      List<MaintenanceWindow> windows,
      List<PrincipalMatcher> protectedPrincipals,
      Thresholds thresholds,
      Map<String, Severity> severityOverrides,
      Duration baselineHistory) {
    this(
        admins,
        automation,
        windows,
        protectedPrincipals,
        thresholds,
        severityOverrides,
        baselineHistory,
        List.of());
  }

  public Policy {
    admins = List.copyOf(admins);
    automation = List.copyOf(automation);
    windows = List.copyOf(windows);
    protectedPrincipals = List.copyOf(protectedPrincipals);
    severityOverrides = Map.copyOf(severityOverrides);
    geoDatabases = List.copyOf(geoDatabases);
  }

  /** No declared admins, automation or windows; default thresholds; 30 days of history; no geo. */
  public static Policy defaults() {
    return new Policy(
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        Thresholds.DEFAULTS,
        Map.of(),
        Duration.ofDays(30));
  }

  public boolean isAdmin(AdminCommand c) {
    return admins.stream().anyMatch(m -> m.matches(c.cloud(), c.account(), c.principal()));
  }

  public boolean isProtected(AdminCommand c) {
    return protectedPrincipals.stream()
        .anyMatch(m -> m.matches(c.cloud(), c.account(), c.principal()));
  }

  /** The approved automation whose principal ran {@code c}, if any. */
  public List<ApprovedAutomation> automationOf(AdminCommand c) {
    return automation.stream().filter(a -> a.isPrincipalOf(c)).toList();
  }

  /** The declared windows that apply to {@code c}'s account and targets. */
  public List<MaintenanceWindow> windowsFor(AdminCommand c) {
    return windows.stream().filter(w -> w.appliesTo(c)).toList();
  }

  public Severity severityOf(String detectorId, Severity fallback) {
    return severityOverrides.getOrDefault(detectorId, fallback);
  }
}
