package io.runwatch.core.triage;

import io.runwatch.core.baseline.Networks;
import io.runwatch.core.baseline.PrincipalProfile;
import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.correlate.CorrelationStatus;
import io.runwatch.core.correlate.Evidence;
import io.runwatch.core.correlate.TargetCorrelation;
import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.initiator.GeoNovelty;
import io.runwatch.core.geo.NetworkInfo;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.HostExecution;
import io.runwatch.core.model.IdentityChange;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.PrincipalKind;
import io.runwatch.core.policy.ApprovedAutomation;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.policy.Thresholds;
import io.runwatch.core.render.SecretRedactor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Tier-1 runbook's questions, answered from the data runwatch holds, always all seven and in
 * this order. {@code concerning} is {@code true} when the answer points to compromise, {@code
 * false} when it does not, and {@code null} when the data cannot tell.
 */
public final class AnalysisQuestions {
  public static final String IDENTITY_CHANGE =
      "Was there recent identity change for this principal?";
  public static final String INITIATOR = "Is the initiator known and trusted?";
  public static final String SOURCE = "Is the source IP, network, country or ASN new?";
  public static final String FAILED_BEFORE = "Did denied or failed attempts precede it?";
  public static final String MATERIALIZED =
      "Did the command materialize, on which VMs, running what?";
  public static final String FAN_OUT = "Does it fan out?";
  public static final String RELATED = "Related findings in the window?";

  /** The questions in the order every finding answers them. */
  public static final List<String> ORDER =
      List.of(IDENTITY_CHANGE, INITIATOR, SOURCE, FAILED_BEFORE, MATERIALIZED, FAN_OUT, RELATED);

  /** The orphan question: an execution the control plane never recorded. */
  public static final String ORPHAN =
      "Is a control-plane record missing or was the agent abused locally?";

  static final int MAX_LINES = 6;
  static final int MAX_LINE = 240;
  private static final int MAX_LISTED = 5;

  private AnalysisQuestions() {}

  static List<AnalysisAnswer> answer(DetectionContext ctx, CommandCorrelation correlation) {
    return List.of(
        identityChange(ctx),
        initiator(ctx),
        source(ctx),
        failedBefore(ctx),
        materialized(ctx.command(), correlation),
        fanOut(ctx.command(), thresholds(ctx.policy())),
        related(null));
  }

  static AnalysisAnswer identityChange(DetectionContext ctx) {
    AdminCommand c = ctx.command();
    Duration window = thresholds(ctx.policy()).identityChangeWindow();
    Instant from = c.time().minus(window);
    Set<String> subjects = new LinkedHashSet<>();
    subjects.add(c.principal().id());
    if (c.principal().issuer() != null) {
      subjects.add(c.principal().issuer());
    }
    List<IdentityChange> changes = new ArrayList<>();
    for (String s : subjects) {
      for (IdentityChange ch : ctx.recent().identityChanges(s, from, c.time())) {
        if (!changes.contains(ch)) {
          changes.add(ch);
        }
      }
    }
    String span = hours(window);
    if (changes.isEmpty()) {
      return new AnalysisAnswer(
          IDENTITY_CHANGE,
          "No: no identity change to "
              + c.principal().displayName()
              + " in the "
              + span
              + " before.",
          false);
    }
    List<String> items = new ArrayList<>();
    for (IdentityChange ch : changes.subList(0, Math.min(MAX_LISTED, changes.size()))) {
      items.add(
          ch.kind()
              + (ch.actor() != null ? " by " + ch.actor() : "")
              + " at "
              + FindingText.time(ch.time())
              + (ch.detail() != null ? " (" + ch.detail() + ")" : ""));
    }
    return new AnalysisAnswer(
        IDENTITY_CHANGE,
        "Yes: "
            + changes.size()
            + (changes.size() == 1 ? " change" : " changes")
            + " in the "
            + span
            + " before: "
            + String.join("; ", items)
            + more(changes.size())
            + ".",
        true);
  }

