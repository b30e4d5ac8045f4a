package io.runwatch.core.service;

import io.runwatch.core.baseline.Baseline;
import io.runwatch.core.baseline.BaselineHistory;
import io.runwatch.core.baseline.BaselineJson;
import io.runwatch.core.baseline.BaselineLearner;
import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.correlate.CorrelationSettings;
import io.runwatch.core.correlate.Correlator;
import io.runwatch.core.correlate.MechanismCatalog;
import io.runwatch.core.correlate.TelemetryIndex;
import io.runwatch.core.detect.Detectors;
import io.runwatch.core.geo.NetworkLookup;
import io.runwatch.core.ingest.PayloadReport;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.IdentityChange;
import io.runwatch.core.model.Sha256;
import io.runwatch.core.model.VmRef;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.port.AgentStatusSource;
import io.runwatch.core.port.BaselineStore;
import io.runwatch.core.port.CommandContentSource;
import io.runwatch.core.port.CommandContentSource.CommandContent;
import io.runwatch.core.port.EventJournal;
import io.runwatch.core.port.FindingNotifier;
import io.runwatch.core.port.FindingStore;
import io.runwatch.core.port.HostDirectory;
import io.runwatch.core.port.HostTelemetrySource;
import io.runwatch.core.port.PendingCorrelationStore;
import io.runwatch.core.port.PendingCorrelationStore.Pending;
import io.runwatch.core.service.DetectionOutcome.Tally;
import io.runwatch.core.triage.AnalysisAnswer;
import io.runwatch.core.triage.DetectionPipeline;
import io.runwatch.core.triage.Finding;
import io.runwatch.core.triage.Triage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The cloud functions' detection, one delivered event at a time: read it, fetch what the record
 * hides, ask the targets' telemetry, judge the commands in the context of the account's recent
 * events, store and notify the findings, learn, and journal the event.
 *
 * <h2>Order, and why redelivery is safe</h2>
 *
 * <ol>
 *   <li>An event already in the journal was fully handled before (the journal is written last): a
 *       redelivered copy does nothing.
 *   <li>Findings are stored, then notified ({@link FindingDelivery}); their ids are deterministic,
 *       so a retried event re-finds them and only re-sends a notification that never went out.
 *   <li>Unsettled correlations are saved as pending with the baseline the command was judged on, so
 *       the re-check judges it identically plus what telemetry then shows.
 *   <li>The baseline learns the commands ({@link BaselineLearner}: conditional writes, reload on a
 *       lost race), after every finding is safe: a failure before this point leaves the baseline as
 *       it was, and the retry judges exactly as the first attempt did.
 *   <li>The event is journaled: from now on it is context for later events, and a copy is a
 *       duplicate.
 * </ol>
 */
public final class EventDetection {
  /** The adapters a cloud module provides. */
  public record Ports(
      BaselineStore baselines,
      FindingStore findings,
      FindingNotifier notifier,
      PendingCorrelationStore pending,
      EventJournal journal,
      CommandContentSource content,
      HostTelemetrySource telemetry,
      HostDirectory hosts,
      AgentStatusSource agentStatuses) {
    /** Ports without an agent status source (status events alone name invoked VMs). */
    public Ports(
        BaselineStore baselines,
        FindingStore findings,
        FindingNotifier notifier,
        PendingCorrelationStore pending,
        EventJournal journal,
        CommandContentSource content,
        HostTelemetrySource telemetry,
        HostDirectory hosts) {
      this(
          baselines,
          findings,
          notifier,
          pending,
          journal,
          content,
          telemetry,
          hosts,
          AgentStatusSource.NONE);
    }

    public Ports {
      Objects.requireNonNull(baselines, "baselines");
      Objects.requireNonNull(findings, "findings");
      Objects.requireNonNull(notifier, "notifier");
      Objects.requireNonNull(pending, "pending");
      Objects.requireNonNull(journal, "journal");
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(telemetry, "telemetry");
      Objects.requireNonNull(hosts, "hosts");
      Objects.requireNonNull(agentStatuses, "agentStatuses");
    }
  }

  static final String CONTENT_QUESTION = "What did the command run?";

  private final Ports ports;
  private final FunctionSettings settings;
  private final Policy policy;
  private final Clock clock;
  private final Correlator correlator;
  private final DetectionPipeline pipeline;
  private final ContentEnrichment enrichment;
  private final FindingDelivery delivery;

