package io.runwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bundled demo's story, end to end: every command's outcome in every guest and every orphan, as
 * listed in {@code infra/demo/telemetry/expected-correlation.csv}.
 */
class DemoCorrelationTest {
  private static final Path DEMO = Path.of("..", "infra", "demo");

  @Test
  void theDemoHuntFindsWhatTheStorySays() throws IOException {
    HuntCommandTest.Run r = HuntCommandTest.run("hunt", "--format", "json", DEMO.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> actual = new ArrayList<>();
    for (JsonNode n : r.lines()) {
      switch (n.path("type").asText()) {
        case "command" -> {
          for (JsonNode t : n.path("correlation")) {
            actual.add(
                line(
                    n.get("time"),
                    n.get("operation").asText(),
                    t.get("target").asText(),
                    t.get("status").asText()));
          }
        }
        case "orphan_execution" ->
            actual.add(
                line(
                    n.get("time"),
                    "ORPHAN_EXECUTION",
                    n.get("vm").asText(),
                    n.get("mechanism").asText()));
        default -> {}
      }
    }
    List<String> expected =
        Files.readAllLines(DEMO.resolve("telemetry").resolve("expected-correlation.csv")).stream()
            .filter(l -> !l.isBlank() && !l.startsWith("#") && !l.startsWith("time,"))
            .toList();
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void theTableShowsOrphansAndCoverage() {
    HuntCommandTest.Run r = HuntCommandTest.run("hunt", DEMO.toString());
    assertThat(r.out())
        .contains("IN THE GUEST")
        .contains("4 confirmed, 1 agent reported, 1 not observed")
        .contains("ORPHAN EXECUTIONS")
        .contains("9f8e7d6c-0000-4000-8000-0000000000ff")
        .contains("TELEMETRY COVERAGE");
    assertThat(r.err())
        .contains("telemetry records from 5 sources")
        .contains("2 orphan executions");
  }

  private static String line(JsonNode time, String operation, String vm, String status) {
    return time.asText().substring(0, 19) + "Z," + operation + "," + vm + "," + status;
  }
}
