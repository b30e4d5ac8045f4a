package io.runwatch.core.correlate;

import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.AgentStatusEvent.StatusKind;
import io.runwatch.core.model.Effect;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.model.VmRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Joins control-plane commands to host evidence. For each command and each target VM it decides
 * CONFIRMED, AGENT_REPORTED, NOT_OBSERVED or BLIND_SPOT, and afterwards reports the agent-spawned
 * executions no command explains as orphans.
 *
 * <p>Joins, by the mechanism's {@link JoinKind}: an exact command id (AWS Run Command writes it
 * into the script's path, so even tag-targeted commands resolve their VMs); otherwise the target VM
 * and a window after the call. When several commands could explain one execution in a window, the
 * latest command before it wins, so each execution is evidence for one command only.
 *
 * <p>The result is a pure function of its inputs and {@code now}: a streaming caller re-runs it for
 * unsettled outcomes as late telemetry arrives.
 */
public final class Correlator {
  private final MechanismCatalog catalog;
  private final CorrelationSettings settings;
  private final Map<Operation, List<Mechanism>> byOperation = new EnumMap<>(Operation.class);
  private final Map<String, Mechanism> byId = new HashMap<>();

  public Correlator(MechanismCatalog catalog, CorrelationSettings settings) {
    this.catalog = catalog;
    this.settings = settings;
    for (Mechanism m : catalog.mechanisms()) {
      byId.put(m.id(), m);
      if (!m.benign()) {
        for (Operation op : m.operations()) {
          byOperation.computeIfAbsent(op, k -> new ArrayList<>()).add(m);
        }
      }
    }
  }

  public MechanismCatalog catalog() {
    return catalog;
  }

  /** Everything the correlation found. */
  public record Report(
      List<CommandCorrelation> commands,
      List<OrphanExecution> orphans,
      List<CoverageLine> coverage) {}

  /**
   * Per cloud and account: how many targets each outcome had, and which VMs were blind.
   *
   * @param blindVms the VMs with at least one BLIND_SPOT outcome
   */
  public record CoverageLine(
      String cloud,
      String account,
      long targets,
      long confirmed,
      long agentReported,
      long notObserved,
      long blindSpots,
      List<String> blindVms) {}

  /** One command's window and the mechanisms that could carry it out. */
  private record Plan(AdminCommand command, List<Mechanism> mechanisms, Instant from, Instant to) {
    boolean explains(Evidence e) {
      for (Mechanism m : mechanisms) {
        if (m.id().equals(e.mechanismId())) {
          return true;
        }
      }
      return false;
    }
  }

  public Report correlate(
      List<AdminCommand> commands,
      List<AgentStatusEvent> statuses,
      TelemetryIndex index,
      Instant now) {
    Map<String, String> agentStatus = agentStatusByInvocation(statuses);
    Map<String, List<String>> invokedVms = invokedVms(statuses);
    Map<String, List<AgentStatusEvent>> reportsByDocument = reportsByVmAndDocument(statuses);
    Map<Evidence, Boolean> claimed = new IdentityHashMap<>();
    Map<AdminCommand, Map<String, List<Evidence>>> found = new IdentityHashMap<>();
    List<Plan> plans = new ArrayList<>();
    for (AdminCommand c : commands) {
      Plan plan = plan(c);
      if (plan != null) {
        plans.add(plan);
        found.put(c, new LinkedHashMap<>());
      }
    }
    joinOnCommandIds(plans, index, found, claimed);
    joinOnWindows(plans, index, found, claimed);
    joinOnAccounts(plans, index, found, claimed);
    List<CommandCorrelation> out = new ArrayList<>();
    Map<AdminCommand, Plan> planOf = new IdentityHashMap<>();
    plans.forEach(p -> planOf.put(p.command(), p));
    for (AdminCommand c : commands) {
      Plan plan = planOf.get(c);
      out.add(
          plan == null
              ? new CommandCorrelation(c, List.of(), whyNot(c))
              : outcome(
                  plan, found.get(c), index, agentStatus, invokedVms, reportsByDocument, now));
    }
    return new Report(out, orphans(index, claimed), coverage(out));
  }

  /** Where a command's host evidence must fall in time. */
  public record TimeWindow(Instant from, Instant to) {}

  /**
   * The window in which {@code c}'s evidence is expected (clock skew included), or empty when no
   * execution is expected at all (denied, staged, no known mechanism): what a function queries its
   * telemetry source for.
   */
  public Optional<TimeWindow> window(AdminCommand c) {
    Plan p = plan(c);
    return p == null ? Optional.empty() : Optional.of(new TimeWindow(p.from(), p.to()));
  }

