package io.runwatch.aws.notify;

import static io.runwatch.aws.notify.UntrustedText.cut;
import static io.runwatch.aws.notify.UntrustedText.plain;

import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.VmRef;
import io.runwatch.core.triage.AnalysisAnswer;
import io.runwatch.core.triage.ContainmentAction;
import io.runwatch.core.triage.Finding;
import io.runwatch.core.triage.FindingText;
import io.runwatch.core.triage.Triage;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The e-mail a responder reads: the SNS {@code Subject} and the plain-text body of the {@code
 * email} protocol. The body says what happened, who, from where, on which VMs, severity and score,
 * the escalation decision and its reasons, the analysis questions with their answers, and each
 * recommended containment step with the exact dry-run command to paste ({@link ContainmentSteps}),
 * and ends with the finding id.
 *
 * <p>Every value from a log goes through {@link UntrustedText#plain} (secrets masked, controls and
 * bidi overrides visible, URLs defanged). Lists are cut with "… and N more", values at fixed
 * lengths, so the body stays under {@link #MAX_BODY_CHARS} whatever the finding holds.
 */
public final class EmailNotification {
  /** SNS: "less than 100 characters", ASCII, no line breaks or control characters. */
  public static final int MAX_SUBJECT = 99;

  static final int MAX_BODY_CHARS = 40_000;
  static final int MAX_VMS = 25;
  static final int MAX_SCRIPT_LINES = 40;
  static final int MAX_LINE = 300;

  private EmailNotification() {}

  /**
   * E.g. {@code [runwatch HIGH] SendCommand by build-bot on 6 VMs (escalate)}: printable ASCII only
   * (anything else becomes {@code ?}), cut to {@link #MAX_SUBJECT}.
   */
  public static String subject(Finding f) {
    AdminCommand c = f.command();
    String what =
        Triage.isOrphan(f)
            ? "Agent execution with no control-plane record on " + FindingText.where(c)
            : FindingText.action(c)
                + " by "
                + shortName(c.principal())
                + " on "
                + FindingText.where(c);
    String tail = escalated(f) ? " (escalate)" : "";
    String head = "[runwatch " + f.severity().name() + "] ";
    String s = ascii(plain(what));
    int room = MAX_SUBJECT - head.length() - tail.length();
    if (s.length() > room) {
      s = s.substring(0, room - 3) + "...";
    }
    return head + s + tail;
  }

  public static String body(Finding f, NotifyConfig config) {
    AdminCommand c = f.command();
    StringBuilder b = new StringBuilder(4096);
    b.append("runwatch finding: ")
        .append(f.severity().name())
        .append(" (score ")
        .append(f.score())
        .append("/100)")
        .append(escalated(f) ? ", ESCALATE to Tier 2" : ", no escalation")
        .append("\n\n");
    b.append(line(FindingText.title(f))).append("\n\n");

    b.append("WHAT HAPPENED\n");
    field(b, "When", c.time() == null ? null : DateTimeFormatter.ISO_INSTANT.format(c.time()));
    field(
        b, "Call", FindingText.action(c) + " (" + c.operation().name() + ", " + c.outcome() + ")");
    Principal p = c.principal();
    field(b, "Who", p.displayName() + " (" + p.kind() + ")");
    if (!p.id().equals(p.displayName())) {
      field(b, "Principal", p.id());
    }
    field(b, "Issued from", p.issuer());
    field(b, "Credential", p.credentialId());
    field(b, "Source", c.sourceIp());
    field(b, "User agent", c.userAgent());
    field(b, "Where", "account " + c.account() + (c.region() != null ? ", " + c.region() : ""));
    String targets = targets(c);
    if (targets != null) {
      b.append("  Targets: ").append(targets).append('\n');
    }
    field(b, "Selector", c.targetSelector());
    field(b, "Document", c.document());
    field(b, "Command id", c.commandId());
    field(b, "Error", c.errorCode());
    if (c.content() != null && !c.content().isBlank()) {
      b.append("  Script (secrets masked):\n");
      script(b, c.content());
    }
    b.append('\n');

    b.append("WHY (detectors)\n");
    for (DetectorHit h : f.hits()) {
      b.append("  - ")
          .append(h.detectorId())
          .append(" (")
          .append(FindingText.label(h.detectorId()))
          .append(", ")
          .append(h.severity())
          .append(", ")
          .append(h.score())
          .append("): ")
          .append(line(h.reason()))
          .append('\n');
    }
    b.append('\n');

    b.append("ESCALATION: ").append(escalated(f) ? "escalate to Tier 2" : "not escalated");
    b.append('\n');
    if (f.escalation() != null) {
      for (String r : f.escalation().reasons()) {
        b.append("  - ").append(line(r)).append('\n');
      }
    }
    b.append('\n');

    if (!f.answers().isEmpty()) {
      b.append("ANALYSIS\n");
      for (AnalysisAnswer a : f.answers()) {
        b.append("  Q: ").append(line(a.question())).append('\n');
        b.append("  A: ")
            .append(line(a.answer()))
            .append(
                a.concerning() == null ? "" : a.concerning() ? "  [CONCERNING]" : "  [reassuring]")
            .append('\n');
      }
      b.append('\n');
    }

    if (!f.actions().isEmpty()) {
      b.append("CONTAINMENT (recommended, nothing was done). Dry-run each step first:\n");
      List<ContainmentAction> actions = f.actions();
      for (int i = 0; i < actions.size(); i++) {
        ContainmentAction a = actions.get(i);
        b.append("  ").append(i).append(". ").append(ContainmentSteps.label(a));
        b.append(": ").append(line(a.why())).append('\n');
        if (a.blocked() != null) {
          b.append("     BLOCKED (").append(line(a.blocked())).append("): do not run it.\n");
        } else {
          b.append("     ").append(ContainmentSteps.dryRun(config, f, i)).append('\n');
        }
      }
      b.append('\n');
    }

    if (!f.related().isEmpty()) {
      b.append("Related findings: ").append(list(f.related(), 10)).append('\n');
    }
    b.append("Finding id: ").append(f.id()).append('\n');
    b.append("Technique: MITRE ATT&CK T1651 (Cloud Administration Command)\n");
    return fit(b.toString(), f);
  }

  /**
   * The body, or its first whole lines when longer than {@link #MAX_BODY_CHARS}: cut at a line end,
   * so never inside an escape sequence.
   */
  static String fit(String body, Finding f) {
    if (body.length() <= MAX_BODY_CHARS) {
      return body;
    }
    int end = body.lastIndexOf('\n', MAX_BODY_CHARS - 100);
    return body.substring(0, end + 1)
        + "[… cut to fit the notification; the findings table holds finding "
        + f.id()
        + " in full]\n";
  }

  /** The principal as an analyst knows it: the display name, else the last segment of the id. */
  static String shortName(Principal p) {
    String name = p.displayName() != null ? p.displayName() : p.id();
    int slash = name.lastIndexOf('/');
    return slash >= 0 && slash < name.length() - 1 && name.startsWith("arn:")
        ? name.substring(slash + 1)
        : name;
  }

  static boolean escalated(Finding f) {
    return f.escalation() != null && f.escalation().escalate();
  }

  private static void field(StringBuilder b, String name, String value) {
    if (value != null && !value.isBlank()) {
      b.append("  ").append(name).append(": ").append(line(value)).append('\n');
    }
  }

  private static String line(String s) {
    return plain(cut(s, MAX_LINE));
  }

  private static String targets(AdminCommand c) {
    List<String> ids = c.targets().stream().map(v -> plain(cut(vm(v), 120))).toList();
    String named = ids.isEmpty() ? null : list(ids, MAX_VMS);
    if (c.reach() > ids.size()) {
      return c.reach() + " VMs" + (named == null ? "" : ": " + named);
    }
    return named;
  }

  private static String vm(VmRef vm) {
    String id = FindingText.shortId(vm.id());
    return vm.name() != null && !vm.name().equalsIgnoreCase(id) ? id + " (" + vm.name() + ")" : id;
  }

  /** "a, b, c … and 7 more": never more than {@code max} items. */
  static String list(List<String> items, int max) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(max, items.size()); i++) {
      if (i > 0) {
        s.append(", ");
      }
      s.append(items.get(i));
    }
    if (items.size() > max) {
      s.append(" … and ").append(items.size() - max).append(" more");
    }
    return s.toString();
  }

  private static void script(StringBuilder b, String content) {
    String[] lines = content.split("\r?\n", -1);
    int shown = Math.min(lines.length, MAX_SCRIPT_LINES);
    for (int i = 0; i < shown; i++) {
      b.append("    | ").append(line(lines[i])).append('\n');
    }
    if (lines.length > shown) {
      b.append("    | … and ").append(lines.length - shown).append(" more lines\n");
    }
  }

  /** Printable ASCII only, for the SNS subject. */
  static String ascii(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
      if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
        i++;
      }
    }
    return out.toString();
  }
}
