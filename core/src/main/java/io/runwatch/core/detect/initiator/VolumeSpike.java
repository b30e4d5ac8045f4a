package io.runwatch.core.detect.initiator;

import io.runwatch.core.baseline.Baseline;
import io.runwatch.core.baseline.PrincipalProfile;
import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.Detector;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.policy.Thresholds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code RW-VOLUME-SPIKE}: a principal runs far more admin commands today than it usually does in a
 * day; and, as a separate reason in the same hit, the whole scope (account, subscription, project)
 * does.
 *
 * <p>For a level (the principal, then the scope), with {@code today} the UTC day of the judged
 * command:
 *
 * <pre>
 *   count = commands on today up to and including this one ({@code RecentActivity})
 *   rate  = profile.rateOn(today)      (exponentially weighted daily rate, half-life 7 days,
 *                                       learned from the days before today)
 *   limit = max(spikeMinimum, spikeFactor × rate)
 *   spike = count &gt; limit
 *   score = min(100, round(50 × count / limit))     (above 50 whenever it spikes)
 * </pre>
 *
 * <p>The hit's score is the higher of the two levels'. {@code spikeFactor} and {@code spikeMinimum}
 * come from the policy's thresholds. Commands of every outcome count (denied bursts are activity
 * too), as they do in the baseline.
 *
 * <p>Quiet when the principal's history starts fewer than {@value #MIN_HISTORY_DAYS} UTC days
 * before today (its profile's first command is on day {@code today - 7} or later): the rate is a
 * moving average with a seven-day half-life and means little before one half-life has passed, so a
 * new principal's first busy days are not spikes ({@link FirstSeenInitiator} covers new
 * principals). The scope level needs the same history of its own (always true once the principal
 * has it).
 */
public final class VolumeSpike implements Detector {
  public static final String ID = "RW-VOLUME-SPIKE";

  /**
   * Whole UTC days of history a daily rate needs before it can be compared with: one half-life of
   * the baseline's moving average. Fixed by the baseline's design rather than a tunable threshold.
   */
  public static final int MIN_HISTORY_DAYS = 7;

  private static final long DAY = 86_400;

  public VolumeSpike() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Spike in admin commands by this principal or in this account today";
  }

  @Override
  public String attack() {
    return "TA0002:T1651";
  }

  @Override
  public Severity defaultSeverity() {
    return Severity.MEDIUM;
  }

  @Override
  public String falsePositives() {
    return "Patch days, incident response, a migration or a rollout that touches many VMs, a"
        + " retrying pipeline, or an admin running the same command VM by VM instead of with one"
        + " targeted command. Benign when the commands share a document and a change ticket or"
        + " maintenance window explains the day.";
  }

  @Override
  public String triageNote() {
    return "List the principal's commands today: which documents, which targets, from which"
        + " source. A burst of different scripts across unrelated VMs, or discovery and"
        + " credential-access commands, is worse than one patch document repeated. Check whether"
        + " a maintenance window or change explains the volume.";
  }

  @Override
  public Optional<DetectorHit> evaluate(DetectionContext context) {
    AdminCommand c = context.command();
    Baseline baseline = context.baseline();
    Optional<PrincipalProfile> known = baseline.principal(c.principal().id());
    long today = Math.floorDiv(c.time().getEpochSecond(), DAY);
    if (known.isEmpty() || !enoughHistory(known.get(), today)) {
      return Optional.empty();
    }
    Thresholds t = context.policy().thresholds();
    Instant dayStart = Instant.ofEpochSecond(today * DAY);
    Instant through = c.time().plusNanos(1);
    List<String> reasons = new ArrayList<>();
    Map<String, String> facts = new LinkedHashMap<>();
    int score = 0;

    List<AdminCommand> mine = context.recent().byPrincipal(c.principal().id(), dayStart, through);
    Level principal = Level.of(count(mine, c), known.get().rateOn(today), t);
    principal.putFacts("principal", facts);
    if (principal.spike()) {
      score = Math.max(score, principal.score());
      reasons.add(
          c.principal().displayName()
              + " ran "
              + principal.count
              + " admin commands today (UTC), over its limit of "
              + fmt(principal.limit)
              + " (usual "
              + fmt(principal.rate)
              + " a day)");
    }

    PrincipalProfile account = baseline.account();
    if (enoughHistory(account, today)) {
      List<AdminCommand> all = context.recent().inScope(Baseline.scopeOf(c), dayStart, through);
      Level scope = Level.of(count(all, c), account.rateOn(today), t);
      scope.putFacts("scope", facts);
      if (scope.spike()) {
        score = Math.max(score, scope.score());
        reasons.add(
            c.cloud()
                + " "
                + c.account()
                + " saw "
                + scope.count
                + " admin commands today (UTC), over its limit of "
                + fmt(scope.limit)
                + " (usual "
                + fmt(scope.rate)
                + " a day)");
      }
    }
    if (reasons.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new DetectorHit(
            ID,
            context.policy().severityOf(ID, defaultSeverity()),
            score,
            String.join("; ", reasons),
            facts));
  }

  private static boolean enoughHistory(PrincipalProfile p, long today) {
    return p.firstSeen() != null
        && today - Math.floorDiv(p.firstSeen().getEpochSecond(), DAY) >= MIN_HISTORY_DAYS;
  }

  /** The commands up to and including {@code c}, counting {@code c} even when not among them. */
  private static long count(List<AdminCommand> upToC, AdminCommand c) {
    return upToC.size() + (upToC.contains(c) ? 0 : 1);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** One level's numbers, per the formula in the class Javadoc. */
  record Level(long count, double rate, double limit) {
    static Level of(long count, double rate, Thresholds t) {
      return new Level(count, rate, Math.max(t.spikeMinimum(), t.spikeFactor() * rate));
    }

    boolean spike() {
      return count > limit;
    }

    int score() {
      return limit <= 0 ? 100 : (int) Math.min(100, Math.round(50 * count / limit));
    }

    void putFacts(String prefix, Map<String, String> facts) {
      facts.put(prefix + "Today", Long.toString(count));
      facts.put(prefix + "Rate", fmt(rate));
      facts.put(prefix + "Limit", fmt(limit));
    }
  }
}
