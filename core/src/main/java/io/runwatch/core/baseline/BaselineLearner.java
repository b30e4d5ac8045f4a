package io.runwatch.core.baseline;

import io.runwatch.core.geo.NetworkLookup;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.port.BaselineStore;
import io.runwatch.core.port.BaselineStore.Versioned;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Learns commands into the baselines of a {@link BaselineStore}: what {@code runwatch learn} and
 * the functions use. Commands may come in any order and from any scopes; each scope's new commands
 * are observed in time order on top of its stored baseline and written back with a conditional
 * write.
 *
 * <h2>Which commands are learned (the idempotence rule)</h2>
 *
 * A baseline records only {@link Baseline#learnedUntil()}, the time of the newest command it has
 * seen, not which commands it has seen; the rule is built on that watermark:
 *
 * <ol>
 *   <li><b>Copies</b> in one call with the same {@link AdminCommand#eventId()} are learned once.
 *       (Commands without an event id cannot be recognized and are each learned.)
 *   <li><b>Already learned:</b> a command whose time is at or before the {@code learnedUntil} of
 *       the baseline stored when {@link #learn} starts on its scope is skipped. So learning the
 *       same input again, or an overlapping one, learns nothing twice. The price: history must be
 *       learned oldest first. A command older than the watermark, including one at the very instant
 *       of the watermark arriving in a later call, is skipped too (and counted in {@link
 *       Learned#alreadyLearned()}); a baseline is a statistical summary, and missing a straggler
 *       costs less than counting replays twice. One call learns all commands of one instant
 *       together, so only splitting an instant across calls loses any.
 *   <li><b>Lost races:</b> when the conditional write fails, another writer stored first. The
 *       learner reloads and observes the <em>same</em> new commands on top of what is now stored;
 *       it does not re-filter them against the winner's newer watermark, which would drop every
 *       command of ours older than the winner's newest. Both writers' commands were new relative to
 *       the baseline they started from, and ours were not written since our write failed, so each
 *       is counted once. The one case this counts twice is two learners fed the <em>same</em>
 *       command at the same time (both read the baseline before either wrote). The CLI's store lock
 *       rules that out between processes, and {@code runwatch learn} passes all it read in one
 *       call; in the functions it takes one event delivered twice, to two invocations running at
 *       once.
 * </ol>
 *
 * <p>The learner does not filter: callers decide which commands are normal activity to learn (every
 * outcome is observed as given).
 *
 * <h2>Geo and history</h2>
 *
 * Each command's source address is looked up in the {@link NetworkLookup} (none by default), so the
 * profiles remember countries and ASNs. Before each command of a new UTC day is observed, the
 * baseline is aged as of that day ({@link Baseline#agedAsOf}, {@link BaselineHistory}): what was
 * not seen within the history window is forgotten, exactly as detection ages it while judging. As
 * aging happens at every day boundary of the input, learning history in time-ordered pieces still
 * gives the baseline of learning it at once, and learning nothing new writes nothing.
 */
public final class BaselineLearner {
  /** How many conditional writes to try per scope before giving up. */
  public static final int DEFAULT_MAX_ATTEMPTS = 50;

  /** Time order; equal times by event id, so a split or merged input folds in the same order. */
  static final Comparator<AdminCommand> ORDER =
      Comparator.comparing(AdminCommand::time)
          .thenComparing(AdminCommand::eventId, Comparator.nullsLast(Comparator.naturalOrder()));

  private final BaselineStore store;
  private final int maxAttempts;
  private final BaselineHistory history;
  private final NetworkLookup lookup;

  /** Default history ({@link BaselineHistory#DEFAULT}), no geo database. */
  public BaselineLearner(BaselineStore store) {
    this(store, DEFAULT_MAX_ATTEMPTS);
  }

  public BaselineLearner(BaselineStore store, int maxAttempts) {
    this(store, maxAttempts, BaselineHistory.DEFAULT, NetworkLookup.NONE);
  }

  public BaselineLearner(BaselineStore store, BaselineHistory history, NetworkLookup lookup) {
    this(store, DEFAULT_MAX_ATTEMPTS, history, lookup);
  }

  public BaselineLearner(
      BaselineStore store, int maxAttempts, BaselineHistory history, NetworkLookup lookup) {
    this.store = Objects.requireNonNull(store, "store");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
    this.history = Objects.requireNonNull(history, "history");
    this.lookup = Objects.requireNonNull(lookup, "lookup");
  }

  /**
   * What one call did to one scope.
   *
   * @param learned commands observed into the stored baseline
   * @param alreadyLearned commands at or before the stored {@code learnedUntil}, skipped
   * @param duplicates copies of an event id already in this call, skipped
   * @param attempts conditional writes tried (0 when there was nothing new to write)
   * @param version the stored version afterwards (0 if the scope has no baseline)
   */
  public record Learned(
      String scope, int learned, int alreadyLearned, int duplicates, int attempts, long version) {}

  /**
   * Learns {@code commands} into their scopes' baselines.
   *
   * @return one entry per scope, sorted by scope
   * @throws BaselineStoreException if a scope's write lost {@code maxAttempts} races in a row, or
   *     the store failed
   */
  public List<Learned> learn(Collection<AdminCommand> commands) {
    Map<String, List<AdminCommand>> byScope = new TreeMap<>();
    for (AdminCommand c : commands) {
      byScope.computeIfAbsent(Baseline.scopeOf(c), s -> new ArrayList<>()).add(c);
    }
    List<Learned> out = new ArrayList<>(byScope.size());
    byScope.forEach((scope, list) -> out.add(learnScope(scope, list)));
    return List.copyOf(out);
  }

  private Learned learnScope(String scope, List<AdminCommand> commands) {
    List<AdminCommand> sorted = new ArrayList<>(commands);
    sorted.sort(ORDER);
    List<AdminCommand> unique = new ArrayList<>(sorted.size());
    Set<String> ids = new HashSet<>();
    for (AdminCommand c : sorted) {
      if (c.eventId() == null || ids.add(c.eventId())) {
        unique.add(c);
      }
    }
    int duplicates = sorted.size() - unique.size();

    Optional<Versioned> stored = store.load(scope);
    Instant watermark = stored.map(v -> v.baseline().learnedUntil()).orElse(null);
    List<AdminCommand> fresh =
        watermark == null
            ? unique
            : unique.stream().filter(c -> c.time().isAfter(watermark)).toList();
    int already = unique.size() - fresh.size();
    if (fresh.isEmpty()) {
      return new Learned(
          scope, 0, already, duplicates, 0, stored.map(Versioned::version).orElse(0L));
    }

    for (int attempt = 1; ; attempt++) {
      Baseline baseline = stored.map(Versioned::baseline).orElseGet(() -> Baseline.empty(scope));
      long version = stored.map(Versioned::version).orElse(0L);
      long agedOn = Long.MIN_VALUE;
      for (AdminCommand c : fresh) {
        long day = BaselineHistory.day(c.time());
        if (day != agedOn) {
          baseline = baseline.agedAsOf(c.time(), history);
          agedOn = day;
        }
        baseline = baseline.observe(c, lookup.lookup(c.sourceIp()).orElse(null));
      }
      if (store.save(baseline, version)) {
        return new Learned(scope, fresh.size(), already, duplicates, attempt, version + 1);
      }
      if (attempt >= maxAttempts) {
        throw new BaselineStoreException(
            "gave up learning "
                + fresh.size()
                + " commands into scope "
                + scope
                + ": "
                + attempt
                + " conditional writes in a row lost to other writers");
      }
      backOff(scope, attempt);
      stored = store.load(scope);
    }
  }

  /** A short random pause, growing with the attempts, so racing writers stop colliding. */
  private static void backOff(String scope, int attempt) {
    long capMillis = Math.min(1L << Math.min(attempt - 1, 6), 50);
    LockSupport.parkNanos(
        ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(capMillis) + 1));
    if (Thread.currentThread().isInterrupted()) {
      throw new BaselineStoreException("interrupted while learning scope " + scope);
    }
  }
}
