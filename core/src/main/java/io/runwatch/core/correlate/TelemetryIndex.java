package io.runwatch.core.correlate;

import io.runwatch.core.model.HostExecution;
import io.runwatch.core.port.HostDirectory;
import io.runwatch.core.port.HostTelemetrySource;
import io.runwatch.core.telemetry.TelemetryListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Host telemetry indexed by VM and time: when each host was heard (minute buckets), and the
 * agent-spawned executions with the processes they started. Built once, then queried by the
 * correlator in O(log n) per command and target, so the cost grows with the inputs, not with their
 * product.
 *
 * <p>Only agent-spawned executions and their descendants are kept after {@link Builder#build()};
 * every other record survives only as a heard minute.
 */
public final class TelemetryIndex {
  /** How long after an agent execution its children are looked for. */
  static final Duration CHILD_WINDOW = Duration.ofHours(1);

  private static final int MAX_CHILD_DEPTH = 4;

  /** How long a process start still names its pid's image for children (agents run for days). */
  static final Duration PARENT_WINDOW = Duration.ofDays(30);

  // The SSM agent's working folder names the instance it runs on: an identity, not a guess.
  private static final Pattern SSM_INSTANCE_IN_PATH =
      Pattern.compile("[/\\\\](i-[0-9a-f]{8,17})[/\\\\]document[/\\\\]orchestration[/\\\\]");

  private final Map<String, Timeline> byVm;
  private final Map<String, List<Evidence>> byCommandId;
  private final Set<String> unmappedHosts;
  private final long executions;

  private TelemetryIndex(
      Map<String, Timeline> byVm,
      Map<String, List<Evidence>> byCommandId,
      Set<String> unmappedHosts,
      long executions) {
    this.byVm = byVm;
    this.byCommandId = byCommandId;
    this.unmappedHosts = unmappedHosts;
    this.executions = executions;
  }

  public static TelemetryIndex empty() {
    return new Builder(MechanismCatalog.load(), HostMap.empty()).build();
  }

  /** One VM's telemetry: when it was heard, and its agent evidence, oldest first. */
  static final class Timeline {
    final String vm;
    final String account; // from the host map, or null
    final long[] heardMinutes; // sorted, distinct epoch minutes
    final List<Evidence> evidence;

    Timeline(String vm, String account, long[] heardMinutes, List<Evidence> evidence) {
      this.vm = vm;
      this.account = account;
      this.heardMinutes = heardMinutes;
      this.evidence = evidence;
    }

    /** Whether any record from this VM falls in {@code [from, to]}. */
    boolean heardBetween(Instant from, Instant to) {
      long lo = Math.floorDiv(from.getEpochSecond(), 60);
      long hi = Math.floorDiv(to.getEpochSecond(), 60);
      int i = Arrays.binarySearch(heardMinutes, lo);
      int at = i >= 0 ? i : -i - 1;
      return at < heardMinutes.length && heardMinutes[at] <= hi;
    }

    /** Evidence with execution time in {@code [from, to]}, oldest first. */
    List<Evidence> evidenceBetween(Instant from, Instant to) {
      int lo = firstAtOrAfter(from);
      List<Evidence> out = new ArrayList<>();
      for (int i = lo; i < evidence.size(); i++) {
        Evidence e = evidence.get(i);
        if (e.execution().time().isAfter(to)) {
          break;
        }
        out.add(e);
      }
      return out;
    }

    private int firstAtOrAfter(Instant t) {
      int lo = 0;
      int hi = evidence.size();
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (evidence.get(mid).execution().time().isBefore(t)) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }

  Optional<Timeline> timeline(String vm) {
    return Optional.ofNullable(byVm.get(vm));
  }

  /** Evidence carrying {@code commandId} on the host (the SSM orchestration path), any VM. */
  List<Evidence> byCommandId(String commandId) {
    return byCommandId.getOrDefault(commandId, List.of());
  }

  /** All agent evidence, for finding what no command claimed. */
  Collection<Timeline> timelines() {
    return byVm.values();
  }

  /** Hosts whose telemetry no inventory line maps to a VM: their records prove nothing. */
  public Set<String> unmappedHosts() {
    return unmappedHosts;
  }

  /** VMs that sent any telemetry. */
  public Set<String> vms() {
    return byVm.keySet();
  }

  /** Process starts read, before filtering. */
  public long executions() {
    return executions;
  }

  /** Collects telemetry (thread-safe), then indexes it once. */
  public static final class Builder {
    private final MechanismCatalog catalog;
    private final HostDirectory hosts;
    private final Map<String, HostData> byHost = new HashMap<>();
    private final Map<String, String> vmOfQueriedHost = new HashMap<>();
    private long executions;

    public Builder(MechanismCatalog catalog, HostDirectory hosts) {
      this.catalog = catalog;
      this.hosts = hosts;
    }

    private static final class HostData {
      final List<HostExecution> executions = new ArrayList<>();
      long[] minutes = new long[16];
      int minuteCount;
      long lastMinute = Long.MIN_VALUE;

      void heard(Instant t) {
        long m = Math.floorDiv(t.getEpochSecond(), 60);
        if (m == lastMinute) {
          return; // the common case: many records in the same minute
        }
        lastMinute = m;
        if (minuteCount == minutes.length) {
          minutes = Arrays.copyOf(minutes, minutes.length * 2);
        }
        minutes[minuteCount++] = m;
      }
    }

    public void add(HostExecution e) {
      add(e.host(), e);
    }

    /**
     * Fills this builder from a {@link HostTelemetrySource} for the given VMs and window: the
     * streaming path, where the functions ask each target's telemetry around its commands.
     */
    public Builder query(
        HostTelemetrySource source, Collection<String> vms, Instant from, Instant to) {
      for (String vm : vms) {
        String key = "vm:" + vm; // what the source returns is this VM's, whatever host it names
        vmOfQueriedHost.put(key, vm);
        source.query(
            vm,
            from,
            to,
            new TelemetryListener() {
              @Override
              public void execution(HostExecution execution) {
                add(key, execution);
              }

              @Override
              public void heard(String host, Instant time) {
                Builder.this.heard(key, time);
              }
            });
      }
      return this;
    }

    /**
     * Drops everything older than {@code cutoff}: a long-running consumer keeps memory bounded by
     * its correlation window this way.
     */
    public synchronized void evictBefore(Instant cutoff) {
      long minute = Math.floorDiv(cutoff.getEpochSecond(), 60);
      for (var it = byHost.values().iterator(); it.hasNext(); ) {
        HostData h = it.next();
        h.executions.removeIf(e -> e.time().isBefore(cutoff));
        int kept = 0;
        for (int i = 0; i < h.minuteCount; i++) {
          if (h.minutes[i] >= minute) {
            h.minutes[kept++] = h.minutes[i];
          }
        }
        h.minuteCount = kept;
        if (h.executions.isEmpty() && kept == 0) {
          it.remove();
        }
      }
    }

    /** Records held (process starts plus heard minutes), for watching memory. */
    public synchronized long size() {
      long n = 0;
      for (HostData h : byHost.values()) {
        n += h.executions.size() + h.minuteCount;
      }
      return n;
    }

    private synchronized void add(String host, HostExecution e) {
      executions++;
      HostData h = byHost.computeIfAbsent(host, k -> new HostData());
      h.executions.add(e);
      h.heard(e.time());
    }

    public synchronized void heard(String host, Instant time) {
      if (host != null && time != null) {
        byHost.computeIfAbsent(host, k -> new HostData()).heard(time);
      }
    }

    public synchronized TelemetryIndex build() {
      Map<String, List<Evidence>> evidenceByVm = new HashMap<>();
      Map<String, List<long[]>> minutesByVm = new HashMap<>();
      Map<String, String> accountByVm = new HashMap<>();
      Set<String> unmapped = new TreeSet<>();
      for (Map.Entry<String, HostData> entry : byHost.entrySet()) {
        String host = entry.getKey();
        HostData data = entry.getValue();
        String vm =
            vmOfQueriedHost.containsKey(host) ? vmOfQueriedHost.get(host) : hosts.vmOf(host);
        List<Evidence> found = agentEvidence(vm, data.executions);
        if (vm == null) {
          // An unmapped host can still identify itself through the SSM agent's own paths.
          vm = found.stream().map(Evidence::vm).filter(v -> v != null).findFirst().orElse(null);
        }
        if (vm == null) {
          unmapped.add(host);
          continue;
        }
        evidenceByVm.computeIfAbsent(vm, k -> new ArrayList<>()).addAll(withVm(found, vm));
        String account = hosts.accountOf(host);
        if (account != null) {
          accountByVm.put(vm, account);
        }
        minutesByVm
            .computeIfAbsent(vm, k -> new ArrayList<>())
            .add(Arrays.copyOf(data.minutes, data.minuteCount));
      }
      Map<String, Timeline> byVm = new HashMap<>();
      Map<String, List<Evidence>> byCommand = new HashMap<>();
      for (Map.Entry<String, List<long[]>> e : minutesByVm.entrySet()) {
        String vm = e.getKey();
        List<Evidence> evidence = evidenceByVm.getOrDefault(vm, new ArrayList<>());
        evidence.sort(Comparator.comparing(ev -> ev.execution().time()));
        byVm.put(
            vm,
            new Timeline(
                vm, accountByVm.get(vm), sortedDistinct(e.getValue()), List.copyOf(evidence)));
        for (Evidence ev : evidence) {
          if (ev.commandId() != null) {
            byCommand.computeIfAbsent(ev.commandId(), k -> new ArrayList<>()).add(ev);
          }
        }
      }
      return new TelemetryIndex(byVm, byCommand, Set.copyOf(unmapped), executions);
    }

    /**
     * Fills a missing parent image from the latest earlier start of the parent's pid on the same
     * host: osquery logs only the parent pid, and the agent daemons' own starts (at boot) are
     * usually in the telemetry. A reused pid can mislead this; the window bounds it.
     */
    private static List<HostExecution> withInferredParents(List<HostExecution> executions) {
      List<HostExecution> sorted = new ArrayList<>(executions);
      sorted.sort(Comparator.comparing(HostExecution::time));
      Map<Long, HostExecution> latestByPid = new HashMap<>();
      for (int i = 0; i < sorted.size(); i++) {
        HostExecution e = sorted.get(i);
        if (e.parentImage() == null && e.ppid() != null) {
          HostExecution parent = latestByPid.get(e.ppid());
          if (parent != null && parent.time().plus(PARENT_WINDOW).isAfter(e.time())) {
            e = e.withParent(parent.image(), parent.commandLine());
            sorted.set(i, e);
          }
        }
        if (e.pid() != null) {
          latestByPid.put(e.pid(), e);
        }
      }
      return sorted;
    }

    /** The agent-spawned executions of one host, each with its descendants. */
    private List<Evidence> agentEvidence(String vm, List<HostExecution> raw) {
      List<HostExecution> executions = withInferredParents(raw);
      List<Evidence> out = new ArrayList<>();
      Map<Long, List<HostExecution>> byParent = null;
      for (HostExecution e : executions) {
        if (!AgentHints.mayBeAgentWork(e)) {
          continue;
        }
        Optional<MechanismMatch> match = catalog.classify(e);
        if (match.isEmpty() || match.get().mechanism().benign()) {
          continue;
        }
        if (byParent == null) {
          byParent = byParent(executions);
        }
        String evidenceVm = vm != null ? vm : instanceInPath(e);
        out.add(
            new Evidence(
                evidenceVm,
                e,
                match.get().mechanism().id(),
                match.get().commandId(),
                descendants(e, byParent)));
      }
      return out;
    }

    private static List<Evidence> withVm(List<Evidence> found, String vm) {
      List<Evidence> out = new ArrayList<>(found.size());
      for (Evidence e : found) {
        out.add(
            vm.equals(e.vm())
                ? e
                : new Evidence(vm, e.execution(), e.mechanismId(), e.commandId(), e.children()));
      }
      return out;
    }

    private static Map<Long, List<HostExecution>> byParent(List<HostExecution> executions) {
      Map<Long, List<HostExecution>> map = new HashMap<>();
      for (HostExecution e : executions) {
        if (e.ppid() != null) {
          map.computeIfAbsent(e.ppid(), k -> new ArrayList<>()).add(e);
        }
      }
      return map;
    }

    /** Children by pid, within an hour of their parent (pids are reused), oldest first. */
    private static List<HostExecution> descendants(
        HostExecution root, Map<Long, List<HostExecution>> byParent) {
      List<HostExecution> out = new ArrayList<>();
      List<HostExecution> level = List.of(root);
      for (int depth = 0; depth < MAX_CHILD_DEPTH && !level.isEmpty(); depth++) {
        List<HostExecution> next = new ArrayList<>();
        for (HostExecution parent : level) {
          if (parent.pid() == null) {
            continue;
          }
          for (HostExecution child : byParent.getOrDefault(parent.pid(), List.of())) {
            Instant t = child.time();
            if (child != parent
                && !t.isBefore(parent.time())
                && !t.isAfter(parent.time().plus(CHILD_WINDOW))) {
              next.add(child);
            }
          }
        }
        out.addAll(next);
        level = next;
      }
      out.sort(Comparator.comparing(HostExecution::time));
      return out;
    }

    private static String instanceInPath(HostExecution e) {
      for (String field : new String[] {e.commandLine(), e.image(), e.currentDirectory()}) {
        if (field != null) {
          Matcher m = SSM_INSTANCE_IN_PATH.matcher(field.toLowerCase(Locale.ROOT));
          if (m.find()) {
            return m.group(1);
          }
        }
      }
      return null;
    }

    private static long[] sortedDistinct(List<long[]> parts) {
      int n = 0;
      for (long[] p : parts) {
        n += p.length;
      }
      long[] all = new long[n];
      int at = 0;
      for (long[] p : parts) {
        System.arraycopy(p, 0, all, at, p.length);
        at += p.length;
      }
      Arrays.sort(all);
      int distinct = 0;
      for (int i = 0; i < all.length; i++) {
        if (i == 0 || all[i] != all[i - 1]) {
          all[distinct++] = all[i];
        }
      }
      return Arrays.copyOf(all, distinct);
    }
  }
}