  public EventDetection(Ports ports, Policy policy, FunctionSettings settings, Clock clock) {
    this(ports, policy, settings, clock, d -> Thread.sleep(d.toMillis()));
  }

  EventDetection(
      Ports ports,
      Policy policy,
      FunctionSettings settings,
      Clock clock,
      FindingDelivery.Sleeper sleeper) {
    this.ports = ports;
    this.settings = settings;
    this.policy = policy;
    this.clock = clock;
    MechanismCatalog catalog = MechanismCatalog.load();
    // Lateness = the re-check deadline: an outcome settles exactly when the function stops waiting.
    this.correlator =
        new Correlator(
            catalog, new CorrelationSettings(settings.clockSkew(), settings.recheckDeadline()));
    this.pipeline = new DetectionPipeline(Detectors.all(), policy, new Triage(catalog));
    this.enrichment = new ContentEnrichment(ports.content());
    this.delivery =
        new FindingDelivery(ports.findings(), ports.notifier(), settings, clock, sleeper);
  }

  /** Handles one delivered event ({@code source} names the route, e.g. {@code eventbridge}). */
  public DetectionOutcome handle(String source, byte[] payload) {
    Tally t = new Tally();
    PayloadReport r = PayloadReport.read(source, payload);
    t.records = r.stats().records();
    t.commands = r.commands().size();
    t.statuses = r.statuses().size();
    t.identityChanges = r.identityChanges().size();
    t.errors.addAll(r.errors());
    if (r.isPoison()) {
      t.poison = true;
      return t.outcome();
    }
    EventKey key = EventKey.of(payload, r, clock.instant());
    if (key.scopes().isEmpty()) {
      return t.outcome(); // nothing runwatch reads: counted as skipped by the ingestor
    }
    if (ports.journal().contains(key.scopes().get(0), key.time(), key.key())) {
      t.duplicate = true;
      return t.outcome();
    }
    Map<String, List<AdminCommand>> byScope = new LinkedHashMap<>();
    for (AdminCommand c : r.commands()) {
      byScope.computeIfAbsent(Baseline.scopeOf(c), s -> new ArrayList<>()).add(c);
    }
    for (Map.Entry<String, List<AdminCommand>> e : byScope.entrySet()) {
      judgeFirstLook(e.getKey(), e.getValue(), r, payload, t);
    }
    for (String scope : key.scopes()) {
      ports.journal().append(scope, key.time(), key.key(), payload);
    }
    // After the journal: if a re-check fails here, this copy is a duplicate to the platform's
    // retry, and the scheduled re-check settles the command instead.
    for (AgentStatusEvent s : r.statuses()) {
      if (s.commandId() != null) {
        for (Pending p : ports.pending().byCommandId(s.commandId())) {
          recheck(p, t);
        }
      }
    }
    return t.outcome();
  }

  /** Re-checks up to {@code limit} pending correlations, oldest first (the scheduled run). */
  public DetectionOutcome recheckPending(int limit) {
    Tally t = new Tally();
    for (Pending p : ports.pending().oldest(limit)) {
      recheck(p, t);
    }
    return t.outcome();
  }

  private void judgeFirstLook(
      String scope, List<AdminCommand> raw, PayloadReport r, byte[] payload, Tally t) {
    Instant now = clock.instant();
    ContentEnrichment.Enriched enriched = enrichment.enrich(raw);
    t.contentUnknown += enriched.unknown().size();
    RecentContext context = recentContext(scope, enriched.commands(), now, r, true);
    Baseline before =
        ports
            .baselines()
            .load(scope)
            .map(BaselineStore.Versioned::baseline)
            .orElse(Baseline.empty(scope));
    Correlated correlated = correlate(enriched.commands(), context.statuses(), now, true, t);
    // Unsettled commands are judged now (seconds matter) but without a correlation: "not
    // observed" before the deadline would be a false alarm on telemetry that is merely late. The
    // re-check judges them again with the settled correlation.
    Map<AdminCommand, CommandCorrelation> settled =
        new IdentityHashMap<>(correlated.correlations());
    correlated.unsettled().forEach(settled::remove);
    List<Finding> findings = judge(enriched, context, settled, before, now);
    deliver(findings, t);
    for (AdminCommand c : correlated.unsettled()) {
      Instant deadline =
          correlator
              .window(c)
              .map(w -> w.to().plus(settings.recheckDeadline()))
              .orElse(c.time().plus(settings.recheckDeadline()));
      Pending p =
          new Pending(
              pendingId(scope, c),
              c.account(),
              c.commandId(),
              payload,
              BaselineJson.write(before),
              now,
              deadline,
              0,
              0);
      if (ports.pending().putIfAbsent(p)) {
        t.pendingAdded++;
      }
    }
    new BaselineLearner(
            ports.baselines(),
            settings.baselineAttempts(),
            new BaselineHistory(policy.baselineHistory()),
            NetworkLookup.NONE)
        .learn(enriched.commands());
  }