  private Plan plan(AdminCommand c) {
    if (c.outcome() == Outcome.DENIED || c.outcome() == Outcome.FAILED) {
      return null;
    }
    List<Mechanism> mechanisms = byOperation.getOrDefault(c.operation(), List.of());
    if (mechanisms.isEmpty() || c.operation().effect() == Effect.STAGES) {
      return null;
    }
    Duration window = Duration.ZERO;
    for (Mechanism m : mechanisms) {
      window = m.window().compareTo(window) > 0 ? m.window() : window;
    }
    Instant from = c.time().minus(settings.clockSkew());
    Instant to = c.time().plus(window).plus(settings.clockSkew());
    return new Plan(c, mechanisms, from, to);
  }

  private static String whyNot(AdminCommand c) {
    if (c.outcome() == Outcome.DENIED || c.outcome() == Outcome.FAILED) {
      return "the control plane refused or failed it: nothing should have run";
    }
    if (c.operation().effect() == Effect.STAGES) {
      return "it stages a document; code runs only when a later command uses it";
    }
    return "no host signature is known for " + c.operation();
  }

  /** Exact joins: the command id the agent wrote into the script's path. */
  private static void joinOnCommandIds(
      List<Plan> plans,
      TelemetryIndex index,
      Map<AdminCommand, Map<String, List<Evidence>>> found,
      Map<Evidence, Boolean> claimed) {
    for (Plan p : plans) {
      String id = p.command().commandId();
      if (id == null) {
        continue; // sessions join here too: the session worker carries the session id
      }
      for (Evidence e : index.byCommandId(id)) {
        // An offline instance runs a command when it comes back, so no upper bound here.
        if (p.explains(e) && !e.execution().time().isBefore(p.from())) {
          found.get(p.command()).computeIfAbsent(e.vm(), k -> new ArrayList<>()).add(e);
          claimed.put(e, Boolean.TRUE);
        }
      }
    }
  }

  /** Window joins on named targets: each execution goes to the latest command before it. */
  private void joinOnWindows(
      List<Plan> plans,
      TelemetryIndex index,
      Map<AdminCommand, Map<String, List<Evidence>>> found,
      Map<Evidence, Boolean> claimed) {
    Map<String, List<Plan>> byVm = new HashMap<>();
    for (Plan p : plans) {
      if (p.mechanisms().stream().allMatch(m -> m.join() == JoinKind.COMMAND_ID)) {
        continue;
      }
      for (VmRef t : p.command().targets()) {
        byVm.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(p);
      }
    }
    for (Map.Entry<String, List<Plan>> e : byVm.entrySet()) {
      List<Plan> vmPlans = e.getValue();
      vmPlans.sort(Comparator.comparing(p -> p.command().time()));
      TelemetryIndex.Timeline timeline = index.timeline(e.getKey()).orElse(null);
      if (timeline == null) {
        continue;
      }
      Instant from = vmPlans.get(0).from();
      Instant to = vmPlans.stream().map(Plan::to).max(Comparator.naturalOrder()).orElseThrow();
      for (Evidence ev : timeline.evidenceBetween(from, to)) {
        // Evidence carrying an exact command id belongs to that command or is an orphan, never
        // to whatever else ran nearby.
        if (claimed.containsKey(ev) || ev.commandId() != null && joinsExactly(ev)) {
          continue;
        }
        Plan owner = latestPlanExplaining(vmPlans, ev);
        if (owner != null) {
          found.get(owner.command()).computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(ev);
          claimed.put(ev, Boolean.TRUE);
        }
      }
    }
  }

