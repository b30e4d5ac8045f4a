package io.runwatch.core.render;

import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.correlate.CorrelationStatus;
import io.runwatch.core.correlate.Evidence;
import io.runwatch.core.correlate.TargetCorrelation;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.HostExecution;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.VmRef;
import io.runwatch.core.triage.AnalysisAnswer;
import io.runwatch.core.triage.ContainmentAction;
import io.runwatch.core.triage.Finding;
import io.runwatch.core.triage.FindingText;
import io.runwatch.core.triage.Triage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes one self-contained HTML file for an analyst: a summary, a timeline of admin commands per
 * principal (inline SVG), and every finding with its reasons, answers, recommended containment and
 * evidence.
 *
 * <p>Self-contained and inert: the CSS and the little JavaScript (severity filters) are inline,
 * nothing is fetched (no fonts, images, scripts or styles from anywhere), and a Content Security
 * Policy pins the one style and the one script by hash, so even a value that slipped past escaping
 * could neither load nor run anything. Every value that came from a log goes through {@link
 * HtmlText#escape}; none is ever put in a URL, a script, a style or an unquoted attribute. Command
 * lines and scripts are shown redacted ({@link SecretRedactor}).
 *
 * <p>Accessible: semantic sections, tables with headers, a legend that pairs every colour with a
 * shape and a word, and each timeline mark carries a text title; the commands are also listed as a
 * table. The output depends only on its inputs (and the generation time, when given).
 */
public final class HtmlReport {
  static final int MAX_ROWS = 40;
  static final int MAX_TABLE = 2_000;
  static final int MAX_EVIDENCE_LINES = 40;

  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;
  private static final DateTimeFormatter DAY_MINUTE =
      DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECOND =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** How one command shows on the timeline: a colour, a shape and words, never colour alone. */
  enum Mark {
    CONFIRMED("ran, confirmed on the host", "#009E73", "disc"),
    AGENT_REPORTED("ran, reported by the cloud agent", "#56B4E9", "ring-dot"),
    NOT_CORRELATED("accepted, no host telemetry correlated", "#0072B2", "ring"),
    NOT_OBSERVED("not observed on the host", "#E69F00", "square"),
    BLIND_SPOT("blind spot: no telemetry from the host", "#666666", "diamond"),
    DENIED("denied by the control plane", "#D55E00", "cross"),
    FAILED("failed", "#CC79A7", "triangle"),
    ORPHAN("host execution with no control-plane record", "#000000", "star");

    final String label;
    final String colour;
    final String shape;

    Mark(String label, String colour, String shape) {
      this.label = label;
      this.colour = colour;
      this.shape = shape;
    }
  }

  private static final String CSS =
      """
      :root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#ffffff;--panel:#f6f8fa}
      *{box-sizing:border-box}
      body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
      header.top{padding:16px 28px;border-bottom:1px solid var(--line);background:var(--panel)}
      header.top h1{margin:0 0 4px;font-size:22px}
      main{padding:8px 28px 40px;max-width:1320px}
      h2{font-size:19px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
      h3{font-size:17px;margin:0 0 6px}
      h4{font-size:14px;margin:16px 0 6px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
      p.meta,.muted{color:var(--muted);font-size:13px}
      table{border-collapse:collapse;width:100%;margin:4px 0 8px;font-size:14px}
      th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
      th{background:var(--panel);font-weight:600}
      caption{text-align:left;padding:2px 0}
      table.counts{width:auto;margin-right:28px;display:inline-table;vertical-align:top}
      table.answers th[scope=row]{width:26%}
      table.counts td.n{text-align:right;font-variant-numeric:tabular-nums}
      code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
      pre{background:var(--panel);border:1px solid var(--line);padding:8px;white-space:pre-wrap;overflow-wrap:anywhere;margin:4px 0}
      .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:700;letter-spacing:.03em;color:#fff;vertical-align:2px}
      .sev-CRITICAL{background:#6e0b0b}.sev-HIGH{background:#b42318}.sev-MEDIUM{background:#9a5b00}
      .sev-LOW{background:#1f5f99}.sev-INFORMATIONAL{background:#57606a}
      article.finding{border:1px solid var(--line);border-left:6px solid #57606a;border-radius:6px;padding:14px 18px;margin:0 0 18px}
      article.finding.CRITICAL{border-left-color:#6e0b0b}article.finding.HIGH{border-left-color:#b42318}
      article.finding.MEDIUM{border-left-color:#9a5b00}article.finding.LOW{border-left-color:#1f5f99}
      .esc{font-weight:700;margin:6px 0}.esc.yes{color:#b42318}.esc.no{color:#1a7f37}
      dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:4px 0;font-size:14px}
      dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}
      td.mono,td{overflow-wrap:anywhere}
      td.verdict{white-space:nowrap;font-weight:600}
      .v-yes{color:#b42318}.v-no{color:#1a7f37}.v-unknown{color:#57606a}
      .blocked{color:#b42318;font-weight:700}
      ul.legend{list-style:none;padding:0;margin:6px 0 10px;display:flex;flex-wrap:wrap;gap:6px 18px;font-size:13px}
      ul.legend li{display:flex;align-items:center;gap:6px}
      figure.timeline{margin:0;border:1px solid var(--line);border-radius:6px;padding:6px;overflow-x:auto}
      figure.timeline svg{display:block;width:100%;min-width:900px;height:auto}
      fieldset.filters{border:1px solid var(--line);border-radius:6px;padding:6px 12px;margin:0 0 14px;font-size:14px}
      fieldset.filters label{margin-right:14px;white-space:nowrap}
      details summary{cursor:pointer}
      a{color:#0b5cad}
      @media print{fieldset.filters{display:none}article.finding{break-inside:avoid}}
      """;

  private static final String SCRIPT =
      """
      (function(){
        var boxes=document.querySelectorAll('fieldset.filters input[type=checkbox]');
        function apply(){
          var show={},escOnly=false;
          boxes.forEach(function(b){if(b.name==='escalated'){escOnly=b.checked;}else{show[b.value]=b.checked;}});
          document.querySelectorAll('article.finding').forEach(function(a){
            var ok=show[a.getAttribute('data-severity')]!==false&&(!escOnly||a.getAttribute('data-escalate')==='true');
            a.hidden=!ok;
          });
        }
        boxes.forEach(function(b){b.addEventListener('change',apply);});
        var open=document.getElementById('expand-all');
        if(open){open.addEventListener('click',function(){
          document.querySelectorAll('article.finding details').forEach(function(d){d.open=true;});
        });}
        document.querySelectorAll('fieldset.filters').forEach(function(f){f.hidden=false;});
      })();
      """;

  private static final String CSP =
      "default-src 'none'; style-src '"
          + sha256(CSS)
          + "'; script-src '"
          + sha256(SCRIPT)
          + "'; img-src data:; base-uri 'none'; form-action 'none'";

  private final String title;
  private final Instant generatedAt;

  public HtmlReport() {
    this("runwatch report", null);
  }

  /**
   * @param title the page title (plain text, escaped here)
   * @param generatedAt shown in the header when given; {@code null} keeps the output a function of
   *     the findings and commands only
   */
  public HtmlReport(String title, Instant generatedAt) {
    this.title = title == null ? "runwatch report" : title;
    this.generatedAt = generatedAt;
  }

  /**
   * Writes the report.
   *
   * @param findings the findings (any order; shown by severity)
   * @param commands the commands of the timeline; the findings' commands are added when missing
   * @param correlations each command's correlation, or {@code null} when no telemetry was read; a
   *     finding's own correlation is used when the map has none for its command
   * @param out receives UTF-8 bytes; not closed
   */
  public void write(
      List<Finding> findings,
      List<AdminCommand> commands,
      Map<AdminCommand, CommandCorrelation> correlations,
      OutputStream out)
      throws IOException {
    out.write(render(findings, commands, correlations).getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** The report as a string. */
  public String render(
      List<Finding> findings,
      List<AdminCommand> commands,
      Map<AdminCommand, CommandCorrelation> correlations) {
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(
        Comparator.comparing(Finding::severity)
            .thenComparingInt(Finding::score)
            .reversed()
            .thenComparing(Finding::time)
            .thenComparing(Finding::id));
    Map<AdminCommand, CommandCorrelation> corr = new HashMap<>();
    for (Finding f : findings) {
      if (f.correlation() != null) {
        corr.put(f.command(), f.correlation());
      }
    }
    if (correlations != null) {
      corr.putAll(correlations);
    }
    Set<AdminCommand> all = new LinkedHashSet<>(commands == null ? List.of() : commands);
    for (Finding f : findings) {
      all.add(f.command());
    }
    List<AdminCommand> timeline = new ArrayList<>(all);
    timeline.sort(Comparator.comparing(AdminCommand::time));
    Map<AdminCommand, Finding> findingOf = new HashMap<>();
    for (Finding f : sorted) {
      findingOf.putIfAbsent(f.command(), f);
    }

    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">\n");
    h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.append("<meta name=\"referrer\" content=\"no-referrer\">\n");
    h.append("<title>").append(esc(title)).append("</title>\n");
    h.append("<style>").append(CSS).append("</style>\n</head>\n<body>\n");
    h.append("<header class=\"top\"><h1>").append(esc(title)).append("</h1>");
    h.append(
        "<p class=\"meta\">Cloud administration commands (MITRE ATT&amp;CK T1651) triaged by runwatch");
    if (generatedAt != null) {
      h.append(" · generated ").append(esc(ISO.format(generatedAt)));
    }
    if (!timeline.isEmpty()) {
      h.append(" · commands from ")
          .append(esc(SECOND.format(timeline.get(0).time())))
          .append(" to ")
          .append(esc(SECOND.format(timeline.get(timeline.size() - 1).time())))
          .append(" UTC");
    }
    h.append("</p></header>\n<main>\n");
    summary(h, sorted, timeline, corr);
    timeline(h, timeline, corr, findingOf);
    findingsSection(h, sorted);
    commandTable(h, timeline, corr, findingOf);
    h.append("</main>\n<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
    return h.toString();
  }

  // ---- summary

  private static void summary(
      StringBuilder h,
      List<Finding> findings,
      List<AdminCommand> commands,
      Map<AdminCommand, CommandCorrelation> corr) {
    h.append("<section id=\"summary\" aria-labelledby=\"summary-h\">\n");
    h.append("<h2 id=\"summary-h\">Summary</h2>\n");
    long escalated = findings.stream().filter(HtmlReport::escalates).count();
    Set<String> principals = new LinkedHashSet<>();
    long orphans = commands.stream().filter(HtmlReport::isOrphan).count();
    long real = commands.size() - orphans;
    commands.stream().filter(c -> !isOrphan(c)).forEach(c -> principals.add(c.principal().id()));
    h.append("<p>")
        .append(findings.size())
        .append(findings.size() == 1 ? " finding" : " findings")
        .append(", <strong>")
        .append(escalated)
        .append(" escalated to Tier 2</strong>, over ")
        .append(real)
        .append(real == 1 ? " command" : " commands")
        .append(" by ")
        .append(principals.size())
        .append(principals.size() == 1 ? " principal" : " principals");
    if (orphans > 0) {
      h.append(", and ")
          .append(orphans)
          .append(orphans == 1 ? " agent execution" : " agent executions")
          .append(" with no control-plane record");
    }
    h.append(".</p>\n");
    Map<Severity, long[]> bySeverity = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      bySeverity.put(s, new long[2]);
    }
    for (Finding f : findings) {
      long[] n = bySeverity.get(f.severity());
      n[0]++;
      if (escalates(f)) {
        n[1]++;
      }
    }
    h.append("<table class=\"counts\"><caption class=\"muted\">Findings by severity</caption>\n");
    h.append("<thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">Findings</th>")
        .append("<th scope=\"col\">Escalated</th></tr></thead><tbody>\n");
    for (Severity s : List.of(Severity.values()).reversed()) {
      long[] n = bySeverity.get(s);
      h.append("<tr><th scope=\"row\">")
          .append(badge(s))
          .append("</th><td class=\"n\">")
          .append(n[0])
          .append("</td><td class=\"n\">")
          .append(n[1])
          .append("</td></tr>\n");
    }
    h.append("</tbody></table>\n");
    Map<CorrelationStatus, Long> targets = new EnumMap<>(CorrelationStatus.class);
    long correlated = 0;
    for (AdminCommand c : commands) {
      CommandCorrelation cc = corr.get(c);
      if (cc != null) {
        correlated++;
        for (TargetCorrelation t : cc.targets()) {
          targets.merge(t.status(), 1L, Long::sum);
        }
      }
    }
    if (correlated > 0) {
      h.append("<table class=\"counts\"><caption class=\"muted\">Host evidence for ")
          .append(correlated)
          .append(" correlated commands, per target VM</caption>\n")
          .append("<thead><tr><th scope=\"col\">Outcome in the guest</th>")
          .append("<th scope=\"col\">Targets</th></tr></thead><tbody>\n");
      for (CorrelationStatus s : CorrelationStatus.values()) {
        h.append("<tr><th scope=\"row\">")
            .append(esc(s.name()))
            .append("</th><td class=\"n\">")
            .append(targets.getOrDefault(s, 0L))
            .append("</td></tr>\n");
      }
      h.append("</tbody></table>\n");
    } else {
      h.append("<p class=\"muted\">No host telemetry was correlated: whether commands ran in the")
          .append(" guests is unknown.</p>\n");
    }
    h.append("</section>\n");
  }

  // ---- timeline

  private static void timeline(
      StringBuilder h,
      List<AdminCommand> commands,
      Map<AdminCommand, CommandCorrelation> corr,
      Map<AdminCommand, Finding> findingOf) {
    h.append("<section id=\"timeline\" aria-labelledby=\"timeline-h\">\n");
    h.append("<h2 id=\"timeline-h\">Timeline of commands per principal</h2>\n");
    if (commands.isEmpty()) {
      h.append("<p class=\"muted\">No commands.</p>\n</section>\n");
      return;
    }
    h.append("<ul class=\"legend\" aria-label=\"Legend\">\n");
    for (Mark m : Mark.values()) {
      h.append("<li><svg width=\"18\" height=\"18\" viewBox=\"-9 -9 18 18\" aria-hidden=\"true\">");
      shape(h, m, 0, 0);
      h.append("</svg>").append(esc(m.label)).append("</li>\n");
    }
    h.append("<li><svg width=\"22\" height=\"22\" viewBox=\"-11 -11 22 22\" aria-hidden=\"true\">")
        .append("<circle r=\"9.5\" fill=\"none\" stroke=\"#b42318\" stroke-width=\"2.5\"/>");
    shape(h, Mark.CONFIRMED, 0, 0);
    h.append("</svg>ringed: has a finding (ring colour = severity; select to open it)</li>\n");
    h.append("</ul>\n");

    // Rows: principals with the most severe findings first, then the busiest.
    Map<String, List<AdminCommand>> byPrincipal = new LinkedHashMap<>();
    Map<String, Principal> principal = new HashMap<>();
    for (AdminCommand c : commands) {
      byPrincipal.computeIfAbsent(c.principal().id(), k -> new ArrayList<>()).add(c);
      principal.putIfAbsent(c.principal().id(), c.principal());
    }
    Map<String, Integer> worst = new HashMap<>();
    for (Map.Entry<String, List<AdminCommand>> e : byPrincipal.entrySet()) {
      int w = -1;
      for (AdminCommand c : e.getValue()) {
        Finding f = findingOf.get(c);
        if (f != null) {
          w = Math.max(w, f.severity().ordinal());
        }
      }
      worst.put(e.getKey(), w);
    }
    List<String> rows = new ArrayList<>(byPrincipal.keySet());
    rows.sort(
        Comparator.comparing((String p) -> -worst.get(p))
            .thenComparing(p -> -byPrincipal.get(p).size())
            .thenComparing(p -> principal.get(p).displayName()));
    int hidden = Math.max(0, rows.size() - MAX_ROWS);
    if (hidden > 0) {
      rows = rows.subList(0, MAX_ROWS);
    }

    Instant t0 = commands.get(0).time();
    Instant t1 = commands.get(commands.size() - 1).time();
    long span = Math.max(Duration.between(t0, t1).toMillis(), 60_000);
    long pad = Math.max(span / 40, 30_000);
    long from = t0.toEpochMilli() - pad;
    long to = from + span + 2 * pad;
    int width = 1200;
    int left = 250;
    int right = 24;
    int top = 30;
    int rowH = 28;
    int height = top + rows.size() * rowH + 34;
    double scale = (double) (width - left - right) / (to - from);

    h.append("<figure class=\"timeline\">\n<svg viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append(
            "\" role=\"img\" aria-labelledby=\"tl-title tl-desc\" font-family=\"system-ui,sans-serif\"")
        .append(" font-size=\"12\">\n");
    h.append("<title id=\"tl-title\">Admin commands per principal over time</title>\n");
    h.append("<desc id=\"tl-desc\">")
        .append(commands.size())
        .append(" commands by ")
        .append(byPrincipal.size())
        .append(" principals between ")
        .append(esc(SECOND.format(t0)))
        .append(" and ")
        .append(esc(SECOND.format(t1)))
        .append(" UTC. Each mark is one command; the table of commands below lists the same data.")
        .append("</desc>\n");
    // Stripes and labels.
    for (int i = 0; i < rows.size(); i++) {
      int y = top + i * rowH;
      if (i % 2 == 0) {
        h.append("<rect x=\"0\" y=\"")
            .append(y)
            .append("\" width=\"")
            .append(width)
            .append("\" height=\"")
            .append(rowH)
            .append("\" fill=\"#f6f8fa\"/>\n");
      }
      Principal p = principal.get(rows.get(i));
      h.append("<text x=\"8\" y=\"")
          .append(y + rowH / 2 + 4)
          .append("\" fill=\"#1b1f24\"><title>")
          .append(esc(p.displayName() + " — " + p.id() + " (" + p.kind() + ")"))
          .append("</title>")
          .append(HtmlText.cut(p.displayName(), 34))
          .append("</text>\n");
    }
    // Axis and ticks.
    int axisY = top + rows.size() * rowH;
    h.append("<line x1=\"")
        .append(left)
        .append("\" y1=\"")
        .append(top)
        .append("\" x2=\"")
        .append(left)
        .append("\" y2=\"")
        .append(axisY)
        .append("\" stroke=\"#d0d7de\"/>\n");
    h.append("<line x1=\"")
        .append(left)
        .append("\" y1=\"")
        .append(axisY)
        .append("\" x2=\"")
        .append(width - right)
        .append("\" y2=\"")
        .append(axisY)
        .append("\" stroke=\"#57606a\"/>\n");
    long step = tickStep(to - from);
    boolean days = to - from > 86_400_000L;
    for (long t = (from / step + 1) * step; t < to; t += step) {
      double x = left + (t - from) * scale;
      h.append("<line x1=\"")
          .append(fmt(x))
          .append("\" y1=\"")
          .append(top)
          .append("\" x2=\"")
          .append(fmt(x))
          .append("\" y2=\"")
          .append(axisY + 4)
          .append("\" stroke=\"#d0d7de\" stroke-dasharray=\"2 3\"/>\n");
      h.append("<text x=\"")
          .append(fmt(x))
          .append("\" y=\"")
          .append(axisY + 18)
          .append("\" text-anchor=\"middle\" fill=\"#57606a\">")
          .append(esc((days ? DAY_MINUTE : MINUTE).format(Instant.ofEpochMilli(t))))
          .append("</text>\n");
    }
    h.append("<text x=\"")
        .append(width - right)
        .append("\" y=\"")
        .append(top - 10)
        .append("\" text-anchor=\"end\" fill=\"#57606a\">time (UTC)</text>\n");
    // Marks.
    for (int i = 0; i < rows.size(); i++) {
      double y = top + i * rowH + rowH / 2.0;
      for (AdminCommand c : byPrincipal.get(rows.get(i))) {
        double x = left + (c.time().toEpochMilli() - from) * scale;
        Mark m = mark(c, corr.get(c));
        Finding f = findingOf.get(c);
        String tip =
            SECOND.format(c.time())
                + " UTC — "
                + FindingText.action(c)
                + " on "
                + FindingText.where(c)
                + " — "
                + m.label
                + (f != null ? " — finding " + f.severity() + ": " + FindingText.title(f) : "");
        if (f != null) {
          h.append("<a href=\"#f-").append(esc(f.id())).append("\">");
        }
        h.append("<g><title>").append(esc(tip)).append("</title>");
        if (f != null) {
          h.append("<circle cx=\"")
              .append(fmt(x))
              .append("\" cy=\"")
              .append(fmt(y))
              .append("\" r=\"10.5\" fill=\"#ffffff\" stroke=\"")
              .append(severityColour(f.severity()))
              .append("\" stroke-width=\"2.5\"/>");
        }
        shape(h, m, x, y);
        h.append("</g>");
        if (f != null) {
          h.append("</a>");
        }
        h.append('\n');
      }
    }
    h.append("</svg>\n");
    h.append(
            "<figcaption class=\"muted\">Rows are principals (most severe finding first), marks are")
        .append(" commands at their control-plane time.");
    if (hidden > 0) {
      h.append(" ")
          .append(hidden)
          .append(" more principals are not drawn; the table of commands lists them.");
    }
    h.append("</figcaption>\n</figure>\n</section>\n");
  }

  private static boolean isOrphan(AdminCommand c) {
    return Triage.ORPHAN_EVENT.equals(c.eventName()) && Triage.NO_RECORD.equals(c.principal());
  }

  static Mark mark(AdminCommand c, CommandCorrelation cc) {
    if (isOrphan(c)) {
      return Mark.ORPHAN;
    }
    if (c.outcome() == Outcome.DENIED) {
      return Mark.DENIED;
    }
    if (c.outcome() == Outcome.FAILED) {
      return Mark.FAILED;
    }
    if (cc == null || cc.targets().isEmpty()) {
      return Mark.NOT_CORRELATED;
    }
    if (cc.count(CorrelationStatus.CONFIRMED) > 0) {
      return Mark.CONFIRMED;
    }
    if (cc.count(CorrelationStatus.AGENT_REPORTED) > 0) {
      return Mark.AGENT_REPORTED;
    }
    if (cc.count(CorrelationStatus.BLIND_SPOT) > 0) {
      return Mark.BLIND_SPOT;
    }
    return Mark.NOT_OBSERVED;
  }

  private static void shape(StringBuilder h, Mark m, double x, double y) {
    String cx = fmt(x);
    String cy = fmt(y);
    String c = m.colour;
    switch (m.shape) {
      case "disc" ->
          h.append("<circle cx=\"")
              .append(cx)
              .append("\" cy=\"")
              .append(cy)
              .append("\" r=\"6\" fill=\"")
              .append(c)
              .append("\"/>");
      case "ring-dot" ->
          h.append("<circle cx=\"")
              .append(cx)
              .append("\" cy=\"")
              .append(cy)
              .append("\" r=\"5.5\" fill=\"#ffffff\" stroke=\"")
              .append(c)
              .append("\" stroke-width=\"2.5\"/><circle cx=\"")
              .append(cx)
              .append("\" cy=\"")
              .append(cy)
              .append("\" r=\"2\" fill=\"")
              .append(c)
              .append("\"/>");
      case "ring" ->
          h.append("<circle cx=\"")
              .append(cx)
              .append("\" cy=\"")
              .append(cy)
              .append("\" r=\"5.5\" fill=\"#ffffff\" stroke=\"")
              .append(c)
              .append("\" stroke-width=\"2.5\"/>");
      case "square" ->
          h.append("<rect x=\"")
              .append(fmt(x - 5.5))
              .append("\" y=\"")
              .append(fmt(y - 5.5))
              .append("\" width=\"11\" height=\"11\" fill=\"")
              .append(c)
              .append("\"/>");
      case "diamond" ->
          h.append("<path d=\"M")
              .append(cx)
              .append(' ')
              .append(fmt(y - 7))
              .append(" L")
              .append(fmt(x + 7))
              .append(' ')
              .append(cy)
              .append(" L")
              .append(cx)
              .append(' ')
              .append(fmt(y + 7))
              .append(" L")
              .append(fmt(x - 7))
              .append(' ')
              .append(cy)
              .append(" Z\" fill=\"#ffffff\" stroke=\"")
              .append(c)
              .append("\" stroke-width=\"2\" stroke-dasharray=\"3 2\"/>");
      case "cross" ->
          h.append("<path d=\"M")
              .append(fmt(x - 5))
              .append(' ')
              .append(fmt(y - 5))
              .append(" L")
              .append(fmt(x + 5))
              .append(' ')
              .append(fmt(y + 5))
              .append(" M")
              .append(fmt(x - 5))
              .append(' ')
              .append(fmt(y + 5))
              .append(" L")
              .append(fmt(x + 5))
              .append(' ')
              .append(fmt(y - 5))
              .append("\" stroke=\"")
              .append(c)
              .append("\" stroke-width=\"3\" stroke-linecap=\"round\"/>");
      case "triangle" ->
          h.append("<path d=\"M")
              .append(cx)
              .append(' ')
              .append(fmt(y - 6.5))
              .append(" L")
              .append(fmt(x + 6.5))
              .append(' ')
              .append(fmt(y + 5.5))
              .append(" L")
              .append(fmt(x - 6.5))
              .append(' ')
              .append(fmt(y + 5.5))
              .append(" Z\" fill=\"")
              .append(c)
              .append("\"/>");
      default -> {
        StringBuilder d = new StringBuilder("M");
        for (int k = 0; k < 10; k++) {
          double r = k % 2 == 0 ? 7.5 : 3.2;
          double a = Math.PI / 2 + k * Math.PI / 5;
          d.append(k == 0 ? "" : " L")
              .append(fmt(x + r * Math.cos(a)))
              .append(' ')
              .append(fmt(y - r * Math.sin(a)));
        }
        h.append("<path d=\"").append(d).append(" Z\" fill=\"").append(c).append("\"/>");
      }
    }
  }

  static long tickStep(long spanMillis) {
    long[] steps = {
      60_000L,
      300_000L,
      900_000L,
      1_800_000L,
      3_600_000L,
      10_800_000L,
      21_600_000L,
      43_200_000L,
      86_400_000L,
      172_800_000L,
      604_800_000L,
      2_592_000_000L
    };
    for (long s : steps) {
      if (spanMillis / s <= 10) {
        return s;
      }
    }
    return steps[steps.length - 1] * Math.max(1, spanMillis / steps[steps.length - 1] / 10);
  }

  // ---- findings

  private static void findingsSection(StringBuilder h, List<Finding> findings) {
    h.append("<section id=\"findings\" aria-labelledby=\"findings-h\">\n");
    h.append("<h2 id=\"findings-h\">Findings</h2>\n");
    if (findings.isEmpty()) {
      h.append("<p class=\"muted\">No detector fired.</p>\n</section>\n");
      return;
    }
    h.append("<fieldset class=\"filters\" hidden><legend>Show</legend>");
    for (Severity s : List.of(Severity.values()).reversed()) {
      h.append("<label><input type=\"checkbox\" name=\"severity\" value=\"")
          .append(s.name())
          .append("\" checked> ")
          .append(s.name())
          .append("</label>");
    }
    h.append(
            "<label><input type=\"checkbox\" name=\"escalated\" value=\"yes\"> escalated only</label>")
        .append(
            "<button type=\"button\" id=\"expand-all\">Expand all evidence</button></fieldset>\n");
    for (Finding f : findings) {
      finding(h, f);
    }
    h.append("</section>\n");
  }

  private static void finding(StringBuilder h, Finding f) {
    AdminCommand c = f.command();
    String title = FindingText.title(f);
    h.append("<article class=\"finding ")
        .append(f.severity().name())
        .append("\" id=\"f-")
        .append(esc(f.id()))
        .append("\" data-severity=\"")
        .append(f.severity().name())
        .append("\" data-escalate=\"")
        .append(escalates(f))
        .append("\" aria-labelledby=\"t-")
        .append(esc(f.id()))
        .append("\">\n<header><h3 id=\"t-")
        .append(esc(f.id()))
        .append("\">")
        .append(badge(f.severity()))
        .append(" <span class=\"muted\">score ")
        .append(f.score())
        .append("</span> ")
        .append(esc(title))
        .append("</h3>\n<p class=\"meta\">")
        .append(esc(f.id()))
        .append(" · ")
        .append(esc(SECOND.format(f.time())))
        .append(" UTC · ")
        .append(esc(c.cloud().name()));
    if (c.account() != null) {
      h.append(' ').append(esc(c.account()));
    }
    if (c.region() != null) {
      h.append(' ').append(esc(c.region()));
    }
    h.append("</p>\n");
    boolean esc = escalates(f);
    h.append("<p class=\"esc ")
        .append(esc ? "yes" : "no")
        .append("\">")
        .append(esc ? "▲ Escalate to Tier 2" : "● Stays with Tier 1")
        .append("</p></header>\n");
    if (f.escalation() != null && !f.escalation().reasons().isEmpty()) {
      h.append("<h4>Why</h4>\n<ul>\n");
      for (String r : f.escalation().reasons()) {
        h.append("<li>").append(esc(SecretRedactor.redact(r))).append("</li>\n");
      }
      h.append("</ul>\n");
    }

    if (Triage.isOrphan(f)) {
      orphanFacts(h, f);
    } else {
      commandFacts(h, c);
    }

    h.append("<h4>Detectors</h4>\n<table><thead><tr><th scope=\"col\">Detector</th>")
        .append("<th scope=\"col\">Severity</th><th scope=\"col\">Score</th>")
        .append("<th scope=\"col\">Reason</th></tr></thead><tbody>\n");
    for (DetectorHit hit : f.hits()) {
      h.append("<tr><td><code>")
          .append(esc(hit.detectorId()))
          .append("</code><br><span class=\"muted\">")
          .append(esc(FindingText.label(hit.detectorId())))
          .append("</span></td><td>")
          .append(esc(hit.severity().name()))
          .append("</td><td>")
          .append(hit.score())
          .append("</td><td>")
          .append(esc(SecretRedactor.redact(hit.reason())));
      if (!hit.facts().isEmpty()) {
        h.append("<br><span class=\"muted mono\">");
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(hit.facts()).entrySet()) {
          h.append(first ? "" : " · ")
              .append(esc(e.getKey()))
              .append('=')
              .append(HtmlText.cut(SecretRedactor.redact(e.getValue()), 200));
          first = false;
        }
        h.append("</span>");
      }
      h.append("</td></tr>\n");
    }
    h.append("</tbody></table>\n");

    h.append(
            "<h4>Analysis</h4>\n<table class=\"answers\"><thead><tr><th scope=\"col\">Question</th>")
        .append(
            "<th scope=\"col\">Verdict</th><th scope=\"col\">Answer</th></tr></thead><tbody>\n");
    for (AnalysisAnswer a : f.answers()) {
      String verdict =
          a.concerning() == null
              ? "<td class=\"verdict v-unknown\">? unknown</td>"
              : a.concerning()
                  ? "<td class=\"verdict v-yes\">⚠ concerning</td>"
                  : "<td class=\"verdict v-no\">✓ not concerning</td>";
      h.append("<tr><th scope=\"row\">")
          .append(esc(a.question()))
          .append("</th>")
          .append(verdict)
          .append("<td>")
          .append(esc(SecretRedactor.redact(a.answer())))
          .append("</td></tr>\n");
    }
    h.append("</tbody></table>\n");

    h.append("<h4>Recommended containment</h4>\n");
    if (f.actions().isEmpty()) {
      h.append("<p class=\"muted\">None: the finding is not escalated and its severity is below")
          .append(" MEDIUM.</p>\n");
    } else {
      h.append("<p class=\"muted\">Recommendations, not actions: run each through the containment")
          .append(" function, dry-run first.</p>\n");
      h.append("<table><thead><tr><th scope=\"col\">Step</th><th scope=\"col\">Parameters</th>")
          .append("<th scope=\"col\">Why</th></tr></thead><tbody>\n");
      for (ContainmentAction a : f.actions()) {
        h.append("<tr><td><code>").append(esc(a.kind().name())).append("</code>");
        if (a.blocked() != null) {
          h.append("<br><span class=\"blocked\">⛔ blocked: ")
              .append(esc(a.blocked()))
              .append("</span>");
        }
        h.append("</td><td class=\"mono\">");
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(a.parameters()).entrySet()) {
          h.append(first ? "" : "<br>")
              .append(esc(e.getKey()))
              .append('=')
              .append(esc(e.getValue()));
          first = false;
        }
        h.append("</td><td>").append(esc(a.why())).append("</td></tr>\n");
      }
      h.append("</tbody></table>\n");
    }

    h.append("<h4>Evidence in the guests</h4>\n");
    CommandCorrelation cc = f.correlation();
    if (cc == null) {
      h.append("<p class=\"muted\">No host telemetry was correlated with this command.</p>\n");
    } else {
      if (cc.note() != null) {
        h.append("<p class=\"muted\">").append(esc(cc.note())).append("</p>\n");
      }
      for (TargetCorrelation t : cc.targets()) {
        List<String> lines = new ArrayList<>();
        for (Evidence e : t.evidence()) {
          lines.add(line(e.execution(), ""));
          for (HostExecution child : e.children()) {
            lines.add(line(child, "  └ "));
          }
        }
        h.append("<details")
            .append(t.status() == CorrelationStatus.CONFIRMED ? " open" : "")
            .append("><summary><span class=\"mono\">")
            .append(esc(t.name() != null ? t.name() + " — " + t.vm() : t.vm()))
            .append("</span> · <strong>")
            .append(esc(t.status().name()))
            .append("</strong>")
            .append(t.agentStatus() != null ? " · agent: " + esc(t.agentStatus()) : "")
            .append(" · ")
            .append(t.evidence().size())
            .append(t.evidence().size() == 1 ? " execution" : " executions")
            .append("</summary>");
        if (lines.isEmpty()) {
          h.append("<p class=\"muted\">No matching process start.</p>");
        } else {
          h.append("<pre>");
          int n = 0;
          for (String l : lines) {
            if (n++ == MAX_EVIDENCE_LINES) {
              h.append(esc("… " + (lines.size() - MAX_EVIDENCE_LINES) + " more lines\n"));
              break;
            }
            h.append(esc(l)).append('\n');
          }
          h.append("</pre>");
        }
        h.append("</details>\n");
      }
    }
    if (!f.related().isEmpty()) {
      h.append("<h4>Related findings</h4>\n<ul>\n");
      for (String id : f.related()) {
        h.append("<li><a href=\"#f-")
            .append(esc(id))
            .append("\">")
            .append(esc(id))
            .append("</a></li>\n");
      }
      h.append("</ul>\n");
    }
    h.append("</article>\n");
  }

  private static void commandFacts(StringBuilder h, AdminCommand c) {
    h.append("<h4>Command</h4>\n<dl class=\"facts\">\n");
    Principal p = c.principal();
    fact(h, "Principal", p.displayName() + (p.displayName().equals(p.id()) ? "" : " — " + p.id()));
    fact(h, "Kind", p.kind().name() + (p.issuer() != null ? " · issued by " + p.issuer() : ""));
    if (p.credentialId() != null) {
      fact(h, "Credential", p.credentialId());
    }
    fact(
        h,
        "Operation",
        c.eventName() != null ? c.eventName() + " (" + c.operation() + ")" : c.operation().name());
    fact(h, "Source", c.sourceIp());
    fact(h, "User agent", c.userAgent());
    fact(h, "Targets", targets(c));
    fact(h, "Document", c.document());
    fact(h, "Command id", c.commandId());
    fact(h, "Outcome", c.outcome() + (c.errorCode() != null ? " (" + c.errorCode() + ")" : ""));
    fact(h, "Event id", c.eventId());
    if (c.origin() != null) {
      fact(h, "Record", c.origin().toString());
    }
    h.append("</dl>\n");
    if (c.content() != null) {
      h.append("<details><summary>Content")
          .append(c.contentSha256() != null ? " (sha256 " + esc(c.contentSha256()) + ")" : "")
          .append("</summary><pre>")
          .append(esc(SecretRedactor.redact(c.content())))
          .append("</pre></details>\n");
    }
  }

  private static void orphanFacts(StringBuilder h, Finding f) {
    AdminCommand c = f.command();
    h.append("<h4>Host execution</h4>\n<dl class=\"facts\">\n");
    fact(h, "What", "an agent-spawned execution that no control-plane record explains");
    fact(h, "VM", c.targets().isEmpty() ? null : c.targets().get(0).id());
    fact(h, "Host", c.targets().isEmpty() ? null : c.targets().get(0).name());
    fact(h, "Cloud agent", f.hits().isEmpty() ? null : f.hits().get(0).facts().get("mechanism"));
    fact(h, "Command id on the host", c.commandId());
    fact(h, "First execution", SECOND.format(c.time()) + " UTC");
    h.append("</dl>\n");
  }

  private static String line(HostExecution x, String prefix) {
    String cmd = x.commandLine() != null ? x.commandLine() : x.image();
    return prefix
        + SECOND.format(x.time())
        + " "
        + (x.user() != null ? x.user() + " " : "")
        + (x.pid() != null ? "pid " + x.pid() + " " : "")
        + SecretRedactor.redact(cmd == null ? "(no command line)" : cmd);
  }

  private static String targets(AdminCommand c) {
    List<String> names = new ArrayList<>();
    for (VmRef vm : c.targets()) {
      if (names.size() == 10) {
        names.add("… " + (c.targets().size() - 10) + " more");
        break;
      }
      names.add(vm.name() != null ? vm.name() + " (" + vm.id() + ")" : vm.id());
    }
    String s = String.join(", ", names);
    if (c.targetSelector() != null) {
      s = (s.isEmpty() ? "" : s + "; ") + "selector " + c.targetSelector();
    }
    if (c.targetCount() != null) {
      s = s + (s.isEmpty() ? "" : "; ") + c.targetCount() + " resolved";
    }
    return s.isEmpty() ? null : s;
  }

  private static void fact(StringBuilder h, String name, String value) {
    h.append("<dt>")
        .append(esc(name))
        .append("</dt><dd>")
        .append(value == null ? "<span class=\"muted\">—</span>" : esc(value))
        .append("</dd>\n");
  }

  // ---- all commands

  private static void commandTable(
      StringBuilder h,
      List<AdminCommand> commands,
      Map<AdminCommand, CommandCorrelation> corr,
      Map<AdminCommand, Finding> findingOf) {
    h.append("<section id=\"commands\" aria-labelledby=\"commands-h\">\n");
    h.append("<h2 id=\"commands-h\">All commands</h2>\n");
    h.append("<details><summary>")
        .append(commands.size())
        .append(commands.size() == 1 ? " command" : " commands")
        .append(" as a table</summary>\n");
    h.append("<table><thead><tr><th scope=\"col\">Time (UTC)</th><th scope=\"col\">Principal</th>")
        .append("<th scope=\"col\">Operation</th><th scope=\"col\">Targets</th>")
        .append("<th scope=\"col\">Outcome</th><th scope=\"col\">In the guest</th>")
        .append("<th scope=\"col\">Finding</th></tr></thead><tbody>\n");
    int n = 0;
    for (AdminCommand c : commands) {
      if (n++ == MAX_TABLE) {
        h.append("<tr><td colspan=\"7\" class=\"muted\">")
            .append(commands.size() - MAX_TABLE)
            .append(" more not listed</td></tr>\n");
        break;
      }
      Finding f = findingOf.get(c);
      h.append("<tr><td class=\"mono\">")
          .append(esc(SECOND.format(c.time())))
          .append("</td><td>")
          .append(HtmlText.cut(c.principal().displayName(), 80))
          .append("</td><td>")
          .append(esc(FindingText.action(c)))
          .append("</td><td>")
          .append(HtmlText.cut(FindingText.where(c), 80))
          .append("</td><td>")
          .append(esc(c.outcome().name()))
          .append("</td><td>")
          .append(esc(mark(c, corr.get(c)).label))
          .append("</td><td>");
      if (f != null) {
        h.append("<a href=\"#f-")
            .append(esc(f.id()))
            .append("\">")
            .append(esc(f.severity().name()))
            .append("</a>");
      }
      h.append("</td></tr>\n");
    }
    h.append("</tbody></table>\n</details>\n</section>\n");
  }

  // ---- helpers

  private static boolean escalates(Finding f) {
    return f.escalation() != null && f.escalation().escalate();
  }

  private static String badge(Severity s) {
    return "<span class=\"badge sev-" + s.name() + "\">" + s.name() + "</span>";
  }

  private static String severityColour(Severity s) {
    return switch (s) {
      case CRITICAL -> "#6e0b0b";
      case HIGH -> "#b42318";
      case MEDIUM -> "#9a5b00";
      case LOW -> "#1f5f99";
      case INFORMATIONAL -> "#57606a";
    };
  }

  private static String esc(String s) {
    return HtmlText.escape(s);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String sha256(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
