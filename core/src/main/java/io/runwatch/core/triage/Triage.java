package io.runwatch.core.triage;

import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.correlate.CorrelationStatus;
import io.runwatch.core.correlate.Evidence;
import io.runwatch.core.correlate.Mechanism;
import io.runwatch.core.correlate.MechanismCatalog;
import io.runwatch.core.correlate.OrphanExecution;
import io.runwatch.core.correlate.TargetCorrelation;
import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.HostExecution;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.PrincipalKind;
import io.runwatch.core.model.VmRef;
import io.runwatch.core.policy.ApprovedAutomation;
import io.runwatch.core.policy.MaintenanceWindow;
import io.runwatch.core.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tier-1 triage of one admin command: the detectors' hits become a {@link Finding} with a score, a
 * severity, an escalation decision with its reasons, the runbook's questions answered from data
 * ({@link AnalysisQuestions}), and the containment that fits ({@link Containment}).
 *
 * <h2>Score</h2>
 *
 * Hits combine as independent pieces of evidence (a "noisy OR"):
 *
 * <pre>
 *   score = round(100 × (1 − Π(1 − sᵢ / 100)))      sᵢ = each hit's score, 0..100
 * </pre>
 *
 * capped at 100. One hit keeps its own score; several medium signals outrank one: two hits of 40
 * make 64, three make 78, while a single 60 stays 60. A hit of 100 makes 100.
 *
 * <h2>Severity</h2>
 *
 * The higher of the highest hit severity (after the policy's per-detector overrides) and the band
 * of the score: ≥ 85 CRITICAL, ≥ 65 HIGH, ≥ 40 MEDIUM, ≥ 15 LOW, else INFORMATIONAL.
 *
 * <p>Approved automation acting within its scope ({@link ApprovedAutomation#allows} and, when it
 * names maintenance windows, inside one of them) is capped at INFORMATIONAL, unless
 * RW-SUSPICIOUS-CONTENT or RW-FAILED-THEN-SUCCEEDED fired: automation does not run attacker
 * tradecraft, nor fail its way into access. The reasons say which applied. The score is kept as the
 * detectors computed it.
 *
 * <h2>Escalation and containment</h2>
 *
 * See {@link Escalations} for the rules. Containment is recommended only when the finding is
 * escalated or its severity is MEDIUM or above.
 *
 * <h2>Identity</h2>
 *
 * {@link FindingIds}: the same event delivered again yields the same id; {@link Finding#time()} is
 * the command's time, so a redelivered event yields an equal finding given the same context.
 *
 * <p>Related findings are attached afterwards, when the caller has the window's findings: {@link
 * #withRelated} or {@link #linkRelated}.
 */
public final class Triage {
  /** The detector id of findings about agent executions with no control-plane record. */
  public static final String ORPHAN_DETECTOR = "RW-ORPHAN-EXECUTION";

  /** The {@code eventName} of the stand-in command of an orphan finding. */
  public static final String ORPHAN_EVENT = "OrphanExecution";

  /** The principal of the stand-in command of an orphan finding. */
  public static final Principal NO_RECORD =
      new Principal(
          "no-control-plane-record",
          "(no control-plane record)",
          PrincipalKind.UNKNOWN,
          null,
          null);

  static final int ORPHAN_SCORE = 70;

  /** The hits that lift approved automation's INFORMATIONAL cap. */
  static final List<String> LIFTS_AUTOMATION_CAP =
      List.of("RW-SUSPICIOUS-CONTENT", "RW-FAILED-THEN-SUCCEEDED");

  private static final Comparator<DetectorHit> HIT_ORDER =
      Comparator.comparing(DetectorHit::severity)
          .thenComparingInt(DetectorHit::score)
          .reversed()
          .thenComparing(DetectorHit::detectorId);

  private final MechanismCatalog catalog;

  /** Triage with runwatch's own mechanism catalog (to name an orphan's cloud and operation). */
  public Triage() {
    this(null);
  }

  /**
   * @param catalog the mechanisms orphan executions are recognized by, or {@code null} for
   *     runwatch's own, loaded when the first orphan is judged
   */
  public Triage(MechanismCatalog catalog) {
    this.catalog = catalog;
  }

  /** The finding for a command the detectors judged, or empty when none fired. */
  public Optional<Finding> triage(DetectionContext context, List<DetectorHit> hits) {
    if (hits == null || hits.isEmpty()) {
      return Optional.empty();
    }
    AdminCommand c = context.command();
    Policy policy = context.policy();
    List<DetectorHit> judged = new ArrayList<>();
    for (DetectorHit h : hits) {
      Severity s = policy.severityOf(h.detectorId(), h.severity());
      judged.add(
          s == h.severity()
              ? h
              : new DetectorHit(h.detectorId(), s, h.score(), h.reason(), h.facts()));
    }
    judged.sort(HIT_ORDER);
    Map<String, DetectorHit> byId = new LinkedHashMap<>();
    judged.forEach(h -> byId.putIfAbsent(h.detectorId(), h));

    int score = score(judged);
    Severity severity = max(highest(judged), band(score));
    Optional<String> automation =
        policy.automationOf(c).stream()
            .filter(a -> withinScope(a, c, policy))
            .map(ApprovedAutomation::name)
            .findFirst();
    boolean capped =
        automation.isPresent() && LIFTS_AUTOMATION_CAP.stream().noneMatch(byId::containsKey);
    if (capped) {
      severity = Severity.INFORMATIONAL;
    }
    Escalation escalation = Escalations.decide(context, byId, severity, score, automation, capped);
    CommandCorrelation cc = context.correlation();
    List<AnalysisAnswer> answers = AnalysisQuestions.answer(context, cc);
    List<ContainmentAction> actions =
        escalation.escalate() || severity.atLeast(Severity.MEDIUM)
            ? Containment.recommend(
                c, cc, policy, AnalysisQuestions.thresholds(policy).fanOut(), context.now())
            : List.of();
    return Optional.of(
        new Finding(
            FindingIds.of(c, byId.keySet()),
            c.time(),
            severity,
            score,
            c,
            cc,
            judged,
            escalation,
            answers,
            actions,
            List.of()));
  }

  /**
   * An agent-spawned execution with no control-plane record is a finding of its own, HIGH and
   * escalated: either the control-plane log has a gap (a stopped trail, a delivery delay, deleted
   * records) or someone on the host ran the agent's worker directly. The policy is not consulted
   * today (nothing in it applies to a host without a principal); it is taken so VM-level policy can
   * apply later without changing callers.
   */
  public Finding orphan(OrphanExecution o, Policy policy) {
    HostExecution first = o.evidence().isEmpty() ? null : o.evidence().get(0).execution();
    Instant time = first != null ? first.time() : Instant.EPOCH;
    for (Evidence e : o.evidence()) {
      if (e.execution().time().isBefore(time)) {
        time = e.execution().time();
      }
    }
    String vm = o.vm() != null ? o.vm() : o.host();
    Mechanism mechanism = mechanism(o.mechanismId());
    Cloud cloud = mechanism != null ? mechanism.cloud() : cloudOf(o.mechanismId());
    Operation operation =
        mechanism != null && !mechanism.operations().isEmpty()
            ? new TreeSet<>(mechanism.operations()).first()
            : defaultOperation(cloud);
    String foldKey = "orphan|" + vm + "|" + o.mechanismId() + "|" + o.commandId();
    AdminCommand stand =
        AdminCommand.builder()
            .cloud(cloud)
            .operation(operation)
            .eventName(ORPHAN_EVENT)
            .principal(NO_RECORD)
            .targets(
                vm == null ? List.of() : List.of(new VmRef(vm, o.vm() != null ? o.host() : null)))
            .commandId(o.commandId())
            .outcome(Outcome.SUCCEEDED)
            .time(time)
            .foldKey(foldKey)
            .build();
    CommandCorrelation cc =
        new CommandCorrelation(
            stand,
            List.of(
                new TargetCorrelation(
                    vm == null ? "unknown" : vm,
                    o.vm() != null ? o.host() : null,
                    CorrelationStatus.CONFIRMED,
                    o.evidence(),
                    null,
                    true)),
            "host evidence without a control-plane record");
    DetectorHit hit =
        new DetectorHit(
            ORPHAN_DETECTOR,
            Severity.HIGH,
            ORPHAN_SCORE,
            "The "
                + o.mechanismId()
                + " agent ran a command on "
                + (o.host() != null ? o.host() : vm)
                + (o.commandId() != null ? " (command id " + o.commandId() + ")" : "")
                + " and no control-plane record explains it",
            facts(
                "vm", o.vm(),
                "host", o.host(),
                "mechanism", o.mechanismId(),
                "commandId", o.commandId(),
                "executions", String.valueOf(o.evidence().size())));
    String where = o.host() != null ? o.host() : vm;
    List<AnalysisAnswer> answers =
        List.of(
            new AnalysisAnswer(
                AnalysisQuestions.ORPHAN,
                "Unknown from the data: no "
                    + cloud
                    + " control-plane record in the window explains this execution on "
                    + where
                    + ". "
                    + (o.commandId() != null
                        ? "Search the control-plane logs for command id "
                            + o.commandId()
                            + " (delivery can lag); if it is absent there too, the agent was"
                            + " driven locally."
                        : "Check the trail or log export for a gap around "
                            + FindingText.time(time)
                            + "; if there is none, the agent was driven locally."),
                true),
            AnalysisQuestions.materialized(stand, cc),
            AnalysisQuestions.related(null));
    List<ContainmentAction> actions = new ArrayList<>();
    if (vm != null) {
      for (ContainmentAction.Kind k :
          List.of(ContainmentAction.Kind.ISOLATE_VM, ContainmentAction.Kind.SNAPSHOT_VM)) {
        actions.add(
            new ContainmentAction(
                k,
                cloud,
                Containment.params("vm", vm, "host", o.host()),
                k == ContainmentAction.Kind.ISOLATE_VM
                    ? "Isolate "
                        + FindingText.shortId(vm)
                        + ": code ran there that nobody asked for through the control plane."
                    : "Snapshot the disks of "
                        + FindingText.shortId(vm)
                        + " for forensics before anything changes them.",
                null));
      }
    }
    Escalation escalation =
        new Escalation(
            true,
            List.of(
                "An agent-spawned execution on "
                    + where
                    + " has no control-plane record: either the control-plane log has a gap or"
                    + " the agent was abused locally.",
                "Severity is HIGH (score " + ORPHAN_SCORE + ")."));
    return new Finding(
        FindingIds.hash("orphan/v1", cloud.name(), vm, o.host(), o.mechanismId(), o.commandId()),
        time,
        Severity.HIGH,
        ORPHAN_SCORE,
        stand,
        cc,
        List.of(hit),
        escalation,
        answers,
        actions,
        List.of());
  }

  /** Whether {@code f} is about an orphan execution rather than a control-plane command. */
  public static boolean isOrphan(Finding f) {
    return ORPHAN_EVENT.equals(f.command().eventName())
        && NO_RECORD.equals(f.command().principal());
  }

  /**
   * {@code f} with related finding ids attached and the "Related findings in the window?" answer
   * given from them (an empty list answers "no").
   */
  public static Finding withRelated(Finding f, List<String> related) {
    List<String> ids = related.stream().filter(id -> !id.equals(f.id())).distinct().toList();
    List<AnalysisAnswer> answers = new ArrayList<>();
    boolean replaced = false;
    for (AnalysisAnswer a : f.answers()) {
      if (a.question().equals(AnalysisQuestions.RELATED)) {
        answers.add(AnalysisQuestions.related(ids));
        replaced = true;
      } else {
        answers.add(a);
      }
    }
    if (!replaced) {
      answers.add(AnalysisQuestions.related(ids));
    }
    return f.withAnswers(answers, ids);
  }

  /**
   * Links findings that share a principal (other than an orphan's stand-in) or a target VM and lie
   * within {@code window} of each other; every finding gets its related ids (possibly none), in
   * time order. Returns the findings in the order given.
   */
  public static List<Finding> linkRelated(List<Finding> findings, Duration window) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < findings.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparing(i -> findings.get(i).time()));
    List<Set<String>> related = new ArrayList<>();
    for (int i = 0; i < findings.size(); i++) {
      related.add(new LinkedHashSet<>());
    }
    for (int a = 0; a < order.size(); a++) {
      Finding fa = findings.get(order.get(a));
      for (int b = a + 1; b < order.size(); b++) {
        Finding fb = findings.get(order.get(b));
        if (Duration.between(fa.time(), fb.time()).compareTo(window) > 0) {
          break;
        }
        if (!fa.id().equals(fb.id()) && shareSomething(fa, fb)) {
          related.get(order.get(a)).add(fb.id());
          related.get(order.get(b)).add(fa.id());
        }
      }
    }
    Map<String, Instant> timeOf = new java.util.HashMap<>();
    findings.forEach(f -> timeOf.putIfAbsent(f.id(), f.time()));
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < findings.size(); i++) {
      List<String> ids = new ArrayList<>(related.get(i));
      ids.sort(Comparator.comparing((String id) -> timeOf.get(id)).thenComparing(id -> id));
      out.add(withRelated(findings.get(i), ids));
    }
    return out;
  }

  private static boolean shareSomething(Finding a, Finding b) {
    if (!isOrphan(a)
        && !isOrphan(b)
        && a.command().principal().id().equals(b.command().principal().id())) {
      return true;
    }
    Set<String> vms = new HashSet<>(vms(a));
    for (String vm : vms(b)) {
      if (vms.contains(vm)) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> vms(Finding f) {
    Set<String> out = new HashSet<>();
    f.command().targets().forEach(v -> out.add(v.id().toLowerCase(Locale.ROOT)));
    if (f.correlation() != null) {
      f.correlation().targets().forEach(t -> out.add(t.vm().toLowerCase(Locale.ROOT)));
    }
    return out;
  }

  // ---- scoring

  /** {@code round(100 × (1 − Π(1 − sᵢ/100)))}, 0 for no hits, at most 100. */
  public static int score(Collection<DetectorHit> hits) {
    double quiet = 1.0;
    for (DetectorHit h : hits) {
      quiet *= 1.0 - h.score() / 100.0;
    }
    return (int) Math.min(100, Math.round(100.0 * (1.0 - quiet)));
  }

  /** The severity band of a score: ≥85 CRITICAL, ≥65 HIGH, ≥40 MEDIUM, ≥15 LOW. */
  public static Severity band(int score) {
    if (score >= 85) {
      return Severity.CRITICAL;
    }
    if (score >= 65) {
      return Severity.HIGH;
    }
    if (score >= 40) {
      return Severity.MEDIUM;
    }
    if (score >= 15) {
      return Severity.LOW;
    }
    return Severity.INFORMATIONAL;
  }

  /**
   * Whether approved automation {@code a} ran {@code c} within its declared scope: its operations,
   * documents and targets ({@link ApprovedAutomation#allows}) and, when it names maintenance
   * windows, inside one of them (a window named but missing from the policy covers nothing).
   */
  public static boolean withinScope(ApprovedAutomation a, AdminCommand c, Policy policy) {
    if (!a.allows(c)) {
      return false;
    }
    if (a.windows().isEmpty()) {
      return true;
    }
    for (MaintenanceWindow w : policy.windows()) {
      if (a.windows().stream().anyMatch(n -> n.equalsIgnoreCase(w.name())) && w.covers(c)) {
        return true;
      }
    }
    return false;
  }

  private static Severity highest(List<DetectorHit> hits) {
    Severity s = Severity.INFORMATIONAL;
    for (DetectorHit h : hits) {
      s = max(s, h.severity());
    }
    return s;
  }

  private static Severity max(Severity a, Severity b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  // ---- orphans

  private Mechanism mechanism(String id) {
    if (id == null) {
      return null;
    }
    MechanismCatalog cat = catalog != null ? catalog : DefaultCatalog.INSTANCE;
    return cat.mechanisms().stream().filter(m -> m.id().equals(id)).findFirst().orElse(null);
  }

  private static Cloud cloudOf(String mechanismId) {
    String id = mechanismId == null ? "" : mechanismId.toLowerCase(Locale.ROOT);
    if (id.startsWith("azure")) {
      return Cloud.AZURE;
    }
    if (id.startsWith("gcp")) {
      return Cloud.GCP;
    }
    return Cloud.AWS;
  }

  private static Operation defaultOperation(Cloud cloud) {
    return switch (cloud) {
      case AWS -> Operation.SEND_COMMAND;
      case AZURE -> Operation.RUN_COMMAND_ACTION;
      case GCP -> Operation.OS_POLICY_ASSIGNMENT;
    };
  }

  private static Map<String, String> facts(String... kv) {
    return Containment.params(kv);
  }

  /** runwatch's catalog, loaded on first use. */
  private static final class DefaultCatalog {
    static final MechanismCatalog INSTANCE = MechanismCatalog.load();
  }
}
