package io.runwatch.core.baseline;

import io.runwatch.core.geo.NetworkInfo;
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
 * judge, and a store can write it back conditionally. {@link #agedAsOf} forgets what was not seen
 * within the history window ({@link BaselineHistory}).
 *
 * @param scope {@code CLOUD|account}, e.g. {@code AWS|111122223333}
 * @param initiatorsByVm who has run commands on each VM (for "first time on this VM"), with when
 * @param learnedUntil the time of the newest command observed
 */
public record Baseline(
    String scope,
    Map<String, PrincipalProfile> principals,
    Map<String, Sightings> initiatorsByVm,
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
    Sightings who = initiatorsByVm.get(vm);
    return who != null && who.contains(principal);
  }

  /** This baseline after {@code c} (which must belong to this scope), without geo information. */
  public Baseline observe(AdminCommand c) {
    return observe(c, null);
  }

  /**
   * This baseline after {@code c} (which must belong to this scope).
   *
   * @param geo the country and ASN of {@code c}'s source address, or {@code null} when unknown
   */
  public Baseline observe(AdminCommand c, NetworkInfo geo) {
    String who = c.principal().id();
    long day = BaselineHistory.day(c.time());
    var vmIds = c.targets().stream().map(VmRef::id).toList();
    PrincipalProfile before = principals.getOrDefault(who, PrincipalProfile.empty(who));
    PrincipalProfile after =
        before.observe(c.time(), vmIds, c.sourceIp(), geo, c.document(), c.operation().name());
    Map<String, PrincipalProfile> p = new HashMap<>(principals);
    p.put(who, after);
    Map<String, Sightings> byVm = initiatorsByVm;
    for (String vm : vmIds) {
      Sightings current = byVm.getOrDefault(vm, Sightings.NONE);
      Sightings next = current.plus(who, day, null);
      if (next != current) {
        if (byVm == initiatorsByVm) {
          byVm = new HashMap<>(initiatorsByVm);
        }
        byVm.put(vm, next);
      }
    }
    return new Baseline(
        scope,
        p,
        byVm,
        account.observe(c.time(), vmIds, c.sourceIp(), geo, c.document(), c.operation().name()),
        commands + 1,
        learnedUntil == null || c.time().isAfter(learnedUntil) ? c.time() : learnedUntil);
  }

  /**
   * This baseline as {@code history} remembers it at {@code asOf}: principals whose last command,
   * and items whose last sighting, fall before {@link BaselineHistory#cutoffDay} are forgotten.
   * {@code this} when nothing is that old.
   */
  public Baseline agedAsOf(Instant asOf, BaselineHistory history) {
    return seenSince(history.cutoffDay(asOf));
  }

  /** This baseline without what was last seen before {@code cutoffDay}. */
  public Baseline seenSince(long cutoffDay) {
    boolean changed = false;
    Map<String, PrincipalProfile> p = new HashMap<>();
    for (var e : principals.entrySet()) {
      PrincipalProfile profile = e.getValue();
      if (profile.lastSeen() != null && BaselineHistory.day(profile.lastSeen()) < cutoffDay) {
        changed = true;
        continue;
      }
      PrincipalProfile aged = profile.seenSince(cutoffDay);
      changed |= aged != profile;
      p.put(e.getKey(), aged);
    }
    Map<String, Sightings> byVm = new HashMap<>();
    for (var e : initiatorsByVm.entrySet()) {
      Sightings aged = e.getValue().seenSince(cutoffDay);
      changed |= aged != e.getValue();
      if (!aged.isEmpty()) {
        byVm.put(e.getKey(), aged);
      }
    }
    PrincipalProfile agedAccount = account.seenSince(cutoffDay);
    changed |= agedAccount != account;
    return changed ? new Baseline(scope, p, byVm, agedAccount, commands, learnedUntil) : this;
  }
}