  /**
   * Selector-targeted commands ("all instances", labels, a scale set) that no command id resolved:
   * the VMs the host map places in the command's account, and evidence in the window there. Only a
   * selector that takes every instance ({@code all}) makes a silent host a target.
   */
  private void joinOnAccounts(
      List<Plan> plans,
      TelemetryIndex index,
      Map<AdminCommand, Map<String, List<Evidence>>> found,
      Map<Evidence, Boolean> claimed) {
    Map<String, List<Plan>> byAccount = new HashMap<>();
    for (Plan p : plans) {
      AdminCommand c = p.command();
      if (c.targets().isEmpty()
          && found.get(c).isEmpty()
          && c.account() != null
          && p.mechanisms().stream().anyMatch(m -> m.join() != JoinKind.COMMAND_ID)) {
        byAccount
            .computeIfAbsent(c.account().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(p);
      }
    }
    if (byAccount.isEmpty()) {
      return;
    }
    for (TelemetryIndex.Timeline tl : index.timelines()) {
      List<Plan> accountPlans =
          tl.account == null ? null : byAccount.get(tl.account.toLowerCase(Locale.ROOT));
      if (accountPlans == null) {
        continue;
      }
      accountPlans.sort(Comparator.comparing(p -> p.command().time()));
      for (Evidence ev : tl.evidence) {
        if (claimed.containsKey(ev) || ev.commandId() != null && joinsExactly(ev)) {
          continue;
        }
        Plan owner = latestPlanExplaining(accountPlans, ev);
        if (owner != null) {
          found.get(owner.command()).computeIfAbsent(tl.vm, k -> new ArrayList<>()).add(ev);
          claimed.put(ev, Boolean.TRUE);
        }
      }
      for (Plan p : accountPlans) {
        if ("all".equalsIgnoreCase(p.command().targetSelector())) {
          found.get(p.command()).computeIfAbsent(tl.vm, k -> new ArrayList<>());
        }
      }
    }
  }

  private boolean joinsExactly(Evidence ev) {
    Mechanism m = byId.get(ev.mechanismId());
    return m != null && m.join() == JoinKind.COMMAND_ID;
  }

  private static Plan latestPlanExplaining(List<Plan> plans, Evidence ev) {
    Instant t = ev.execution().time();
    Plan best = null;
    for (Plan p : plans) {
      if (p.from().isAfter(t)) {
        break;
      }
      if (!t.isAfter(p.to()) && p.explains(ev)) {
        best = p;
      }
    }
    return best;
  }

  private CommandCorrelation outcome(
      Plan plan,
      Map<String, List<Evidence>> evidence,
      TelemetryIndex index,
      Map<String, String> agentStatus,
      Map<String, List<String>> invokedVms,
      Map<String, List<AgentStatusEvent>> reportsByDocument,
      Instant now) {
    AdminCommand c = plan.command();
    Map<String, String> targets = new LinkedHashMap<>();
    for (VmRef t : c.targets()) {
      targets.put(t.id(), t.name());
    }
    if (c.commandId() != null) {
      for (String vm : invokedVms.getOrDefault(c.commandId(), List.of())) {
        targets.putIfAbsent(vm, null); // the agent's status events name a selector's VMs
      }
    }
    for (String vm : evidence.keySet()) {
      targets.putIfAbsent(vm, null); // resolved by the command id: a selector's VM
    }
    if (targets.isEmpty()) {
      return new CommandCorrelation(
          c,
          List.of(),
          "targets chosen by selector '"
              + c.targetSelector()
              + "' and no telemetry carries the command id: not resolvable");
    }
    boolean windowClosed = !now.isBefore(plan.to().plus(settings.lateness()));
    List<TargetCorrelation> out = new ArrayList<>();
    for (Map.Entry<String, String> t : targets.entrySet()) {
      String vm = t.getKey();
      List<Evidence> ev = evidence.getOrDefault(vm, List.of());
      String reported = c.commandId() == null ? null : agentStatus.get(c.commandId() + "|" + vm);
      if (reported == null) {
        reported = reportByDocument(reportsByDocument, vm, c.document(), plan);
      }
      boolean heard =
          index.timeline(vm).map(tl -> tl.heardBetween(plan.from(), plan.to())).orElse(false);
      // Host evidence outranks the agent's word: a host that was heard and shows nothing is
      // NOT_OBSERVED whatever its agent reported (the agent status is kept as context).
      CorrelationStatus status;
      if (!ev.isEmpty()) {
        status = CorrelationStatus.CONFIRMED;
      } else if (heard) {
        status = CorrelationStatus.NOT_OBSERVED;
      } else if (reported != null && AgentStatuses.saysItRan(reported)) {
        status = CorrelationStatus.AGENT_REPORTED;
      } else {
        status = CorrelationStatus.BLIND_SPOT;
      }
      boolean settled = status == CorrelationStatus.CONFIRMED || windowClosed;
      out.add(new TargetCorrelation(vm, t.getValue(), status, ev, reported, settled));
    }
    return new CommandCorrelation(c, out, null);
  }

  /**
   * Agent reports that carry no command id (Azure's run command instance view names the VM and the
   * run command): joined on VM, document name and the command's window instead.
   */
  private static Map<String, List<AgentStatusEvent>> reportsByVmAndDocument(
      List<AgentStatusEvent> statuses) {
    Map<String, List<AgentStatusEvent>> out = new HashMap<>();
    for (AgentStatusEvent s : statuses) {
      if (s.kind() == StatusKind.COMMAND_INVOCATION
          && s.commandId() == null
          && s.instanceId() != null
          && s.documentName() != null) {
        out.computeIfAbsent(
                s.instanceId() + "|" + s.documentName().toLowerCase(Locale.ROOT),
                k -> new ArrayList<>())
            .add(s);
      }
    }
    return out;
  }

  private static String reportByDocument(
      Map<String, List<AgentStatusEvent>> reports, String vm, String document, Plan plan) {
    if (document == null) {
      return null;
    }
    String found = null;
    for (AgentStatusEvent s :
        reports.getOrDefault(vm + "|" + document.toLowerCase(Locale.ROOT), List.of())) {
      Instant t = s.start() != null ? s.start() : s.time();
      if (!t.isBefore(plan.from()) && !t.isAfter(plan.to())) {
        found = s.status();
      }
    }
    return found;
  }

  /** Per command id, the instances its invocation status events name, in order of first report. */
  private static Map<String, List<String>> invokedVms(List<AgentStatusEvent> statuses) {
    Map<String, List<String>> out = new HashMap<>();
    for (AgentStatusEvent s : statuses) {
      if (s.kind() == StatusKind.COMMAND_INVOCATION
          && s.commandId() != null
          && s.instanceId() != null) {
        List<String> vms = out.computeIfAbsent(s.commandId(), k -> new ArrayList<>());
        if (!vms.contains(s.instanceId())) {
          vms.add(s.instanceId());
        }
      }
    }
    return out;
  }

  private static Map<String, String> agentStatusByInvocation(List<AgentStatusEvent> statuses) {
    Map<String, AgentStatusEvent> latest = new HashMap<>();
    for (AgentStatusEvent s : statuses) {
      if (s.kind() == StatusKind.COMMAND_INVOCATION
          && s.commandId() != null
          && s.instanceId() != null) {
        latest.merge(
            s.commandId() + "|" + s.instanceId(), s, (a, b) -> b.time().isAfter(a.time()) ? b : a);
      }
    }
    Map<String, String> out = new HashMap<>();
    latest.forEach((k, v) -> out.put(k, v.status()));
    return out;
  }

  /** Agent-spawned executions no command claimed, one orphan per host and command id. */
  private static List<OrphanExecution> orphans(
      TelemetryIndex index, Map<Evidence, Boolean> claimed) {
    Map<String, List<Evidence>> groups = new LinkedHashMap<>();
    List<TelemetryIndex.Timeline> timelines = new ArrayList<>(index.timelines());
    timelines.sort(Comparator.comparing(t -> t.vm));
    for (TelemetryIndex.Timeline tl : timelines) {
      for (Evidence e : tl.evidence) {
        if (!claimed.containsKey(e)) {
          String key =
              tl.vm
                  + "|"
                  + (e.commandId() != null ? e.commandId() : e.execution().time().toString());
          groups.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
        }
      }
    }
    List<OrphanExecution> out = new ArrayList<>();
    for (List<Evidence> group : groups.values()) {
      Evidence first = group.get(0);
      out.add(
          new OrphanExecution(
              first.vm(), first.execution().host(), first.mechanismId(), first.commandId(), group));
    }
    out.sort(Comparator.comparing(o -> o.evidence().get(0).execution().time()));
    return out;
  }

  private static List<CoverageLine> coverage(List<CommandCorrelation> correlations) {
    Map<String, List<TargetCorrelation>> byScope = new LinkedHashMap<>();
    Map<String, String[]> scopeNames = new HashMap<>();
    for (CommandCorrelation cc : correlations) {
      String cloud = cc.command().cloud().name();
      String account = String.valueOf(cc.command().account());
      String key = cloud + "|" + account;
      scopeNames.putIfAbsent(key, new String[] {cloud, account});
      byScope.computeIfAbsent(key, k -> new ArrayList<>()).addAll(cc.targets());
    }
    List<CoverageLine> out = new ArrayList<>();
    for (Map.Entry<String, List<TargetCorrelation>> e : byScope.entrySet()) {
      List<TargetCorrelation> ts = e.getValue();
      Map<CorrelationStatus, Long> counts =
          ts.stream()
              .collect(
                  Collectors.groupingBy(
                      TargetCorrelation::status,
                      () -> new EnumMap<>(CorrelationStatus.class),
                      Collectors.counting()));
      List<String> blind =
          ts.stream()
              .filter(t -> t.status() == CorrelationStatus.BLIND_SPOT)
              .map(TargetCorrelation::vm)
              .distinct()
              .sorted()
              .toList();
      String[] names = scopeNames.get(e.getKey());
      out.add(
          new CoverageLine(
              names[0],
              names[1],
              ts.size(),
              counts.getOrDefault(CorrelationStatus.CONFIRMED, 0L),
              counts.getOrDefault(CorrelationStatus.AGENT_REPORTED, 0L),
              counts.getOrDefault(CorrelationStatus.NOT_OBSERVED, 0L),
              counts.getOrDefault(CorrelationStatus.BLIND_SPOT, 0L),
              Collections.unmodifiableList(blind)));
    }
    return out;
  }

  /** The mechanism of a catalog id (for rendering). */
  public Mechanism mechanism(String id) {
    return byId.get(id);
  }

  /** Mechanisms known for an operation (for rendering and tests). */
  public List<Mechanism> mechanismsFor(Operation op) {
    return byOperation.getOrDefault(op, List.of());
  }
}