  private void recheck(Pending p, Tally t) {
    Instant now = clock.instant();
    t.rechecked++;
    PayloadReport r = PayloadReport.read("pending", p.event());
    Baseline before = BaselineJson.read(p.baseline(), "pending " + p.id());
    ContentEnrichment.Enriched enriched = enrichment.enrich(r.commands());
    String scope = before.scope();
    RecentContext context = recentContext(scope, enriched.commands(), now, r, false);
    Correlated correlated = correlate(enriched.commands(), context.statuses(), now, false, t);
    boolean pastDeadline = !now.isBefore(p.deadline());
    if (!correlated.unsettled().isEmpty() && !pastDeadline) {
      ports
          .pending()
          .update(
              new Pending(
                  p.id(),
                  p.account(),
                  p.commandId(),
                  p.event(),
                  p.baseline(),
                  p.firstSeen(),
                  p.deadline(),
                  p.attempts() + 1,
                  p.version() + 1));
      return;
    }
    // Settled, or out of time: the correlation as it stands is the verdict.
    deliver(judge(enriched, context, correlated.correlations(), before, now), t);
    if (ports.pending().delete(p.id(), p.version())) {
      t.settled++;
    }
  }

  private List<Finding> judge(
      ContentEnrichment.Enriched enriched,
      RecentContext context,
      Map<AdminCommand, CommandCorrelation> correlations,
      Baseline before,
      Instant now) {
    DetectionPipeline.Result result =
        pipeline.judge(
            enriched.commands(),
            context.commands(),
            correlations,
            context.identityChanges(),
            context.statuses(),
            Map.of(before.scope(), before),
            now);
    List<Finding> out = new ArrayList<>();
    for (Finding f : result.findings()) {
      CommandContent unknown = enriched.unknown().get(f.command());
      out.add(unknown == null ? f : withUnknownContent(f, unknown));
    }
    return out;
  }

  private void deliver(List<Finding> findings, Tally t) {
    for (Finding f : findings) {
      t.findings++;
      switch (delivery.deliver(f)) {
        case NOTIFIED -> t.notified++;
        case ALREADY_NOTIFIED -> t.alreadyNotified++;
        case STORED_BELOW_THRESHOLD -> t.belowThreshold++;
      }
    }
  }

  /**
   * @param firstLook on the first look only commands whose window has closed are asked about (see
   *     {@link #correlate}); the agent's invocation list serves only the correlation
   */
  private RecentContext recentContext(
      String scope,
      List<AdminCommand> judged,
      Instant now,
      PayloadReport current,
      boolean firstLook) {
    Instant from = now.minus(settings.contextWindow());
    for (AdminCommand c : judged) {
      Instant back = c.time().minus(settings.contextWindow());
      from = back.isBefore(from) ? back : from;
    }
    RecentContext loaded =
        RecentContext.load(ports.journal(), scope, from, settings.contextLimit());
    // The journal may hold the judged commands themselves (a re-check): keep them out of the
    // context so they are not counted twice.
    Set<String> judgedKeys = new LinkedHashSet<>();
    judged.forEach(c -> judgedKeys.add(identity(c)));
    List<AdminCommand> others =
        loaded.commands().stream().filter(c -> !judgedKeys.contains(identity(c))).toList();
    List<AgentStatusEvent> statuses = new ArrayList<>(current.statuses());
    for (AdminCommand c : judged) {
      if (c.commandId() != null && (!firstLook || !windowOpen(c, now))) {
        statuses.addAll(ports.agentStatuses().statusesOf(c));
      }
    }
    return new RecentContext(others, loaded.statuses(), loaded.identityChanges(), loaded.events())
        .with(statuses, current.identityChanges());
  }

  /** The correlations, and which commands' outcomes are still open. */
  private record Correlated(
      Map<AdminCommand, CommandCorrelation> correlations, Set<AdminCommand> unsettled) {}

