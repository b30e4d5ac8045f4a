package io.runwatch.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Operation;
import io.runwatch.core.policy.PolicyException.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyLoaderTest {
  static final Path EXAMPLE = Path.of("..", "infra", "policy", "example-policy.yaml");
  static final Path RESOURCES = Path.of("src", "test", "resources", "policy");

  @Test
  void loadsTheExamplePolicy() {
    Policy p = PolicyLoader.load(EXAMPLE);

    assertThat(p.baselineHistory()).isEqualTo(Duration.ofDays(30));
    assertThat(p.admins())
        .containsExactly(
            new PrincipalMatcher(
                Cloud.AWS,
                "111122223333",
                "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdministratorAccess_*/*"),
            new PrincipalMatcher(
                Cloud.AZURE, "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "carol@example.com"));
    assertThat(p.protectedPrincipals())
        .containsExactly(
            new PrincipalMatcher(null, null, "carol@example.com"),
            new PrincipalMatcher(Cloud.GCP, "example-prod", "gina@example.com"));

    assertThat(p.automation())
        .extracting(ApprovedAutomation::name)
        .containsExactly(
            "aws-patching", "gcp-patching", "github-actions-agents", "terraform-os-policies");
    ApprovedAutomation aws = p.automation().getFirst();
    assertThat(aws.principal())
        .isEqualTo(
            new PrincipalMatcher(
                Cloud.AWS,
                "111122223333",
                "arn:aws:sts::111122223333:assumed-role/PatchAutomation/*"));
    assertThat(aws.operations()).containsExactly(Operation.SEND_COMMAND);
    assertThat(aws.documents()).containsExactly("AWS-RunPatchBaseline");
    assertThat(aws.targets()).containsExactly("tag:PatchGroup=*");
    assertThat(aws.windows()).containsExactly("aws-patch-wednesday");
    ApprovedAutomation terraform = p.automation().get(3);
    assertThat(terraform.documents()).isEmpty();
    assertThat(terraform.targets()).isEmpty();
    assertThat(terraform.windows()).as("no windows: any time").isEmpty();

    assertThat(p.windows()).hasSize(2);
    MaintenanceWindow awsWindow = p.windows().get(0);
    assertThat(awsWindow.name()).isEqualTo("aws-patch-wednesday");
    assertThat(awsWindow.schedule()).isInstanceOf(CronSchedule.class);
    assertThat(awsWindow.schedule().text()).isEqualTo("cron(0 2 ? * WED *)");
    assertThat(awsWindow.duration()).isEqualTo(Duration.ofHours(2));
    assertThat(awsWindow.zone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(awsWindow.accounts()).containsExactly("111122223333");
    assertThat(awsWindow.targets()).containsExactly("tag:PatchGroup=web");
    MaintenanceWindow gcpWindow = p.windows().get(1);
    assertThat(gcpWindow.schedule()).isInstanceOf(RRuleSchedule.class);
    assertThat(gcpWindow.accounts()).containsExactly("example-prod");

    // Wednesday 2026-11-18, the demo's patch night.
    assertThat(awsWindow.openAt(Instant.parse("2026-11-18T02:00:07Z"))).isTrue();
    assertThat(awsWindow.openAt(Instant.parse("2026-11-18T03:59:59Z"))).isTrue();
    assertThat(awsWindow.openAt(Instant.parse("2026-11-18T04:00:00Z"))).isFalse();
    assertThat(gcpWindow.openAt(Instant.parse("2026-11-18T04:00:12Z"))).isTrue();
    assertThat(gcpWindow.openAt(Instant.parse("2026-11-19T02:13:09Z"))).isFalse();

    assertThat(p.thresholds()).isEqualTo(Thresholds.DEFAULTS);
    assertThat(p.severityOverrides()).containsExactly(Map.entry("RW-FAN-OUT", Severity.HIGH));
  }

  @Test
  void theDocumentedExampleInPolicyMdIsTheExampleFile() throws IOException {
    String doc = Files.readString(Path.of("POLICY.md"));
    String example = Files.readString(EXAMPLE);
    assertThat(doc).contains("```yaml\n" + example + "```");
  }

  @Test
  void noPolicyAnEmptyFileOrOnlyCommentsGiveTheDefaults() {
    assertThat(PolicyLoader.load(null)).isEqualTo(Policy.defaults());
    assertThat(PolicyLoader.load(RESOURCES.resolve("empty.yaml"))).isEqualTo(Policy.defaults());
    assertThat(PolicyLoader.load(RESOURCES.resolve("comments-only.yaml")))
        .isEqualTo(Policy.defaults());
    assertThat(PolicyLoader.parse("", "inline")).isEqualTo(Policy.defaults());
    assertThat(PolicyLoader.parse("---\n", "inline")).isEqualTo(Policy.defaults());
    assertThat(PolicyLoader.parse("~\n", "inline")).isEqualTo(Policy.defaults());
    assertThat(PolicyLoader.parse(null, "inline")).isEqualTo(Policy.defaults());
  }

  @Test
  void aVersionAloneGivesTheDefaults() {
    assertThat(PolicyLoader.load(RESOURCES.resolve("minimal.yaml"))).isEqualTo(Policy.defaults());
  }

  @Test
  void emptyListsAndMappingsAreAllowed() {
    Policy p =
        PolicyLoader.parse(
            """
            version: 1
            admins: []
            approvedAutomation:
            maintenanceWindows: []
            protectedPrincipals: ~
            thresholds: {}
            severityOverrides: {}
            """,
            "p.yaml");
    assertThat(p).isEqualTo(Policy.defaults());
  }

  @Test
  void aMissingFileIsAnErrorNotTheDefaults() {
    Path missing = RESOURCES.resolve("no-such-policy.yaml");
    PolicyException e =
        catchThrowableOfType(PolicyException.class, () -> PolicyLoader.load(missing));
    assertThat(e.getMessage()).isEqualTo(missing + ": no such file");
    assertThat(e.line()).isZero();
  }

  @Test
  void aFileThatIsNotUtf8IsAnError(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("latin1.yaml");
    Files.write(f, new byte[] {'v', ':', ' ', (byte) 0xE9, '\n'});
    PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.load(f));
    assertThat(e.getMessage()).isEqualTo(f + ": not UTF-8 text");
  }

  @Test
  void reportsEveryProblemAtOnceInDocumentOrder() {
    Path file = RESOURCES.resolve("many-problems.yaml");
    PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.load(file));
    String f = file.toString();
    assertThat(e.problems())
        .containsExactly(
            new Problem(f, 3, 14, "admins[0].pattern", "is empty"),
            new Problem(
                f,
                7,
                32,
                "approvedAutomation[0].operations[1]",
                "PATCH_JOB is an GCP operation but the principal is limited to AWS: it could never"
                    + " match"),
            new Problem(
                f,
                8,
                15,
                "approvedAutomation[0].windows[0]",
                "no maintenance window named \"patch-wednesday\" (did you mean"
                    + " \"patch-wednseday\"?) (declared: patch-wednseday)"),
            new Problem(
                f,
                12,
                15,
                "maintenanceWindows[0].duration",
                "\"2 hours\" is not an ISO-8601 duration (e.g. PT2H)"),
            new Problem(
                f,
                14,
                3,
                "thresholds.fanout",
                "unknown key (did you mean \"fanOut\"?); allowed here: fanOut, spikeFactor,"
                    + " spikeMinimum, failedAttempts, failedThenSuccessWindow, stagingWindow,"
                    + " identityChangeWindow"));
    assertThat(e.getMessage().lines())
        .hasSize(5)
        .first()
        .isEqualTo(f + " line 3, column 14: admins[0].pattern: is empty");
    assertThat(e.source()).isEqualTo(f);
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.column()).isEqualTo(14);
    assertThat(e.field()).isEqualTo("admins[0].pattern");
  }

  @Test
  void theMessageNamesSourceLineColumnAndField() {
    PolicyException e =
        catchThrowableOfType(
            PolicyException.class,
            () ->
                PolicyLoader.parse(
                    """
                    version: 1
                    maintenanceWindows:
                      - name: aws-patch-wednesday
                        schedule: "cron(0 2 ? * WED *)"
                        duration: PT2H
                      - name: gcp-patch-wednesday
                        schedule: "0 4 * * 3"
                        duration: 2 hours
                    """,
                    "policy.yaml"));
    assertThat(e)
        .hasMessage(
            "policy.yaml line 8, column 15: maintenanceWindows[1].duration: \"2 hours\" is not an"
                + " ISO-8601 duration (e.g. PT2H)");
  }

  @Test
  void readsRRuleAndCronWindowsInTheirZones() {
    Policy p = PolicyLoader.load(RESOURCES.resolve("rrule-windows.yaml"));
    assertThat(p.windows())
        .extracting(MaintenanceWindow::name, MaintenanceWindow::zone)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("berlin-fortnightly", ZoneId.of("Europe/Berlin")),
            org.assertj.core.groups.Tuple.tuple(
                "nyc-first-wednesday", ZoneId.of("America/New_York")),
            org.assertj.core.groups.Tuple.tuple("tokyo-lunch", ZoneId.of("Asia/Tokyo")));
    MaintenanceWindow berlin = p.windows().get(0);
    // 2026-01-07 is a Wednesday; every other one from it, at 03:00 CET (02:00Z).
    assertThat(berlin.openAt(Instant.parse("2026-01-07T02:00:00Z"))).isTrue();
    assertThat(berlin.openAt(Instant.parse("2026-01-14T02:00:00Z"))).isFalse();
    assertThat(berlin.openAt(Instant.parse("2026-01-21T04:59:00Z"))).isTrue();
    assertThat(berlin.openAt(Instant.parse("2025-12-24T02:00:00Z"))).as("before DTSTART").isFalse();
    MaintenanceWindow nyc = p.windows().get(1);
    // First Wednesday of December 2026 is the 2nd; 22:00 EST is 03:00Z on the 3rd.
    assertThat(nyc.openAt(Instant.parse("2026-12-03T03:00:00Z"))).isTrue();
    assertThat(nyc.openAt(Instant.parse("2026-12-03T08:59:00Z"))).isTrue();
    assertThat(nyc.openAt(Instant.parse("2026-12-03T09:00:00Z"))).isFalse();
    assertThat(nyc.openAt(Instant.parse("2026-12-10T03:00:00Z"))).isFalse();
    MaintenanceWindow tokyo = p.windows().get(2);
    assertThat(tokyo.openAt(Instant.parse("2026-11-20T03:30:00Z"))).as("Fri 12:30 JST").isTrue();
    assertThat(tokyo.openAt(Instant.parse("2026-11-21T03:30:00Z"))).as("Sat").isFalse();
  }

  @Test
  void theTimeZoneDefaultsToUtc() {
    Policy p =
        PolicyLoader.parse(
            """
            version: 1
            maintenanceWindows:
              - name: w
                schedule: "0 2 * * *"
                duration: PT1H
            """,
            "p.yaml");
    assertThat(p.windows().getFirst().zone()).isEqualTo(ZoneId.of("UTC"));
  }

  @Test
  void aTimeZoneMayRepeatTheDtstartZone() {
    Policy p =
        PolicyLoader.parse(
            """
            version: 1
            maintenanceWindows:
              - name: w
                schedule: "DTSTART;TZID=Europe/Berlin:20260107T030000 RRULE:FREQ=WEEKLY"
                duration: PT1H
                timeZone: Europe/Berlin
            """,
            "p.yaml");
    assertThat(p.windows().getFirst().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
  }

  @Test
  void readsThresholdsPartlyAndKeepsDefaultsForTheRest() {
    Policy p =
        PolicyLoader.parse(
            """
            version: 1
            baselineHistory: P14D
            thresholds:
              fanOut: 25
              spikeFactor: 4
              stagingWindow: PT48H
            """,
            "p.yaml");
    assertThat(p.baselineHistory()).isEqualTo(Duration.ofDays(14));
    assertThat(p.thresholds())
        .isEqualTo(
            new Thresholds(
                25,
                4.0,
                Thresholds.DEFAULTS.spikeMinimum(),
                Thresholds.DEFAULTS.failedAttempts(),
                Thresholds.DEFAULTS.failedThenSuccessWindow(),
                Duration.ofHours(48),
                Thresholds.DEFAULTS.identityChangeWindow()));
  }

  @Test
  void acceptsValuesAsYamlResolvesThem() {
    Policy p =
        PolicyLoader.parse(
            """
            version: 1
            admins:
              - { pattern: alice, cloud: aws, account: 012345678901 }
              - { pattern: bob, cloud: AWS, account: 111122223333 }
            approvedAutomation:
              - name: one-op
                principal: robot
                operations: send_command
                documents: AWS-RunShellScript
            severityOverrides: { RW-FAN-OUT: critical }
            """,
            "p.yaml");
    assertThat(p.admins())
        .containsExactly(
            new PrincipalMatcher(Cloud.AWS, "012345678901", "alice"),
            new PrincipalMatcher(Cloud.AWS, "111122223333", "bob"));
    assertThat(p.automation().getFirst().operations()).containsExactly(Operation.SEND_COMMAND);
    assertThat(p.automation().getFirst().documents()).containsExactly("AWS-RunShellScript");
    assertThat(p.severityOverrides()).containsEntry("RW-FAN-OUT", Severity.CRITICAL);
  }

  @Test
  void severityOverridesAreCheckedAgainstTheDetectorsWhenGiven() {
    String yaml =
        """
        version: 1
        severityOverrides:
          RW-FANOUT: HIGH
        """;
    assertThat(PolicyLoader.parse(yaml, "p.yaml", Set.of()).severityOverrides())
        .containsKey("RW-FANOUT");
    PolicyException e =
        catchThrowableOfType(
            PolicyException.class,
            () -> PolicyLoader.parse(yaml, "p.yaml", Set.of("RW-FAN-OUT", "RW-STAGED-DOCUMENT")));
    assertThat(e.problems())
        .containsExactly(
            new Problem(
                "p.yaml",
                3,
                3,
                "severityOverrides.RW-FANOUT",
                "no detector has this id (did you mean \"RW-FAN-OUT\"?) (detectors: RW-FAN-OUT,"
                    + " RW-STAGED-DOCUMENT)"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT1H", "P6DT23H59M", "PT1M"})
  void windowDurationsUpToSevenDaysAreAccepted(String duration) {
    Policy p =
        PolicyLoader.parse(
            "version: 1\nmaintenanceWindows:\n  - {name: w, schedule: '@daily', duration: "
                + duration
                + "}\n",
            "p.yaml");
    assertThat(p.windows().getFirst().duration()).isEqualTo(Duration.parse(duration));
  }

  @Test
  void loadedPoliciesAreEqualWhenTheirTextIs() {
    assertThat(PolicyLoader.load(EXAMPLE)).isEqualTo(PolicyLoader.load(EXAMPLE));
    assertThat(List.of(PolicyLoader.load(EXAMPLE).windows().getFirst().schedule()))
        .containsExactly(CronSchedule.parse("cron(0 2 ? * WED *)"));
  }
}
