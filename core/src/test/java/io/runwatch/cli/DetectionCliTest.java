package io.runwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo week judged end to end: learn Monday and Tuesday, judge the rest under the policy. */
class DetectionCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEMO = Path.of("..", "infra", "demo").toString();
  private static final String POLICY =
      Path.of("..", "infra", "policy", "example-policy.yaml").toString();

  private static List<JsonNode> findings(String... extra) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of("hunt", "--format", "json", "--policy", POLICY, "--learn-until", "2026-11-18"));
    args.addAll(List.of(extra));
    args.add(DEMO);
    HuntCommandTest.Run r = HuntCommandTest.run(args.toArray(String[]::new));
    assertThat(r.exit()).as(r.err()).isZero();
    return r.ofType("finding");
  }

  private static List<String> detectors(JsonNode finding) {
    List<String> ids = new ArrayList<>();
    finding
        .path("detectors")
        .forEach(
            d ->
                ids.add(
                    d.isObject()
                        ? d.path("detectorId").asText(d.path("id").asText())
                        : d.asText()));
    return ids;
  }

  @Test
  void theAttackIsEscalatedAndApprovedAutomationStaysInformational() throws IOException {
    List<JsonNode> findings = findings();
    JsonNode fanOut =
        findings.stream()
            .filter(f -> f.path("command").path("time").asText().startsWith("2026-11-18T03:07:12"))
            .findFirst()
            .orElseThrow();
    assertThat(fanOut.path("severity").asText()).isEqualTo("CRITICAL");
    assertThat(fanOut.path("escalation").path("escalate").asBoolean()).isTrue();
    assertThat(detectors(fanOut)).contains("RW-FAILED-THEN-SUCCEEDED", "RW-SUSPICIOUS-CONTENT");

    JsonNode patching =
        findings.stream()
            .filter(f -> f.path("command").path("time").asText().startsWith("2026-11-18T02:00:07"))
            .findFirst()
            .orElse(null);
    if (patching != null) {
      assertThat(patching.path("severity").asText()).isEqualTo("INFORMATIONAL");
    }
    assertThat(findings)
        .filteredOn(f -> f.path("command").path("time").asText().startsWith("2026-11-18T04:00:12"))
        .as("the GCP patch job inside its window")
        .allSatisfy(f -> assertThat(f.path("severity").asText()).isIn("INFORMATIONAL", "LOW"));
    assertThat(findings).filteredOn(f -> detectors(f).contains("RW-ORPHAN-EXECUTION")).hasSize(2);
    assertThat(findings).extracting(f -> f.path("id").asText()).doesNotHaveDuplicates();
  }

  @Test
  void theSameInputGivesTheSameFindingIds() throws IOException {
    assertThat(findings())
        .extracting(f -> f.path("id").asText())
        .containsExactlyElementsOf(findings().stream().map(f -> f.path("id").asText()).toList());
  }

  @Test
  void ocsfLinesAreDetectionFindingsOfT1651() throws IOException {
    HuntCommandTest.Run r =
        HuntCommandTest.run(
            "hunt", "--format", "ocsf", "--policy", POLICY, "--learn-until", "2026-11-18", DEMO);
    assertThat(r.exit()).as(r.err()).isZero();
    List<JsonNode> lines = r.lines();
    assertThat(lines).isNotEmpty();
    assertThat(lines)
        .allSatisfy(
            l -> {
              assertThat(l.path("class_uid").asInt()).isEqualTo(2004);
              assertThat(l.path("finding_info").path("uid").asText()).startsWith("rw-");
              assertThat(
                      l.path("finding_info")
                          .path("attacks")
                          .get(0)
                          .path("technique")
                          .path("uid")
                          .asText())
                  .isEqualTo("T1651");
            });
  }

  @Test
  void theHtmlReportIsWrittenSelfContained(@TempDir Path dir) throws IOException {
    Path report = dir.resolve("report.html");
    HuntCommandTest.Run r =
        HuntCommandTest.run(
            "hunt",
            "--policy",
            POLICY,
            "--learn-until",
            "2026-11-18",
            "--report",
            report.toString(),
            DEMO);
    assertThat(r.exit()).as(r.err()).isZero();
    String html = Files.readString(report);
    assertThat(html).contains("build-bot").contains("T1651");
    assertThat(html).doesNotContainPattern("(src|href)=\"https?://");
  }

  @Test
  void learnThenHuntJudgesAgainstTheStoredBaselines(@TempDir Path state) throws IOException {
    HuntCommandTest.Run learn = HuntCommandTest.run("learn", "--state", state.toString(), DEMO);
    assertThat(learn.exit()).as(learn.err()).isZero();
    assertThat(learn.out()).contains("AWS|111122223333: learned");
    HuntCommandTest.Run again = HuntCommandTest.run("learn", "--state", state.toString(), DEMO);
    assertThat(again.out()).contains("learned 0 commands");

    HuntCommandTest.Run hunt =
        HuntCommandTest.run("hunt", "--format", "json", "--state", state.toString(), DEMO);
    assertThat(hunt.exit()).as(hunt.err()).isZero();
    // Everyone is known now: nothing is "first seen".
    assertThat(hunt.ofType("finding"))
        .noneMatch(f -> detectors(f).contains("RW-FIRST-SEEN-INITIATOR"));
  }

  @Test
  void aBadPolicyIsAUsageErrorNamingTheLine(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("policy.yaml");
    Files.writeString(bad, "version: 1\nthresholds:\n  fanOut: lots\n");
    HuntCommandTest.Run r = HuntCommandTest.run("hunt", "--policy", bad.toString(), DEMO);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("line 3").contains("fanOut");
  }
}
