package io.runwatch.core.detect.scope;

import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.correlate.Evidence;
import io.runwatch.core.correlate.TargetCorrelation;
import io.runwatch.core.detect.DetectionContext;
import io.runwatch.core.detect.Detector;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.HostExecution;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.policy.ApprovedAutomation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code RW-SUSPICIOUS-CONTENT}: the code a command runs looks like an attack, wherever that code
 * is known.
 *
 * <p>Texts scanned: the command's own {@link AdminCommand#content()} (Create/UpdateDocument
 * content, GCP startup scripts and OS policy scripts, Azure Run Command and Custom Script request
 * bodies), and from the correlation, the command line of every agent-spawned execution on the
 * targets and of every process it started. Identical texts are scanned once, each only its first
 * {@link ContentPatterns#MAX_SCAN_CHARS} characters, and at most {@value #MAX_TOTAL_CHARS}
 * characters per command in all (see {@link ContentPatterns} for why): the request content first,
 * then host evidence in target order. Texts beyond the budget are counted in the facts ({@code
 * unscannedTexts}), never silently dropped.
 *
 * <p>Patterns are data ({@code suspicious-content.json}); the hit's severity is the most severe
 * matching pattern's: CRITICAL for reverse shells and credential access, HIGH otherwise.
 *
 * <p>Score: 90 when the most severe match is CRITICAL, 70 when HIGH, plus 5 for every further
 * category matched, at most 100.
 *
 * <p>Approved automation acting within its scope raises nothing above INFORMATIONAL (the policy's
 * promise): the hit is kept at INFORMATIONAL, score 10, with the severity it would otherwise have
 * in the facts ({@code severityIfNotApproved}), so a compromised automation identity still leaves a
 * trace. DENIED commands are judged too: the content shows what the caller tried to run.
 */
public final class SuspiciousContentDetector implements Detector {
  public static final String ID = "RW-SUSPICIOUS-CONTENT";
  static final int MAX_TOTAL_CHARS = 256 * 1024;

  private final ContentPatterns patterns;

  public SuspiciousContentDetector() {
    this(ContentPatterns.shipped());
  }

  SuspiciousContentDetector(ContentPatterns patterns) {
    this.patterns = patterns;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Suspicious script content in an admin command";
  }

  @Override
  public String attack() {
    return "TA0002:T1651";
  }

  @Override
  public Severity defaultSeverity() {
    return Severity.HIGH;
  }

  @Override
  public String falsePositives() {
    return "Vendor installers piped from curl into bash, bootstrap scripts reading instance"
        + " metadata, provisioning that creates service accounts or installs SSH keys, and"
        + " troubleshooting that stops an agent. The URL's host, the key's owner or the account name"
        + " usually tells: a known vendor or config-management host is benign, a bare IP is not.";
  }

  @Override
  public String triageNote() {
    return "Read the quoted text and the full script. Reverse shell or credential access: treat as"
        + " an incident now (isolate the VMs, revoke the instance role's sessions, disable the"
        + " initiator). Otherwise confirm with the initiator and check the URL, new account or key"
        + " against the change record; look at host evidence for what actually ran.";
  }

  @Override
  public Optional<DetectorHit> evaluate(DetectionContext context) {
    AdminCommand c = context.command();
    Map<String, String> texts = texts(c, context.correlation());
    Map<String, Found> found = new LinkedHashMap<>();
    boolean cut = false;
    int budget = MAX_TOTAL_CHARS;
    int unscanned = 0;
    for (Map.Entry<String, String> text : texts.entrySet()) {
      int cost = Math.min(text.getKey().length(), ContentPatterns.MAX_SCAN_CHARS);
      if (cost > budget) {
        unscanned++;
        continue;
      }
      budget -= cost;
      cut |= text.getKey().length() > ContentPatterns.MAX_SCAN_CHARS;
      for (ContentMatch m : patterns.scan(text.getKey())) {
        found.putIfAbsent(m.pattern().id(), new Found(m, text.getValue()));
      }
    }
    if (found.isEmpty()) {
      return Optional.empty();
    }
    List<Found> ranked = new ArrayList<>(found.values());
    ranked.sort(
        Comparator.comparing((Found f) -> f.match().pattern().severity())
            .reversed()
            .thenComparing(f -> f.match().pattern().category()));
    Found top = ranked.get(0);
    Set<String> categories = new LinkedHashSet<>();
    ranked.forEach(f -> categories.add(f.match().pattern().category().label()));
    Severity computed = top.match().pattern().severity();
    int score =
        Math.min(100, (computed == Severity.CRITICAL ? 90 : 70) + 5 * (categories.size() - 1));

    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("categories", String.join(", ", categories));
    facts.put(
        "patterns", String.join(", ", ranked.stream().map(f -> f.match().pattern().id()).toList()));
    facts.put("where", top.where());
    facts.put("quote", top.match().excerpt());
    for (Found f : ranked) {
      facts.put("match." + f.match().pattern().id(), f.where() + ": " + f.match().excerpt());
    }
    if (cut) {
      facts.put("scannedChars", "first " + ContentPatterns.MAX_SCAN_CHARS + " of each text");
    }
    if (unscanned > 0) {
      facts.put("unscannedTexts", Integer.toString(unscanned));
    }
    Severity severity = context.policy().severityOf(ID, computed);
    Optional<ApprovedAutomation> approved = Approvals.inScope(context.policy(), c);
    String approval = "";
    if (approved.isPresent()) {
      facts.put("severityIfNotApproved", severity.name());
      facts.put("automation", approved.get().name());
      approval =
          " (approved automation "
              + approved.get().name()
              + ": informational, "
              + severity
              + " otherwise)";
      severity = Severity.INFORMATIONAL;
      score = 10;
    }
    int others = ranked.size() - 1;
    String reason =
        Texts.what(c)
            + (c.outcome() == Outcome.DENIED ? " (denied)" : "")
            + " carries "
            + String.join(" and ", categories)
            + " content: "
            + top.match().pattern().id()
            + " in "
            + top.where()
            + ", \""
            + top.match().excerpt()
            + "\""
            + (others > 0 ? " (+" + others + " more pattern" + (others > 1 ? "s" : "") + ")" : "")
            + approval
            + ".";
    return Optional.of(new DetectorHit(ID, severity, score, reason, facts));
  }

  /** The distinct texts to scan, each with where it was found, in a stable order. */
  static Map<String, String> texts(AdminCommand c, CommandCorrelation correlation) {
    Map<String, String> out = new LinkedHashMap<>();
    add(out, c.content(), "the request content");
    if (correlation == null) {
      return out;
    }
    for (TargetCorrelation t : correlation.targets()) {
      String vm = t.name() != null ? t.name() : Texts.vm(t.vm());
      for (Evidence e : t.evidence()) {
        add(out, e.execution().commandLine(), "the command line on " + vm);
        for (HostExecution child : e.children()) {
          add(out, child.commandLine(), "a child process on " + vm);
        }
      }
    }
    return out;
  }

  private static void add(Map<String, String> out, String text, String where) {
    if (text != null && !text.isBlank()) {
      out.putIfAbsent(text, where);
    }
  }

  private record Found(ContentMatch match, String where) {}
}
