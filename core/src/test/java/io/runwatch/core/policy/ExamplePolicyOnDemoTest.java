package io.runwatch.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.hunt.Hunt;
import io.runwatch.core.hunt.HuntSources;
import io.runwatch.core.ingest.Ingestor;
import io.runwatch.core.model.AdminCommand;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example policy read against the demo's 24 admin commands (infra/demo/README.md): the patch
 * runs are approved automation inside their windows, the intrusion is not.
 */
class ExamplePolicyOnDemoTest {
  static Policy policy;
  static List<AdminCommand> commands;

  @BeforeAll
  static void read() {
    policy = PolicyLoader.load(PolicyLoaderTest.EXAMPLE);
    List<Path> files = HuntSources.expand(List.of(Path.of("..", "infra", "demo")));
    commands = new Hunt(new Ingestor(), 1).run(files, e -> {}).commands();
    assertThat(commands).hasSize(24);
  }

  static AdminCommand at(String time) {
    Instant t = Instant.parse(time);
    return commands.stream()
        .filter(c -> c.time().getEpochSecond() == t.getEpochSecond())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no demo command at " + time));
  }

  static boolean approvedInWindow(AdminCommand c) {
    return policy.automationOf(c).stream()
        .anyMatch(
            a ->
                a.allows(c)
                    && (a.windows().isEmpty()
                        || policy.windows().stream()
                            .anyMatch(w -> a.windows().contains(w.name()) && w.covers(c))));
  }

  @Test
  void theWednesdayPatchRunsAreApprovedAndInsideTheirWindows() {
    AdminCommand awsPatch = at("2026-11-18T02:00:07Z");
    assertThat(policy.automationOf(awsPatch))
        .extracting(ApprovedAutomation::name)
        .containsExactly("aws-patching");
    assertThat(approvedInWindow(awsPatch)).isTrue();
    AdminCommand gcpPatch = at("2026-11-18T04:00:12Z");
    assertThat(policy.automationOf(gcpPatch))
        .extracting(ApprovedAutomation::name)
        .containsExactly("gcp-patching");
    assertThat(approvedInWindow(gcpPatch)).isTrue();
  }

  @Test
  void theImpersonatedPatchJobIsPatchRunnerOutsideItsScopeAndWindow() {
    AdminCommand hijacked = at("2026-11-19T02:13:09Z");
    ApprovedAutomation gcp = policy.automationOf(hijacked).getFirst();
    assertThat(gcp.name()).isEqualTo("gcp-patching");
    assertThat(gcp.allows(hijacked)).as("job 'hotfix' on all instances").isFalse();
    assertThat(policy.windowsFor(hijacked)).as("targets all, not the web label").isEmpty();
    assertThat(approvedInWindow(hijacked)).isFalse();
  }

  @Test
  void theStagedDocumentRunsInsideTheAwsWindowButIsNoApprovedAutomation() {
    // build-bot's 03:13 SendCommand targets tag:PatchGroup=web during the patch window.
    AdminCommand staged = at("2026-11-18T03:13:55Z");
    assertThat(policy.windowsFor(staged))
        .extracting(MaintenanceWindow::name)
        .containsExactly("aws-patch-wednesday");
    assertThat(policy.windowsFor(staged).getFirst().covers(staged)).isTrue();
    assertThat(policy.automationOf(staged)).isEmpty();
    assertThat(policy.isAdmin(staged)).isFalse();
  }

  @Test
  void adminsAndProtectedPrincipals() {
    assertThat(policy.isAdmin(at("2026-11-17T14:31:05Z"))).as("alice's session").isTrue();
    assertThat(policy.isAdmin(at("2026-11-17T10:15:03Z"))).as("carol's run command").isTrue();
    assertThat(policy.isProtected(at("2026-11-20T16:02:18Z"))).as("carol, IR lead").isTrue();
    assertThat(policy.isAdmin(at("2026-11-18T03:07:12Z"))).as("build-bot").isFalse();
    assertThat(policy.isAdmin(at("2026-11-19T01:19:05Z"))).as("erin").isFalse();
    assertThat(policy.isProtected(at("2026-11-19T02:20:31Z"))).as("frank").isFalse();
  }

  @Test
  void ciAutomationIsApprovedAtAnyTime() {
    assertThat(approvedInWindow(at("2026-11-17T14:34:22Z"))).as("GitHub Actions").isTrue();
    assertThat(approvedInWindow(at("2026-11-17T16:05:12Z"))).as("Terraform").isTrue();
  }

  @Test
  void noOtherDemoCommandIsApprovedAutomation() {
    assertThat(commands.stream().filter(ExamplePolicyOnDemoTest::approvedInWindow))
        .extracting(c -> c.time().toString().substring(0, 19))
        .containsExactly(
            "2026-11-17T14:34:22",
            "2026-11-17T16:05:12",
            "2026-11-18T02:00:07",
            "2026-11-18T04:00:12");
  }
}
