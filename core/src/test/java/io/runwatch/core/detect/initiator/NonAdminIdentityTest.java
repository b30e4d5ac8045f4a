package io.runwatch.core.detect.initiator;

import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import org.junit.jupiter.api.Test;

class NonAdminIdentityTest {
  private final NonAdminIdentity detector = new NonAdminIdentity();

  private static Scenario fixture(String name) {
    return Scenario.fixture(NonAdminIdentity.ID, name);
  }

  @Test
  void scoresByKindAndLessForAnAttempt() {
    assertThat(fixture("instance-role-pivot-aws").hit(detector).score()).isEqualTo(90);
    assertThat(fixture("managed-identity-undeclared-azure").hit(detector).score()).isEqualTo(70);
    assertThat(fixture("ci-role-undeclared-denied-aws").hit(detector).score())
        .as("role session 60, denied -20")
        .isEqualTo(40);
  }

  @Test
  void aDeclaredAdminVmIdentityStillFiresAndSaysWhy() {
    DetectorHit hit = fixture("instance-identity-declared-admin-azure").hit(detector);

    assertThat(hit.facts()).containsEntry("declaredAdmin", "true");
    assertThat(hit.reason()).contains("pivot").contains("declared admin");
  }

  @Test
  void aVmIdentityOutsideItsAutomationScopeNamesTheAutomation() {
    DetectorHit hit = fixture("instance-identity-automation-out-of-scope-gcp").hit(detector);

    assertThat(hit.facts()).containsEntry("automation", "web-os-policies");
    assertThat(hit.reason()).contains("web-os-policies does not cover this command");
  }

  @Test
  void aSeverityOverrideCannotTakeAVmIdentityBelowHigh() {
    Scenario vm = fixture("instance-role-pivot-aws");
    vm.policy(Policies.overriding(vm.fixturePolicy(), NonAdminIdentity.ID, Severity.LOW));
    Scenario sa = fixture("managed-identity-undeclared-azure");
    sa.policy(Policies.overriding(sa.fixturePolicy(), NonAdminIdentity.ID, Severity.LOW));
    Scenario vmUp = fixture("instance-role-pivot-aws");
    vmUp.policy(Policies.overriding(vmUp.fixturePolicy(), NonAdminIdentity.ID, Severity.CRITICAL));

    assertThat(vm.hit(detector).severity()).isEqualTo(Severity.HIGH);
    assertThat(sa.hit(detector).severity()).isEqualTo(Severity.LOW);
    assertThat(vmUp.hit(detector).severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void declaredWorkloadsAreQuietUntilTheyAreSomeoneElse() {
    assertThat(fixture("ci-role-approved-automation-aws").judge(detector)).isEmpty();
    assertThat(fixture("service-account-declared-admin-gcp").judge(detector)).isEmpty();

    var otherRole =
        fixture("ci-role-approved-automation-aws")
            .edit(
                f ->
                    f.withObjectProperty("command")
                        .withObjectProperty("principal")
                        .put("id", "arn:aws:sts::111122223333:assumed-role/LegacyDeploy/gha-1"))
            .judge(detector);
    var otherSa =
        fixture("service-account-declared-admin-gcp")
            .edit(
                f ->
                    f.withObjectProperty("command")
                        .withObjectProperty("principal")
                        .put("id", "etl@acme-prod.iam.gserviceaccount.com"))
            .judge(detector);
    assertThat(otherRole).isPresent();
    assertThat(otherSa).isPresent();
  }

  @Test
  void aWorkloadDeclaredAsAutomationIsQuietEvenOutsideItsDocuments() {
    var outside =
        fixture("ci-role-approved-automation-aws")
            .edit(f -> f.withObjectProperty("command").put("document", "AWS-RunShellScript"))
            .judge(detector);
    assertThat(outside).as("scope is judged by other detectors").isEmpty();
  }

  @Test
  void aVmIdentityInItsAutomationScopeIsQuietButNotOutsideIt() {
    assertThat(fixture("instance-identity-approved-automation-in-scope-gcp").judge(detector))
        .isEmpty();

    var otherSelector =
        fixture("instance-identity-approved-automation-in-scope-gcp")
            .edit(f -> f.withObjectProperty("command").put("targetSelector", "include=(tier=db)"))
            .judge(detector);
    assertThat(otherSelector).isPresent();
  }

  @Test
  void peopleServicesAndUnknownKindsNeverFire() {
    assertThat(fixture("human-azure").judge(detector)).isEmpty();
    assertThat(fixture("cloud-service-aws").judge(detector)).isEmpty();
    for (String kind : new String[] {"UNKNOWN", "HUMAN", "CLOUD_SERVICE"}) {
      var asKind =
          fixture("instance-role-pivot-aws")
              .edit(
                  f ->
                      f.withObjectProperty("command")
                          .withObjectProperty("principal")
                          .put("kind", kind))
              .judge(detector);
      assertThat(asKind).as(kind).isEmpty();
    }
    var asRole =
        fixture("human-azure")
            .edit(
                f ->
                    f.withObjectProperty("command")
                        .withObjectProperty("principal")
                        .put("kind", "ROLE_SESSION"))
            .judge(detector);
    assertThat(asRole).isPresent();
  }
}
