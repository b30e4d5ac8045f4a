package io.runwatch.core.service;

import io.runwatch.core.ingest.PayloadReport;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.IdentityChange;
import io.runwatch.core.port.EventJournal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An account's recent activity, read back from the journal and parsed again with the same parsers
 * that read it the first time: the journal keeps events as they arrived, so a parser fix applies to
 * the context too, and nothing needs a second serialization format.
 */
record RecentContext(
    List<AdminCommand> commands,
    List<AgentStatusEvent> statuses,
    List<IdentityChange> identityChanges,
    int events) {

  static final RecentContext EMPTY = new RecentContext(List.of(), List.of(), List.of(), 0);

  static RecentContext load(EventJournal journal, String scope, Instant from, int limit) {
    List<AdminCommand> commands = new ArrayList<>();
    List<AgentStatusEvent> statuses = new ArrayList<>();
    List<IdentityChange> changes = new ArrayList<>();
    List<EventJournal.Entry> entries = journal.since(scope, from, limit);
    for (EventJournal.Entry e : entries) {
      PayloadReport r = PayloadReport.read("journal", e.event());
      commands.addAll(r.commands());
      statuses.addAll(r.statuses());
      changes.addAll(r.identityChanges());
    }
    return new RecentContext(commands, statuses, changes, entries.size());
  }

  /** This context plus what the event being judged carried itself. */
  RecentContext with(List<AgentStatusEvent> moreStatuses, List<IdentityChange> moreChanges) {
    List<AgentStatusEvent> s = new ArrayList<>(statuses);
    s.addAll(moreStatuses);
    List<IdentityChange> c = new ArrayList<>(identityChanges);
    c.addAll(moreChanges);
    return new RecentContext(commands, s, c, events);
  }
}
