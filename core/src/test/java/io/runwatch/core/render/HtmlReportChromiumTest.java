package io.runwatch.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.runwatch.core.triage.FindingText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the sample report in headless Chromium when the machine has it ({@code
 * /usr/bin/chromium}; skipped otherwise, as on CI machines without a browser): the DOM must hold
 * the findings, and the screenshot must be a real picture.
 */
class HtmlReportChromiumTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir Path dir;

  @Test
  void rendersInHeadlessChromium() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "no /usr/bin/chromium on this machine");
    ReportScenario s = new ReportScenario();
    Path report = dir.resolve("report.html");
    Files.writeString(
        report,
        new HtmlReport("runwatch report — sample", null)
            .render(s.findings, s.commands, s.correlations));

    String dom = run(dir.resolve("dom-profile"), "--dump-dom", report.toUri().toString());
    assertThat(dom).contains("Findings");
    assertThat(dom).contains(HtmlText.escape(FindingText.title(s.attack)));
    assertThat(dom).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(HtmlReportTest.count(dom, "<script")).isEqualTo(1);
    assertThat(dom)
        .as("the filters are shown by the script, so it ran")
        .contains("<fieldset class=\"filters\">");

    Path png = dir.resolve("out.png");
    run(
        dir.resolve("shot-profile"),
        "--screenshot=" + png,
        "--window-size=1400,2000",
        report.toUri().toString());
    assertThat(png).exists();
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
    assertThat(bytes.length).as("a screenshot with content").isGreaterThan(40_000);
  }

  private static String run(Path profile, String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    return new String(out, StandardCharsets.UTF_8);
  }
}
