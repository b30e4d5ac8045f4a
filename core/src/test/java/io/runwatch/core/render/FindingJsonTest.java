package io.runwatch.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runwatch.core.detect.DetectorHit;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.triage.AnalysisAnswer;
import io.runwatch.core.triage.ContainmentAction;
import io.runwatch.core.triage.Finding;
import io.runwatch.core.triage.FindingText;
import io.runwatch.core.triage.TriageFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindingJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final List<String> TOP =
      List.of(
          "type",
          "id",
          "time",
          "severity",
          "severityId",
          "score",
          "title",
          "escalation",
          "detectors",
          "answers",
          "actions",
          "related",
          "command",
          "correlation",
          "correlationNote");
  static final List<String> COMMAND =
      List.of(
          "cloud",
          "account",
          "region",
          "operation",
          "eventName",
          "principal",
          "sourceIp",
          "userAgent",
          "targets",
          "targetSelector",
          "targetCount",
          "commandId",
          "document",
          "content",
          "contentSha256",
          "outcome",
          "errorCode",
          "time",
          "eventId",
          "origin");

  private static List<String> keys(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void everyKeyIsAlwaysPresentForAFullFinding() throws Exception {
    Finding f = new ReportScenario().attack;
    JsonNode n = JSON.readTree(FindingJson.toJson(f));
    assertThat(keys(n)).containsExactlyElementsOf(TOP);
    assertThat(keys(n.get("escalation"))).containsExactly("escalate", "reasons");
    assertThat(keys(n.get("command"))).containsExactlyElementsOf(COMMAND);
    for (JsonNode d : n.get("detectors")) {
      assertThat(keys(d)).containsExactly("id", "severity", "score", "reason", "facts");
    }
    for (JsonNode a : n.get("answers")) {
      assertThat(keys(a)).containsExactly("question", "answer", "concerning");
    }
    for (JsonNode a : n.get("actions")) {
      assertThat(keys(a)).containsExactly("kind", "cloud", "parameters", "why", "blocked");
    }
    assertThat(n.get("correlation").isArray()).isTrue();
    assertThat(n.get("title").asText()).isEqualTo(FindingText.title(f));
    assertThat(n.get("severity").asText()).isEqualTo("CRITICAL");
    assertThat(n.get("severityId").asInt()).isEqualTo(5);
    assertThat(n.get("escalation").get("escalate").asBoolean()).isTrue();
    assertThat(n.get("answers")).hasSize(7);
    assertThat(n.get("related").size()).isEqualTo(f.related().size());
  }

  @Test
  void everyKeyIsAlwaysPresentForABareFinding() throws Exception {
    var c =
        TriageFixtures.aws(TriageFixtures.iamUser("alice", null))
            .region(null)
            .sourceIp(null)
            .userAgent(null)
            .commandId(null)
            .document(null)
            .eventId(null)
            .build();
    Finding bare =
        new Finding(
            "rw-0000",
            null,
            Severity.LOW,
            20,
            c,
            null,
            List.of(new DetectorHit("RW-X", Severity.LOW, 20, "x", null)),
            null,
            List.of(new AnalysisAnswer("q?", "unknown", null)),
            List.of(
                new ContainmentAction(
                    ContainmentAction.Kind.SNAPSHOT_VM, null, Map.of("vm", "i-1"), "why", null)),
            List.of());
    JsonNode n = JSON.readTree(FindingJson.toJson(bare));
    assertThat(keys(n)).containsExactlyElementsOf(TOP);
    assertThat(keys(n.get("command"))).containsExactlyElementsOf(COMMAND);
    assertThat(n.get("time").isNull()).isTrue();
    assertThat(n.get("escalation").isNull()).isTrue();
    assertThat(n.get("correlation").isNull()).isTrue();
    assertThat(n.get("correlationNote").isNull()).isTrue();
    assertThat(n.get("answers").get(0).get("concerning").isNull()).isTrue();
    assertThat(n.get("actions").get(0).get("cloud").isNull()).isTrue();
    assertThat(n.get("actions").get(0).get("blocked").isNull()).isTrue();
    assertThat(n.get("detectors").get(0).get("facts").isObject()).isTrue();
  }

  @Test
  void secretsAreRedactedAndOutputIsStable() {
    ReportScenario s = new ReportScenario();
    Finding odd = s.finding("alert(1)");
    String json = FindingJson.toJson(odd);
    assertThat(json).doesNotContain("s3cr3tT0ken").contains("--token=****");
    assertThat(FindingJson.toJson(odd)).isEqualTo(json);
    assertThat(FindingJson.toJson(new ReportScenario().finding("alert(1)"))).isEqualTo(json);
  }
}
