package io.runwatch.core.baseline;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.VmRef;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What normal looks like in one scope (a cloud account, subscription or project): the profile of
 * every principal that ran admin commands there, and of the VMs they reached. Immutable: {@link
 * #observe} returns a new baseline, so detectors always see the state before the command they
 * judge, and a store can write it back conditionally.
 *
 * @param scope {@code CLOUD|account}, e.g. {@code AWS|111122223333}
 * @param initiatorsByVm who has run commands on each VM (for "first time on this VM")
 * @param learnedUntil the time of the newest command observed
 */
public record Baseline(
    String scope,
    Map<String, PrincipalProfile> principals,
    Map<String, java.util.Set<String>> initiatorsByVm,
    PrincipalProfile account,
    long commands,
    Instant learnedUntil) {

  public Baseline {
    principals = Map.copyOf(principals);
    initiatorsByVm = Map.copyOf(initiatorsByVm);
  }

  public static String scopeOf(AdminCommand c) {
    return c.cloud() + "|" + (c.account() == null ? "unknown" : c.account());
  }

  public static Baseline empty(String scope) {
    return new Baseline(scope, Map.of(), Map.of(), PrincipalProfile.empty("*"), 0, null);
  }

  public Optional<PrincipalProfile> principal(String id) {
    return Optional.ofNullable(principals.get(id));
  }

  /** Whether {@code principal} has run commands on {@code vm} before. */
  public boolean hasRunOn(String principal, String vm) {
    java.util.Set<String> who = initiatorsByVm.get(vm);
    return who != null && who.contains(principal);
  }

  /** This baseline after {@code c} (which must belong to this scope). */
  public Baseline observe(AdminCommand c) {
    String who = c.principal().id();
    var vmIds = c.targets().stream().map(VmRef::id).toList();
    PrincipalProfile before = principals.getOrDefault(who, PrincipalProfile.empty(who));
    PrincipalProfile after =
        before.observe(c.time(), vmIds, c.sourceIp(), c.document(), c.operation().name());
    Map<String, PrincipalProfile> p = new HashMap<>(principals);
    p.put(who, after);
    Map<String, java.util.Set<String>> byVm = initiatorsByVm;
    for (String vm : vmIds) {
      java.util.Set<String> current = byVm.getOrDefault(vm, java.util.Set.of());
      if (!current.contains(who) && current.size() < PrincipalProfile.MAX_SET) {
        if (byVm == initiatorsByVm) {
          byVm = new HashMap<>(initiatorsByVm);
        }
        java.util.Set<String> next = new java.util.HashSet<>(current);
        next.add(who);
        byVm.put(vm, java.util.Set.copyOf(next));
      }
    }
    return new Baseline(
        scope,
        p,
        byVm,
        account.observe(c.time(), vmIds, c.sourceIp(), c.document(), c.operation().name()),
        commands + 1,
        learnedUntil == null || c.time().isAfter(learnedUntil) ? c.time() : learnedUntil);
  }
}
