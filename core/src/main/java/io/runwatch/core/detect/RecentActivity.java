package io.runwatch.core.detect;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.AgentStatusEvent.StatusKind;
import io.runwatch.core.model.IdentityChange;
import io.runwatch.core.model.VmRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The activity around a command that detectors look back over (denied attempts before it, the
 * document it runs being created, identity changes, the principal's other commands, maintenance
 * window runs): indexed by principal, VM, scope and time, each query a binary search.
 */
public final class RecentActivity {
  private final Map<String, List<AdminCommand>> byPrincipal;
  private final Map<String, List<AdminCommand>> byVm;
  private final Map<String, List<AdminCommand>> byScope;
  private final Map<String, List<IdentityChange>> changesBySubject;
  private final Map<String, List<AgentStatusEvent>> windowRunsByAccount;

  public RecentActivity(
      List<AdminCommand> commands,
      List<IdentityChange> identityChanges,
      List<AgentStatusEvent> statuses) {
    byPrincipal = index(commands, c -> List.of(c.principal().id()), AdminCommand::time);
    byVm = index(commands, c -> c.targets().stream().map(VmRef::id).toList(), AdminCommand::time);
    byScope =
        index(
            commands,
            c -> List.of(io.runwatch.core.baseline.Baseline.scopeOf(c)),
            AdminCommand::time);
    changesBySubject =
        index(identityChanges, ch -> List.of(lower(ch.subject())), IdentityChange::time);
    windowRunsByAccount =
        index(
            statuses.stream()
                .filter(s -> s.kind() == StatusKind.MAINTENANCE_WINDOW_EXECUTION)
                .toList(),
            s -> List.of(String.valueOf(s.account())),
            AgentStatusEvent::time);
  }

  public static RecentActivity empty() {
    return new RecentActivity(List.of(), List.of(), List.of());
  }

  /** The principal's commands with time in {@code [from, to)}, oldest first. */
  public List<AdminCommand> byPrincipal(String principal, Instant from, Instant to) {
    return between(byPrincipal.get(principal), from, to, AdminCommand::time);
  }

  /** Commands that named {@code vm} as a target, in {@code [from, to)}. */
  public List<AdminCommand> toVm(String vm, Instant from, Instant to) {
    return between(byVm.get(vm), from, to, AdminCommand::time);
  }

  /** Commands in a baseline scope ({@code CLOUD|account}), in {@code [from, to)}. */
  public List<AdminCommand> inScope(String scope, Instant from, Instant to) {
    return between(byScope.get(scope), from, to, AdminCommand::time);
  }

  /** Identity changes to {@code subject} (a principal id, any case) in {@code [from, to)}. */
  public List<IdentityChange> identityChanges(String subject, Instant from, Instant to) {
    return between(changesBySubject.get(lower(subject)), from, to, IdentityChange::time);
  }

  /**
   * Maintenance Window executions seen in the input for an account (their start and end), which
   * count as declared windows.
   */
  public List<AgentStatusEvent> maintenanceRuns(String account, Instant from, Instant to) {
    return between(
        windowRunsByAccount.get(String.valueOf(account)), from, to, AgentStatusEvent::time);
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(java.util.Locale.ROOT);
  }

  private static <T> Map<String, List<T>> index(
      List<T> items, Function<T, List<String>> keys, Function<T, Instant> time) {
    Map<String, List<T>> map = new HashMap<>();
    for (T item : items) {
      for (String k : keys.apply(item)) {
        map.computeIfAbsent(k, x -> new ArrayList<>()).add(item);
      }
    }
    map.values().forEach(l -> l.sort(Comparator.comparing(time)));
    return map;
  }

  private static <T> List<T> between(
      List<T> sorted, Instant from, Instant to, Function<T, Instant> time) {
    if (sorted == null || sorted.isEmpty()) {
      return List.of();
    }
    int lo = 0;
    int hi = sorted.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (time.apply(sorted.get(mid)).isBefore(from)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    List<T> out = new ArrayList<>();
    for (int i = lo; i < sorted.size() && time.apply(sorted.get(i)).isBefore(to); i++) {
      out.add(sorted.get(i));
    }
    return out;
  }
}