  static AnalysisAnswer initiator(DetectionContext ctx) {
    AdminCommand c = ctx.command();
    Policy policy = ctx.policy();
    Principal p = c.principal();
    String who = p.displayName();
    if (policy.isAdmin(c)) {
      return new AnalysisAnswer(
          INITIATOR, "Yes: " + who + " is a declared administrator." + history(ctx), false);
    }
    List<ApprovedAutomation> automation = policy.automationOf(c);
    for (ApprovedAutomation a : automation) {
      if (Triage.withinScope(a, c, policy)) {
        return new AnalysisAnswer(
            INITIATOR,
            "Yes: approved automation '"
                + a.name()
                + "' acting within its declared scope."
                + history(ctx),
            false);
      }
    }
    if (!automation.isEmpty()) {
      return new AnalysisAnswer(
          INITIATOR,
          "Partly: "
              + who
              + " is approved automation '"
              + automation.get(0).name()
              + "', but this command is outside its declared operations, documents, targets or"
              + " windows."
              + history(ctx),
          true);
    }
    if (p.kind() == PrincipalKind.CLOUD_SERVICE) {
      return new AnalysisAnswer(
          INITIATOR,
          "The cloud provider acted on its own behalf (" + who + ")." + history(ctx),
          false);
    }
    if (p.kind() == PrincipalKind.INSTANCE_IDENTITY) {
      return new AnalysisAnswer(
          INITIATOR,
          "No: the command was issued with a VM's own identity ("
              + who
              + "), not declared as an administrator or automation."
              + history(ctx),
          true);
    }
    PrincipalProfile profile = ctx.baseline().principal(p.id()).orElse(null);
    if (profile != null && profile.commands() > 0) {
      return new AnalysisAnswer(
          INITIATOR,
          "Known from history, though not a declared administrator or automation: "
              + who
              + " has"
              + history(ctx),
          false);
    }
    return new AnalysisAnswer(
        INITIATOR,
        "No: "
            + who
            + " ("
            + kind(p.kind())
            + ") has no admin-command history in "
            + ctx.baseline().scope()
            + " and is not a declared administrator or approved automation.",
        true);
  }

  private static String history(DetectionContext ctx) {
    PrincipalProfile profile =
        ctx.baseline().principal(ctx.command().principal().id()).orElse(null);
    if (profile == null || profile.commands() == 0) {
      return " No earlier admin commands in " + ctx.baseline().scope() + ".";
    }
    return " "
        + profile.commands()
        + (profile.commands() == 1 ? " earlier command" : " earlier commands")
        + " since "
        + FindingText.time(profile.firstSeen())
        + " (last "
        + FindingText.time(profile.lastSeen())
        + ").";
  }

  /**
   * Whether the source is new for the principal: the address, its /24 or /48 network and, with a
   * geo database in the context, its country and ASN (said in the answer whenever the database
   * knows them; a new country or ASN makes the answer "Yes" even where the network is known).
   */
  static AnalysisAnswer source(DetectionContext ctx) {
    AdminCommand c = ctx.command();
    String ip = c.sourceIp();
    if (ip == null || ip.isBlank()) {
      return new AnalysisAnswer(
          SOURCE, "Unknown: the record carries no source address.", (Boolean) null);
    }
    String network = Networks.network(ip);
    if (network == null) {
      return new AnalysisAnswer(
          SOURCE, "The call came from a service (" + ip + "), not a network address.", false);
    }
    PrincipalProfile profile = ctx.baseline().principal(c.principal().id()).orElse(null);
    PrincipalProfile account = ctx.baseline().account();
    NetworkInfo where =
        ctx.networks().isConfigured() ? ctx.networks().lookup(ip).orElse(null) : null;
    GeoNovelty geo = where == null || profile == null ? null : GeoNovelty.of(where, profile);
    boolean accountKnows = account != null && account.sourceIps().contains(ip);
    String forAccount =
        accountKnows
            ? " Others in " + ctx.baseline().scope() + " have called from it."
            : " Nobody in " + ctx.baseline().scope() + " has called from it before.";
    if (profile == null || profile.commands() == 0) {
      return new AnalysisAnswer(
          SOURCE,
          "Yes: "
              + ip
              + " (network "
              + network
              + (where == null ? "" : ", " + where.describe())
              + ") — the principal has no history."
              + forAccount,
          true);
    }
    String geoText = geoSentence(where, geo, profile);
    if (profile.sourceIps().contains(ip)) {
      return new AnalysisAnswer(
          SOURCE,
          "No: "
              + ip
              + " is one of "
              + profile.sourceIps().size()
              + " addresses this principal has used before."
              + geoText,
          false);
    }
    if (profile.networks().contains(network)) {
      boolean geoNew = geo != null && geo.anythingNew();
      return new AnalysisAnswer(
          SOURCE,
          (geoNew ? "Yes: the" : "The")
              + " address "
              + ip
              + " is new, but its network "
              + network
              + " is known for it."
              + geoText,
          geoNew);
    }
    return new AnalysisAnswer(
        SOURCE,
        "Yes: neither "
            + ip
            + " nor its network "
            + network
            + " was seen for this principal ("
            + profile.sourceIps().size()
            + " known addresses)."
            + geoText
            + forAccount,
        true);
  }

