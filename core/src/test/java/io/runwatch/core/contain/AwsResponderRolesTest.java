package io.runwatch.core.contain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AwsResponderRolesTest {
  private final AwsResponderRoles roles =
      AwsResponderRoles.of(
          List.of(
              "arn:aws:iam::111122223333:role/security/IncidentResponder",
              " arn:aws:iam::444455556666:role/OnCall "));

  @ParameterizedTest(name = "{0} changes={1} -> {2}")
  @CsvSource({
    "arn:aws:sts::111122223333:assumed-role/IncidentResponder/alice, true, true",
    "arn:aws:sts::111122223333:assumed-role/IncidentResponder/alice, false, true",
    "arn:aws:sts::444455556666:assumed-role/OnCall/bob@example.com, true, true",
    "arn:aws:sts::444455556666:assumed-role/IncidentResponder/alice, true, false",
    "arn:aws:sts::111122223333:assumed-role/OnCall/bob, true, false",
    "arn:aws:sts::111122223333:assumed-role/IncidentResponderX/alice, true, false",
    "arn:aws:sts::111122223333:assumed-role/incidentresponder/alice, true, false",
    "arn:aws-us-gov:sts::111122223333:assumed-role/IncidentResponder/alice, true, false",
    "arn:aws:sts::111122223333:assumed-role/Developer/alice, false, false",
    "arn:aws:iam::111122223333:user/IncidentResponder, true, false",
    "arn:aws:iam::111122223333:role/security/IncidentResponder, true, false",
    "arn:aws:iam::111122223333:root, true, false",
    "arn:aws:sts::111122223333:federated-user/IncidentResponder, true, false",
  })
  void verifiedCallers(String arn, boolean changes, boolean allowed) {
    assertThat(roles.authorize(Caller.verified(arn, "function-url"), changes).allowed())
        .isEqualTo(allowed);
  }

  @Test
  void unverifiedCallersMayOnlyDryRun() {
    Caller invoke = Caller.unverified("lambda-invoke", "lambda-invoke");
    assertThat(roles.authorize(invoke, false).allowed()).isTrue();
    CallerAuthorization.Verdict v = roles.authorize(invoke, true);
    assertThat(v.allowed()).isFalse();
    assertThat(v.reason()).contains("only dry-run");
    Caller spoofed =
        Caller.unverified(
            "arn:aws:sts::111122223333:assumed-role/IncidentResponder/x", "lambda-invoke");
    assertThat(roles.authorize(spoofed, true).allowed())
        .as("a claimed ARN is not a verified one")
        .isFalse();
  }

  @Test
  void recognisesResponderPrincipalsAsTargets() {
    assertThat(roles.isResponder("arn:aws:iam::111122223333:role/security/IncidentResponder"))
        .isTrue();
    assertThat(roles.isResponder("arn:aws:iam::111122223333:role/IncidentResponder")).isTrue();
    assertThat(roles.isResponder("arn:aws:sts::444455556666:assumed-role/OnCall/s")).isTrue();
    assertThat(roles.isResponder("arn:aws:iam::111122223333:role/Other")).isFalse();
    assertThat(roles.isResponder("i-0123")).isFalse();
    assertThat(roles.isResponder(null)).isFalse();
  }

  @Test
  void configurationErrorsNameTheEntry() {
    assertThatThrownBy(
            () ->
                AwsResponderRoles.of(
                    List.of(
                        "arn:aws:iam::111122223333:role/A", "arn:aws:iam::111122223333:user/B")))
        .hasMessageContaining("responder role #2")
        .hasMessageContaining("user/B");
    assertThatThrownBy(() -> AwsResponderRoles.of(List.of()))
        .hasMessageContaining("no responder role");
  }
}
