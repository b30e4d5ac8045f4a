package io.runwatch.core.triage;

import io.runwatch.core.baseline.Baseline;
import io.runwatch.core.baseline.BaselineHistory;
import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.correlate.OrphanExecution;
import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.Detector;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.RecentActivity;
import io.runwatch.core.geo.NetworkInfo;
import io.runwatch.core.geo.NetworkLookup;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.IdentityChange;
import io.runwatch.core.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Judges admin commands: in time order, each against its scope's baseline as it was before the
 * command, by every detector; triages the hits into findings; then learns the command. Commands up
 * to {@code learnUntil} are only learned (the history a single hunt over a long period learns
 * from). Orphan executions become findings of their own. Findings sharing a principal or a VM
 * within a day are linked as related.
 *
 * <p>Each scope's baseline is aged ({@link Baseline#agedAsOf}) to the policy's {@code
 * baselineHistory} as of each judged or learned command's UTC day (once per scope and day: commands
 * come in time order), and each command's source is looked up in the {@link NetworkLookup} once,
 * for the detectors and for learning.
 */
public final class DetectionPipeline {
  /** How close in time two findings must be to count as related. */
  static final Duration RELATED_WINDOW = Duration.ofHours(24);

  private final List<Detector> detectors;
  private final Policy policy;
  private final Triage triage;
  private final NetworkLookup networks;

  /** A pipeline without a geo database. */
  public DetectionPipeline(List<Detector> detectors, Policy policy, Triage triage) {
    this(detectors, policy, triage, NetworkLookup.NONE);
  }

  public DetectionPipeline(
      List<Detector> detectors, Policy policy, Triage triage, NetworkLookup networks) {
    this.detectors = List.copyOf(detectors);
    this.policy = policy;
    this.triage = triage;
    this.networks = java.util.Objects.requireNonNull(networks, "networks");
  }

  /**
   * What a run found.
   *
   * @param baselines every scope's baseline after all commands were learned
   * @param judged how many commands were judged (the rest were only learned)
   */
  public record Result(List<Finding> findings, Map<String, Baseline> baselines, long judged) {}

  /**
   * @param correlations each command's outcome in the guests (by identity), or empty
   * @param starting baselines learned before (from a store), by scope
   * @param learnUntil commands at or before it are learned, not judged; {@code null} judges all
   * @param now the clock detectors see
   */
  public Result run(
      List<AdminCommand> commands,
      Map<AdminCommand, CommandCorrelation> correlations,
      List<OrphanExecution> orphans,
      List<IdentityChange> identityChanges,
      List<AgentStatusEvent> statuses,
      Map<String, Baseline> starting,
      Instant learnUntil,
      Instant now) {
    List<AdminCommand> ordered = new ArrayList<>(commands);
    ordered.sort(Comparator.comparing(AdminCommand::time));
    RecentActivity recent = new RecentActivity(ordered, identityChanges, statuses);
    Map<String, Baseline> baselines = new HashMap<>(starting);
    List<Finding> findings = new ArrayList<>();
    long judged =
        walk(
            ordered,
            c -> learnUntil == null || c.time().isAfter(learnUntil),
            recent,
            correlations,
            baselines,
            now,
            findings);
    for (OrphanExecution o : orphans) {
      Instant t = o.evidence().get(0).execution().time();
      if (learnUntil == null || t.isAfter(learnUntil)) {
        findings.add(triage.orphan(o, policy));
      }
    }
    List<Finding> linked = new ArrayList<>(Triage.linkRelated(findings, RELATED_WINDOW));
    linked.sort(
        Comparator.comparing(Finding::severity)
            .reversed()
            .thenComparing(Finding::score, Comparator.reverseOrder())
            .thenComparing(Finding::time));
    return new Result(linked, Map.copyOf(baselines), judged);
  }

  /**
   * Judges {@code commands} one event at a time, as the cloud functions do: every one of them is
   * judged against its scope's baseline (then observed, so two commands of one payload see each
   * other), while {@code context} (the account's recent journaled commands) only informs the
   * detectors that look back (denied attempts before a success, spikes, fan-out) and is neither
   * judged nor learned again. Findings are not linked to each other: the store holds the rest.
   */
  public Result judge(
      List<AdminCommand> commands,
      List<AdminCommand> context,
      Map<AdminCommand, CommandCorrelation> correlations,
      List<IdentityChange> identityChanges,
      List<AgentStatusEvent> statuses,
      Map<String, Baseline> starting,
      Instant now) {
    List<AdminCommand> ordered = new ArrayList<>(commands);
    ordered.sort(Comparator.comparing(AdminCommand::time));
    List<AdminCommand> known = new ArrayList<>(context);
    known.addAll(ordered);
    known.sort(Comparator.comparing(AdminCommand::time));
    RecentActivity recent = new RecentActivity(known, identityChanges, statuses);
    Map<String, Baseline> baselines = new HashMap<>(starting);
    List<Finding> findings = new ArrayList<>();
    walk(ordered, c -> true, recent, correlations, baselines, now, findings);
    return new Result(List.copyOf(findings), Map.copyOf(baselines), ordered.size());
  }

  /**
   * Takes {@code ordered} in time order, each against its scope's baseline as it was before it
   * (aged once per scope and UTC day), judges those {@code judged} accepts, and observes every one.
   *
   * @param baselines by scope, updated in place
   * @return how many were judged
   */
  private long walk(
      List<AdminCommand> ordered,
      Predicate<AdminCommand> judged,
      RecentActivity recent,
      Map<AdminCommand, CommandCorrelation> correlations,
      Map<String, Baseline> baselines,
      Instant now,
      List<Finding> findings) {
    Map<String, Long> agedOnDay = new HashMap<>();
    BaselineHistory history = new BaselineHistory(policy.baselineHistory());
    long count = 0;
    for (AdminCommand c : ordered) {
      String scope = Baseline.scopeOf(c);
      Baseline before = baselines.getOrDefault(scope, Baseline.empty(scope));
      long day = BaselineHistory.day(c.time());
      if (!Long.valueOf(day).equals(agedOnDay.put(scope, day))) {
        before = before.agedAsOf(c.time(), history);
      }
      NetworkInfo geo = networks.lookup(c.sourceIp()).orElse(null);
      if (judged.test(c)) {
        count++;
        DetectionContext context =
            new DetectionContext(c, correlations.get(c), before, policy, recent, now, networks);
        List<DetectorHit> hits = new ArrayList<>();
        for (Detector d : detectors) {
          d.evaluate(context).ifPresent(hits::add);
        }
        triage.triage(context, hits).ifPresent(findings::add);
      }
      baselines.put(scope, before.observe(c, geo));
    }
    return count;
  }

  /** The detector of an id, for reports. */
  public Optional<Detector> detector(String id) {
    return detectors.stream().filter(d -> d.id().equals(id)).findFirst();
  }
}