  /**
   * @param firstLook whether this is the event's first judgement: then a command whose window is
   *     still open is not asked about at all (its telemetry is minutes behind the control plane,
   *     and a query would hold the SOC's notification for seconds to learn nothing); it waits for
   *     the agent's status event or the scheduled re-check
   */
  private Correlated correlate(
      List<AdminCommand> commands,
      List<AgentStatusEvent> statuses,
      Instant now,
      boolean firstLook,
      Tally t) {
    TelemetryIndex.Builder index = new TelemetryIndex.Builder(correlator.catalog(), ports.hosts());
    Set<AdminCommand> open = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (AdminCommand c : commands) {
      var window = correlator.window(c);
      if (window.isEmpty()) {
        continue;
      }
      Instant to = window.get().to().plus(settings.recheckDeadline());
      if (firstLook && windowOpen(c, now)) {
        open.add(c);
        continue;
      }
      Set<String> vms = targetVms(c, statuses);
      if (vms.isEmpty()) {
        continue;
      }
      try {
        index.query(ports.telemetry(), vms, window.get().from(), to.isAfter(now) ? now : to);
      } catch (RuntimeException e) {
        // Unknown is not blind: the command waits for a re-check instead of a false verdict.
        t.telemetryFailures++;
        open.add(c);
      }
    }
    Correlator.Report report = correlator.correlate(commands, statuses, index.build(), now);
    Map<AdminCommand, CommandCorrelation> byCommand = new IdentityHashMap<>();
    Set<AdminCommand> unsettled = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (CommandCorrelation cc : report.commands()) {
      if (open.contains(cc.command())) {
        unsettled.add(cc.command());
        continue;
      }
      byCommand.put(cc.command(), cc);
      if (cc.targets().stream().anyMatch(tc -> !tc.settled())) {
        unsettled.add(cc.command());
      }
    }
    return new Correlated(byCommand, unsettled);
  }

  /** Whether evidence of {@code c} may still arrive (the correlator would not settle it yet). */
  private boolean windowOpen(AdminCommand c, Instant now) {
    return correlator
        .window(c)
        .map(w -> w.to().plus(settings.recheckDeadline()).isAfter(now))
        .orElse(false);
  }

  /** The named targets, plus the instances the agent reported for this command id. */
  private static Set<String> targetVms(AdminCommand c, List<AgentStatusEvent> statuses) {
    Set<String> vms = new LinkedHashSet<>();
    for (VmRef v : c.targets()) {
      vms.add(v.id());
    }
    if (c.commandId() != null) {
      for (AgentStatusEvent s : statuses) {
        if (c.commandId().equals(s.commandId()) && s.instanceId() != null) {
          vms.add(s.instanceId());
        }
      }
    }
    return vms;
  }

  private static Finding withUnknownContent(Finding f, CommandContent why) {
    List<AnalysisAnswer> answers = new ArrayList<>(f.answers());
    answers.add(
        new AnalysisAnswer(
            CONTENT_QUESTION,
            "Unknown: the provider did not give the command's content ("
                + why.availability()
                + (why.detail() == null ? "" : ": " + why.detail())
                + "). Judged without it; read it in the console before closing.",
            null));
    return f.withAnswers(answers, f.related());
  }

  static String pendingId(String scope, AdminCommand c) {
    return scope + "|" + identity(c);
  }

  private static String identity(AdminCommand c) {
    if (c.foldKey() != null) {
      return c.foldKey();
    }
    if (c.eventId() != null) {
      return c.eventId();
    }
    return c.time() + "|" + c.principal().id() + "|" + c.operation();
  }

  /** Which scopes an event belongs to, when it happened, and its stable key. */
  record EventKey(List<String> scopes, Instant time, String key) {
    static EventKey of(byte[] payload, PayloadReport r, Instant now) {
      Set<String> scopes = new LinkedHashSet<>();
      Instant time = null;
      for (AdminCommand c : r.commands()) {
        scopes.add(Baseline.scopeOf(c));
        time = later(time, c.time());
      }
      for (AgentStatusEvent s : r.statuses()) {
        scopes.add(s.cloud() + "|" + (s.account() == null ? "unknown" : s.account()));
        time = later(time, s.time());
      }
      for (IdentityChange c : r.identityChanges()) {
        scopes.add(c.cloud() + "|" + (c.account() == null ? "unknown" : c.account()));
        time = later(time, c.time());
      }
      return new EventKey(
          List.copyOf(scopes), time == null ? now : time, Sha256.hex(payload).substring(0, 32));
    }

    private static Instant later(Instant a, Instant b) {
      return b == null ? a : a == null || b.isAfter(a) ? b : a;
    }
  }
}
