package io.runwatch.core.triage;

import static io.runwatch.core.triage.TriageFixtures.aws;
import static io.runwatch.core.triage.TriageFixtures.azure;
import static io.runwatch.core.triage.TriageFixtures.gcp;
import static io.runwatch.core.triage.TriageFixtures.iamUser;
import static io.runwatch.core.triage.TriageFixtures.vms;
import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.Principal;
import io.runwatch.core.model.PrincipalKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingTextTest {
  private final Principal bob =
      new Principal("bob@contoso.com", "Bob", PrincipalKind.HUMAN, null, null);

  @Test
  void actionsAreShortNames() {
    assertThat(FindingText.action(aws(iamUser("alice", null)).build())).isEqualTo("SendCommand");
    assertThat(FindingText.action(azure(bob).build())).isEqualTo("RunCommandAction");
    assertThat(FindingText.action(gcp(bob).build())).isEqualTo("CreateOSPolicyAssignment");
    assertThat(FindingText.action(aws(iamUser("alice", null)).eventName(null).build()))
        .isEqualTo("SendCommand");
  }

  @Test
  void whereNamesOneVmOnceAndCountsMany() {
    assertThat(FindingText.where(azure(bob).build())).isEqualTo("vm-pay-01");
    assertThat(FindingText.where(gcp(bob).build())).isEqualTo("4417283747219583201 (web-1)");
    assertThat(FindingText.where(aws(bob).targets(vms(3)).build())).isEqualTo("3 VMs");
    assertThat(
            FindingText.where(aws(bob).targets(List.of()).targetSelector("tag:Env=prod").build()))
        .isEqualTo("selector tag:Env=prod");
    assertThat(
            FindingText.where(
                aws(bob).targets(List.of()).targetSelector("tag:Env=prod").targetCount(40).build()))
        .isEqualTo("40 VMs (tag:Env=prod)");
  }

  @Test
  void titleListsTheDetectorLabels() {
    Finding f =
        new Triage()
            .triage(
                TriageFixtures.context(aws(iamUser("alice", null)).targets(vms(12)).build()),
                List.of(
                    TriageFixtures.hit("RW-FAN-OUT", Severity.MEDIUM, 40),
                    TriageFixtures.hit("RW-SOMETHING-NEW", Severity.LOW, 10)))
            .orElseThrow();
    assertThat(FindingText.title(f))
        .isEqualTo("SendCommand by alice on 12 VMs: fan-out, RW-SOMETHING-NEW");
    assertThat(FindingText.description(f))
        .isEqualTo(
            "SendCommand by alice on 12 VMs: fan-out, RW-SOMETHING-NEW. RW-FAN-OUT fired on the test"
                + " command. RW-SOMETHING-NEW fired on the test command.");
  }
}
