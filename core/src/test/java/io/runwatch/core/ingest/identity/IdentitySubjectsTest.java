package io.runwatch.core.ingest.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.model.Principal;
import io.runwatch.core.model.PrincipalKind;
import org.junit.jupiter.api.Test;

class IdentitySubjectsTest {
  @Test
  void iamUserAndRoleArnsLoseTheirPath() {
    assertThat(IdentitySubjects.canonical("arn:aws:iam::111122223333:user/eng/ops/alice"))
        .isEqualTo("arn:aws:iam::111122223333:user/alice");
    assertThat(IdentitySubjects.canonical("arn:aws:iam::111122223333:role/service-role/deploy"))
        .isEqualTo("arn:aws:iam::111122223333:role/deploy");
    assertThat(IdentitySubjects.canonical("arn:aws:iam::111122223333:root"))
        .isEqualTo("arn:aws:iam::111122223333:root");
    assertThat(IdentitySubjects.canonical("alice@example.com")).isEqualTo("alice@example.com");
  }

  @Test
  void aRoleSessionAnswersToItsRoleWithOrWithoutAnIssuer() {
    Principal session =
        new Principal(
            "arn:aws:sts::111122223333:assumed-role/deploy/ci-42",
            null,
            PrincipalKind.ROLE_SESSION,
            "arn:aws:iam::111122223333:role/ops/deploy",
            "ASIAEXAMPLE");

    assertThat(IdentitySubjects.keysOf(session))
        .containsExactly(
            "arn:aws:sts::111122223333:assumed-role/deploy/ci-42",
            "arn:aws:iam::111122223333:role/deploy",
            "arn:aws:iam::111122223333:role/ops/deploy");
    Principal noIssuer = new Principal(session.id(), null, PrincipalKind.ROLE_SESSION, null, null);
    assertThat(IdentitySubjects.keysOf(noIssuer)).contains("arn:aws:iam::111122223333:role/deploy");
  }

  @Test
  void gcpImpersonatorsAreEachAKey() {
    Principal p =
        new Principal(
            "deployer@p.iam.gserviceaccount.com",
            null,
            PrincipalKind.SERVICE_ACCOUNT,
            "alice@example.com > relay@p.iam.gserviceaccount.com",
            null);

    assertThat(IdentitySubjects.keysOf(p))
        .containsExactly(
            "deployer@p.iam.gserviceaccount.com",
            "alice@example.com",
            "relay@p.iam.gserviceaccount.com");
  }

  @Test
  void theUnknownPrincipalHasNoKeys() {
    assertThat(IdentitySubjects.keysOf(Principal.UNKNOWN)).isEmpty();
  }

  @Test
  void sameIdentityMeansSameUserOrASessionOfTheSameRole() {
    Principal session =
        new Principal(
            "arn:aws:sts::111122223333:assumed-role/deploy/ci-42",
            null,
            PrincipalKind.ROLE_SESSION,
            "arn:aws:iam::111122223333:role/deploy",
            null);

    assertThat(
            IdentitySubjects.isSameIdentity(
                "arn:aws:sts::111122223333:assumed-role/deploy/other-run", session))
        .isTrue();
    assertThat(
            IdentitySubjects.isSameIdentity(
                "arn:aws:sts::111122223333:assumed-role/Admin/mallory", session))
        .isFalse();
    assertThat(IdentitySubjects.isSameIdentity(null, session)).isFalse();
    Principal user =
        new Principal(
            "arn:aws:iam::111122223333:user/ops/carol", null, PrincipalKind.HUMAN, null, null);
    assertThat(IdentitySubjects.isSameIdentity("ARN:AWS:IAM::111122223333:USER/CAROL", user))
        .isTrue();
  }

  @Test
  void gcpMembersLoseTheirTypePrefixOnlyForUsersAndServiceAccounts() {
    assertThat(IdentitySubjects.gcpMember("user:a@b.c")).isEqualTo("a@b.c");
    assertThat(IdentitySubjects.gcpMember("serviceAccount:s@p.iam.gserviceaccount.com"))
        .isEqualTo("s@p.iam.gserviceaccount.com");
    assertThat(IdentitySubjects.gcpMember("group:g@b.c")).isEqualTo("group:g@b.c");
  }
}