  /** " It is AS14061 DigitalOcean, LLC, NL: new country and ASN for this principal (...)." */
  private static String geoSentence(NetworkInfo where, GeoNovelty geo, PrincipalProfile profile) {
    if (where == null) {
      return "";
    }
    String verdict;
    if (geo.anythingNew()) {
      verdict =
          ": "
              + (geo.newCountry() && geo.newAsn()
                  ? "a new country and ASN"
                  : geo.newAsn() ? "a new ASN" : "a new country")
              + " for this principal (history: "
              + GeoNovelty.history(profile)
              + ")";
    } else if (profile.countries().isEmpty() && profile.asns().isEmpty()) {
      verdict = " (no country or ASN history for this principal yet)";
    } else {
      verdict = ", known for this principal";
    }
    return " It is " + where.describe() + verdict + ".";
  }

  static AnalysisAnswer failedBefore(DetectionContext ctx) {
    AdminCommand c = ctx.command();
    Duration window = thresholds(ctx.policy()).failedThenSuccessWindow();
    List<AdminCommand> before =
        ctx.recent().byPrincipal(c.principal().id(), c.time().minus(window), c.time()).stream()
            .filter(x -> x.outcome() == Outcome.DENIED || x.outcome() == Outcome.FAILED)
            .filter(x -> !x.equals(c))
            .toList();
    String span = hours(window);
    if (before.isEmpty()) {
      return new AnalysisAnswer(
          FAILED_BEFORE,
          "No: no denied or failed attempt by "
              + c.principal().displayName()
              + " in the "
              + span
              + " before.",
          false);
    }
    long denied = before.stream().filter(x -> x.outcome() == Outcome.DENIED).count();
    long failed = before.size() - denied;
    Set<String> codes = new LinkedHashSet<>();
    before.stream().map(AdminCommand::errorCode).filter(e -> e != null).forEach(codes::add);
    return new AnalysisAnswer(
        FAILED_BEFORE,
        "Yes: "
            + denied
            + " denied and "
            + failed
            + " failed in the "
            + span
            + " before (first at "
            + FindingText.time(before.get(0).time())
            + (codes.isEmpty() ? "" : ", errors " + String.join(", ", codes))
            + "); this one "
            + c.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            + ".",
        true);
  }

  static AnalysisAnswer materialized(AdminCommand c, CommandCorrelation cc) {
    if (c.outcome() == Outcome.DENIED) {
      return new AnalysisAnswer(
          MATERIALIZED,
          "No: the control plane denied the request"
              + (c.errorCode() != null ? " (" + c.errorCode() + ")" : "")
              + ".",
          false);
    }
    if (cc == null) {
      return new AnalysisAnswer(
          MATERIALIZED,
          "Unknown: no host telemetry was correlated with this command.",
          (Boolean) null);
    }
    if (cc.targets().isEmpty()) {
      return new AnalysisAnswer(
          MATERIALIZED,
          "Unknown: " + (cc.note() != null ? cc.note() : "no target outcome") + ".",
          (Boolean) null);
    }
    Map<CorrelationStatus, List<String>> byStatus = new EnumMap<>(CorrelationStatus.class);
    for (TargetCorrelation t : cc.targets()) {
      byStatus
          .computeIfAbsent(t.status(), k -> new ArrayList<>())
          .add(t.name() != null ? t.name() : FindingText.shortId(t.vm()));
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<CorrelationStatus, List<String>> e : byStatus.entrySet()) {
      List<String> vms = e.getValue();
      parts.add(
          e.getKey()
              + " on "
              + vms.size()
              + " ("
              + String.join(", ", vms.subList(0, Math.min(MAX_LISTED, vms.size())))
              + more(vms.size())
              + ")");
    }
    List<String> lines = ranLines(cc);
    boolean ran =
        byStatus.containsKey(CorrelationStatus.CONFIRMED)
            || byStatus.containsKey(CorrelationStatus.AGENT_REPORTED);
    Boolean concerning;
    if (ran) {
      concerning = true;
    } else if (byStatus.containsKey(CorrelationStatus.BLIND_SPOT)) {
      concerning = null;
    } else {
      concerning = false;
    }
    String verdict =
        ran
            ? "Yes: "
            : byStatus.containsKey(CorrelationStatus.BLIND_SPOT)
                ? "Unknown for the blind VMs: "
                : "Not observed: ";
    return new AnalysisAnswer(
        MATERIALIZED,
        verdict
            + String.join("; ", parts)
            + "."
            + (lines.isEmpty() ? "" : " Ran: " + String.join(" | ", lines)),
        concerning);
  }

