package io.runwatch.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.detect.Detector;
import io.runwatch.core.detect.Detectors;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.evaluation.ScenarioGenerator.AttackStep;
import io.runwatch.core.evaluation.ScenarioGenerator.Scenario;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.policy.PolicyLoader;
import io.runwatch.core.triage.Finding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The evaluation suite: a month of benign admin activity in AWS, Azure and GCP with labelled attack
 * steps in the last ten days, run through the real {@code DetectionPipeline} (days 1 to 14 only
 * teach the baselines). Prints and writes ({@code target/evaluation.md}) precision and recall per
 * detector. See {@code src/test/resources/evaluation/README.md}.
 */
class DetectionEvaluationTest {
  static final long SEED = 20261001L;

  static String policyYaml;
  static Scenario scenario;
  static Evaluation evaluation;

  @BeforeAll
  static void run() throws IOException {
    policyYaml = resource("/evaluation/policy.yaml");
    scenario = ScenarioGenerator.generate(SEED);
    evaluation = new Evaluation(scenario, policy(policyYaml), Detectors.all());
    String report = evaluation.markdown();
    System.out.println(report);
    Path out = Path.of("target", "evaluation.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report, StandardCharsets.UTF_8);
  }

  @Test
  void theScenarioIsDeterministicAndCoversEveryCloud() {
    Scenario again = ScenarioGenerator.generate(SEED);
    assertThat(again.commands()).isEqualTo(scenario.commands());
    assertThat(scenario.attacks())
        .extracting(a -> a.command() == null ? "orphan" : a.command().cloud().name())
        .contains("AWS", "AZURE", "GCP", "orphan");
    assertThat(scenario.attacks())
        .allSatisfy(
            a ->
                assertThat(
                        a.command() == null
                            ? a.orphan().evidence().get(0).execution().time()
                            : a.command().time())
                    .isAfter(
                        ScenarioGenerator.LAST_DAY
                            .minusDays(10)
                            .atStartOfDay(java.time.ZoneOffset.UTC)
                            .toInstant()));
    // A month of benign activity: several commands a day across the three clouds.
    assertThat(scenario.benign()).hasSizeGreaterThan(150);
  }

  @Test
  void everyAttackStepGetsAFindingOfAtLeastMedium() {
    for (AttackStep step : scenario.attacks()) {
      assertThat(evaluation.findingOf(step))
          .as(step.id())
          .hasValueSatisfying(f -> assertThat(f.severity().atLeast(Severity.MEDIUM)).isTrue());
    }
  }

  @Test
  void everyLabelledDetectorFiresOnItsStep() {
    for (AttackStep step : scenario.attacks()) {
      assertThat(Evaluation.fired(evaluation.findingOf(step)))
          .as("detectors on %s", step.id())
          .containsAll(step.expected());
    }
    evaluation.rows.values().stream()
        .filter(r -> r.tp() + r.fn() > 0)
        .forEach(r -> assertThat(r.fn()).as("FN of %s", r.detector()).isZero());
  }

  @Test
  void approvedAutomationRaisesNothingAboveLow() {
    List<AdminCommand> automation =
        scenario.benign().stream().filter(evaluation::byAutomation).toList();
    assertThat(automation)
        .extracting(c -> c.principal().displayName())
        .contains(
            ScenarioGenerator.PATCH_ROLE.displayName(),
            ScenarioGenerator.PATCH_RUNNER.displayName(),
            ScenarioGenerator.AZ_RUNBOOKS.displayName(),
            ScenarioGenerator.CI_ROLE.displayName());
    for (AdminCommand c : automation) {
      evaluation
          .findingOf(c)
          .ifPresent(
              f ->
                  assertThat(f.severity().atLeast(Severity.MEDIUM))
                      .as(Evaluation.describe(f))
                      .isFalse());
    }
  }

  /**
   * Benign findings above MEDIUM stay within {@link Evaluation#MAX_BENIGN_ABOVE_MEDIUM} for the
   * month. With this seed there are none: the humans work from their usual networks on their usual
   * VMs, denials are never followed by a success within the hour, and automation stays in scope.
   */
  @Test
  void benignFindingsAboveMediumStayWithinTheBound() {
    List<Finding> high =
        evaluation.benignFindings.stream()
            .filter(f -> f.severity().atLeast(Severity.HIGH))
            .toList();
    assertThat(high)
        .as(high.stream().map(Evaluation::describe).collect(Collectors.joining("\n")))
        .hasSizeLessThanOrEqualTo(Evaluation.MAX_BENIGN_ABOVE_MEDIUM);
  }

  /** All of the above, as the report's "Problems" section lists them. */
  @Test
  void theReportListsNoProblems() {
    assertThat(evaluation.problems).isEmpty();
  }

  // --- the suite can fail ----------------------------------------------------------------------

  /** Without its approved automation, the policy no longer keeps the patch runs quiet. */
  @Test
  void aPolicyWithoutApprovedAutomationTurnsTheSuiteRed() {
    String broken =
        policyYaml.substring(0, policyYaml.indexOf("approvedAutomation:"))
            + policyYaml.substring(policyYaml.indexOf("maintenanceWindows:"));
    Evaluation e = new Evaluation(scenario, policy(broken), Detectors.all());
    assertThat(e.problems).isNotEmpty();
  }

  /** A detector that never fires costs recall on its labelled steps. */
  @Test
  void aBrokenDetectorTurnsTheSuiteRed() {
    List<Detector> withoutFanOut =
        Detectors.all().stream().filter(d -> !d.id().equals("RW-FAN-OUT")).toList();
    Evaluation e = new Evaluation(scenario, policy(policyYaml), withoutFanOut);
    assertThat(e.problems).anyMatch(p -> p.contains("RW-FAN-OUT"));
    assertThat(e.rows.get("RW-FAN-OUT").fn()).isEqualTo(1);
  }

  private static Policy policy(String yaml) {
    return PolicyLoader.parse(
        yaml,
        "evaluation/policy.yaml",
        Detectors.all().stream().map(Detector::id).collect(Collectors.toSet()));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = DetectionEvaluationTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
