package io.runwatch.core.policy;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.VmRef;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A declared maintenance window.
 *
 * @param accounts the accounts, subscriptions or projects it covers; empty for all
 * @param targets globs over VM ids or target selectors it covers (e.g. {@code tag:PatchGroup=web}
 *     or {@code *vm-pay-*}); empty for all
 */
public record MaintenanceWindow(
    String name,
    Schedule schedule,
    Duration duration,
    ZoneId zone,
    List<String> accounts,
    List<String> targets) {

  public MaintenanceWindow {
    accounts = List.copyOf(accounts);
    targets = List.copyOf(targets);
  }

  /** Whether this window applies to {@code c}'s account and targets and is open at its time. */
  public boolean covers(AdminCommand c) {
    return appliesTo(c) && schedule.covers(c.time(), duration, zone);
  }

  public boolean appliesTo(AdminCommand c) {
    if (!accounts.isEmpty()
        && accounts.stream().noneMatch(a -> a.equalsIgnoreCase(String.valueOf(c.account())))) {
      return false;
    }
    if (targets.isEmpty()) {
      return true;
    }
    for (String glob : targets) {
      if (PrincipalMatcher.Globs.matches(glob, c.targetSelector())) {
        return true;
      }
      for (VmRef vm : c.targets()) {
        if (PrincipalMatcher.Globs.matches(glob, vm.id())
            || PrincipalMatcher.Globs.matches(glob, vm.name())) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the window is open at {@code t}, whatever the command. */
  public boolean openAt(Instant t) {
    return schedule.covers(t, duration, zone);
  }
}