  /** The evidence's command lines and their children's, redacted and cut, without repeats. */
  static List<String> ranLines(CommandCorrelation cc) {
    Set<String> lines = new LinkedHashSet<>();
    for (TargetCorrelation t : cc.targets()) {
      for (Evidence e : t.evidence()) {
        add(lines, e.execution());
        for (HostExecution child : e.children()) {
          add(lines, child);
        }
      }
    }
    List<String> out = new ArrayList<>(lines);
    return out.size() <= MAX_LINES ? out : out.subList(0, MAX_LINES);
  }

  private static void add(Set<String> lines, HostExecution x) {
    String line = x.commandLine() != null ? x.commandLine() : x.image();
    if (line == null || line.isBlank()) {
      return;
    }
    String safe = SecretRedactor.redact(line.strip());
    lines.add(safe.length() <= MAX_LINE ? safe : safe.substring(0, MAX_LINE - 1) + "…");
  }

  static AnalysisAnswer fanOut(AdminCommand c, Thresholds t) {
    int reach = c.reach();
    int limit = t.fanOut();
    if (reach == 0 && c.targetSelector() != null) {
      return new AnalysisAnswer(
          FAN_OUT,
          "Unknown: targets chosen by selector "
              + c.targetSelector()
              + " and the control plane did not say how many.",
          (Boolean) null);
    }
    if (reach > limit) {
      return new AnalysisAnswer(
          FAN_OUT,
          "Yes: reaches "
              + reach
              + " VMs"
              + (c.targetSelector() != null ? " (selector " + c.targetSelector() + ")" : "")
              + ", above the fan-out threshold of "
              + limit
              + ".",
          true);
    }
    if (reach == 0) {
      return new AnalysisAnswer(FAN_OUT, "No: the request names no VM.", false);
    }
    return new AnalysisAnswer(
        FAN_OUT,
        "No: "
            + reach
            + (reach == 1 ? " VM (" + FindingText.where(c) + ")" : " VMs")
            + ", within the fan-out threshold of "
            + limit
            + ".",
        false);
  }

  /** {@code null} before the caller has looked for related findings. */
  static AnalysisAnswer related(List<String> ids) {
    if (ids == null) {
      return new AnalysisAnswer(
          RELATED,
          "Not checked: related findings are attached when the findings of a window are linked.",
          (Boolean) null);
    }
    if (ids.isEmpty()) {
      return new AnalysisAnswer(
          RELATED, "No other finding on this principal or its VMs in the window.", false);
    }
    return new AnalysisAnswer(
        RELATED,
        "Yes: "
            + ids.size()
            + (ids.size() == 1 ? " related finding: " : " related findings: ")
            + String.join(", ", ids.subList(0, Math.min(MAX_LISTED, ids.size())))
            + more(ids.size())
            + ".",
        true);
  }

  static Thresholds thresholds(Policy p) {
    Thresholds t = p.thresholds();
    Thresholds d = Thresholds.DEFAULTS;
    if (t == null) {
      return d;
    }
    return new Thresholds(
        t.fanOut() > 0 ? t.fanOut() : d.fanOut(),
        t.spikeFactor(),
        t.spikeMinimum(),
        t.failedAttempts(),
        or(t.failedThenSuccessWindow(), d.failedThenSuccessWindow()),
        or(t.stagingWindow(), d.stagingWindow()),
        or(t.identityChangeWindow(), d.identityChangeWindow()));
  }

  private static Duration or(Duration d, Duration fallback) {
    return d == null || d.isNegative() || d.isZero() ? fallback : d;
  }

  static String hours(Duration d) {
    long minutes = d.toMinutes();
    if (minutes % 60 != 0) {
      return minutes + " min";
    }
    long h = minutes / 60;
    return h == 1 ? "hour" : h + " h";
  }

  static String kind(PrincipalKind k) {
    return switch (k) {
      case HUMAN -> "a person";
      case ROLE_SESSION -> "a role session";
      case SERVICE_ACCOUNT -> "a workload identity";
      case CLOUD_SERVICE -> "the cloud provider";
      case INSTANCE_IDENTITY -> "a VM's identity";
      case UNKNOWN -> "an unidentified principal";
    };
  }

  private static String more(int n) {
    return n > MAX_LISTED ? " and " + (n - MAX_LISTED) + " more" : "";
  }
}
