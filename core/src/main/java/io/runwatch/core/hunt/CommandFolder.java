package io.runwatch.core.hunt;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.OperationCompletion;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.model.PrincipalKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns the stream of per-record commands into one command per operation: drops redelivered copies
 * (same cloud and event id, e.g. a record read from both S3 and EventBridge) and folds the records
 * one operation emits (Azure Started/Accepted/Succeeded, GCP first/last) into one command that
 * keeps the earliest time and the final outcome. Thread-safe.
 */
public final class CommandFolder {
  private final Set<String> seenEvents = new HashSet<>();
  private final Map<String, Folded> byKey = new LinkedHashMap<>();
  private final Map<String, OperationCompletion> pendingCompletions = new HashMap<>();
  private long duplicates;
  private long folded;
  private long anonymous;

  private static final class Folded {
    AdminCommand command;
    Instant latest;

    Folded(AdminCommand c) {
      command = c;
      latest = c.time();
    }
  }

  /**
   * Applies an operation's end to its command, now or when the command arrives (records of one
   * operation may come in any order across files).
   */
  public synchronized void complete(OperationCompletion done) {
    Folded existing = byKey.get("fold|" + done.foldKey());
    if (existing == null) {
      pendingCompletions.merge(done.foldKey(), done, (a, b) -> b.time().isAfter(a.time()) ? b : a);
      return;
    }
    applyCompletion(existing, done);
  }

  private void applyCompletion(Folded f, OperationCompletion done) {
    folded++;
    boolean later = !done.time().isBefore(f.latest);
    Outcome outcome = foldOutcome(f.command.outcome(), done.outcome(), later);
    if (outcome != f.command.outcome()) {
      f.command =
          f.command.toBuilder()
              .outcome(outcome)
              .errorCode(outcome == done.outcome() ? done.errorCode() : f.command.errorCode())
              .build();
    }
    if (later) {
      f.latest = done.time();
    }
  }

  public synchronized void add(AdminCommand c) {
    if (c.eventId() != null && !seenEvents.add(c.cloud() + "|" + c.eventId())) {
      duplicates++;
      return;
    }
    String key = key(c);
    Folded existing = byKey.get(key);
    if (existing == null) {
      Folded f = new Folded(c);
      byKey.put(key, f);
      OperationCompletion early =
          c.foldKey() == null ? null : pendingCompletions.remove(c.foldKey());
      if (early != null) {
        applyCompletion(f, early);
      }
      return;
    }
    folded++;
    existing.command = merge(existing, c);
    if (c.time().isAfter(existing.latest)) {
      existing.latest = c.time();
    }
  }

  private String key(AdminCommand c) {
    if (c.foldKey() != null) {
      return "fold|" + c.foldKey();
    }
    if (c.eventId() != null) {
      return "event|" + c.cloud() + "|" + c.eventId();
    }
    return "anonymous|" + anonymous++;
  }

  /** Earliest time and first-seen identity; the outcome of the latest terminal record wins. */
  private static AdminCommand merge(Folded into, AdminCommand next) {
    AdminCommand base = into.command;
    boolean nextIsLater = !next.time().isBefore(into.latest);
    AdminCommand early = next.time().isBefore(base.time()) ? next : base;
    AdminCommand late = early == base ? next : base;
    Outcome outcome = foldOutcome(base.outcome(), next.outcome(), nextIsLater);
    String errorCode = outcome == next.outcome() ? next.errorCode() : base.errorCode();
    return early.toBuilder()
        .account(first(early.account(), late.account()))
        .region(first(early.region(), late.region()))
        .sourceIp(first(early.sourceIp(), late.sourceIp()))
        .userAgent(first(early.userAgent(), late.userAgent()))
        .targets(early.targets().isEmpty() ? late.targets() : early.targets())
        .targetSelector(first(early.targetSelector(), late.targetSelector()))
        .targetCount(first(early.targetCount(), late.targetCount()))
        .commandId(first(early.commandId(), late.commandId()))
        .document(first(early.document(), late.document()))
        .content(first(early.content(), late.content()))
        .contentSha256(first(early.contentSha256(), late.contentSha256()))
        .principal(
            early.principal().kind() == PrincipalKind.UNKNOWN
                ? late.principal()
                : early.principal())
        .outcome(outcome)
        .errorCode(errorCode)
        .build();
  }

  private static Outcome foldOutcome(Outcome current, Outcome next, boolean nextIsLater) {
    if (current == Outcome.IN_PROGRESS) {
      return next;
    }
    if (next == Outcome.IN_PROGRESS) {
      return current;
    }
    return nextIsLater ? next : current;
  }

  private static <T> T first(T a, T b) {
    return a != null ? a : b;
  }

  /** The folded commands, oldest first (ties broken by event id for a stable order). */
  public synchronized List<AdminCommand> commands() {
    List<AdminCommand> out = new ArrayList<>(byKey.size());
    for (Folded f : byKey.values()) {
      out.add(f.command);
    }
    out.sort(
        Comparator.comparing(AdminCommand::time)
            .thenComparing(c -> Objects.toString(c.eventId(), "")));
    return out;
  }

  /** Records dropped because their event id was already seen. */
  public synchronized long duplicates() {
    return duplicates;
  }

  /** Completions whose operation never turned out to be an admin command (e.g. ssh-keys). */
  public synchronized long unmatchedCompletions() {
    return pendingCompletions.size();
  }

  /** Records merged into an earlier record of the same operation. */
  public synchronized long folded() {
    return folded;
  }
}
