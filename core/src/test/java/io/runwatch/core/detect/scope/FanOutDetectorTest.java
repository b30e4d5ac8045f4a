package io.runwatch.core.detect.scope;

import static io.runwatch.core.detect.scope.Contexts.context;
import static io.runwatch.core.detect.scope.Contexts.sendCommand;
import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.Operation;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.policy.Thresholds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FanOutDetectorTest {
  private static final FanOutDetector DETECTOR = new FanOutDetector();

  @ParameterizedTest(name = "reach {0} → {1}, score {2}")
  @CsvSource({"9, , ", "10, MEDIUM, 50", "29, MEDIUM, 88", "30, HIGH, 90", "40, HIGH, 100"})
  void severityAndScoreFollowTheThreshold(int reach, Severity severity, Integer score) {
    AdminCommand c =
        sendCommand("2025-03-04T03:12:00Z")
            .targets(List.of())
            .targetSelector("tag:Env=prod")
            .targetCount(reach)
            .build();

    var hit = DETECTOR.evaluate(context(c, Policy.defaults()));

    if (severity == null) {
      assertThat(hit).isEmpty();
    } else {
      assertThat(hit).get().extracting(DetectorHit::severity).isEqualTo(severity);
      assertThat(hit).get().extracting(DetectorHit::score).isEqualTo(score);
    }
  }

  @Test
  void theThresholdComesFromThePolicy() {
    AdminCommand c =
        sendCommand("2025-03-04T03:12:00Z")
            .targets(List.of())
            .targetSelector("tag:Env=prod")
            .targetCount(4)
            .build();
    Thresholds low =
        new Thresholds(
            2, 3.0, 5, 1, Duration.ofHours(1), Duration.ofHours(24), Duration.ofHours(24));

    DetectorHit hit =
        DETECTOR
            .evaluate(context(c, Contexts.policy(List.of(), List.of(), low, Map.of())))
            .orElseThrow();

    assertThat(hit.reason()).contains("reaches 4 VMs", "tag:Env=prod", "threshold of 2");
    assertThat(hit.facts()).containsEntry("reach", "4").containsEntry("threshold", "2");
  }

  @Test
  void aProjectWideStartupScriptIsFanOutWhateverItsCount() {
    AdminCommand c =
        AdminCommand.builder()
            .cloud(Cloud.GCP)
            .account("demo-project")
            .operation(Operation.STARTUP_SCRIPT_CHANGE)
            .eventName("v1.compute.projects.setCommonInstanceMetadata")
            .principal(Contexts.ALICE)
            .targetSelector("project:demo-project")
            .document("startup-script-url")
            .time(Instant.parse("2025-03-08T16:00:08Z"))
            .build();

    DetectorHit hit = DETECTOR.evaluate(context(c, Policy.defaults())).orElseThrow();

    assertThat(hit.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(hit.score()).isEqualTo(60);
    assertThat(hit.reason()).contains("every VM of the project", "next boot");
  }

  @Test
  void selectorAllOnlyMeansTheWholeProjectForOsConfig() {
    AdminCommand awsAll =
        sendCommand("2025-03-04T03:12:00Z").targets(List.of()).targetSelector("all").build();

    assertThat(DETECTOR.evaluate(context(awsAll, Policy.defaults()))).isEmpty();
  }
}
