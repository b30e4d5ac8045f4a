package io.runwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HuntCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DEMO = Path.of("..", "infra", "demo");

  record Run(int exit, String out, String err) {
    List<JsonNode> ofType(String type) throws IOException {
      return lines().stream().filter(n -> type.equals(n.path("type").asText())).toList();
    }

    List<JsonNode> lines() throws IOException {
      List<JsonNode> nodes = new ArrayList<>();
      for (String line : out.split("\n")) {
        if (!line.isBlank()) {
          nodes.add(JSON.readTree(line));
        }
      }
      return nodes;
    }
  }

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void huntsTheBundledDemoAcrossAllThreeClouds() throws IOException {
    Run r = run("hunt", "--format", "json", DEMO.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    List<JsonNode> commands = r.ofType("command");
    // The story in infra/demo/README.md: 11 AWS, 8 Azure, 5 GCP; 4 denied, 1 failed.
    Map<String, Integer> perCloud = new TreeMap<>();
    Map<String, Integer> perOutcome = new TreeMap<>();
    for (JsonNode c : commands) {
      perCloud.merge(c.get("cloud").asText(), 1, Integer::sum);
      perOutcome.merge(c.get("outcome").asText(), 1, Integer::sum);
    }
    assertThat(perCloud)
        .containsExactlyEntriesOf(new TreeMap<>(Map.of("AWS", 11, "AZURE", 8, "GCP", 5)));
    assertThat(perOutcome)
        .containsExactlyEntriesOf(new TreeMap<>(Map.of("SUCCEEDED", 19, "DENIED", 4, "FAILED", 1)));
    assertThat(commands).extracting(c -> c.get("time").asText()).as("newest last").isSorted();
    assertThat(r.err()).contains("errors 0").contains("24 admin commands");
  }

  @Test
  void jsonLinesCarryTheDocumentedStableFields() throws IOException {
    JsonNode first = run("hunt", "--format", "json", DEMO.toString()).ofType("command").get(0);
    for (String field :
        List.of(
            "cloud",
            "account",
            "operation",
            "principal",
            "sourceIp",
            "userAgent",
            "targets",
            "targetCount",
            "commandId",
            "document",
            "outcome",
            "time",
            "eventId")) {
      assertThat(first.has(field)).as(field).isTrue();
    }
    assertThat(first.get("principal").has("id")).isTrue();
    assertThat(first.get("principal").has("kind")).isTrue();
    assertThat(first.get("time").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
  }

  @Test
  void badRecordsAreReportedByFileRecordAndFieldWhileTheRestIsHunted(@TempDir Path dir)
      throws IOException {
    String good =
        Files.readString(fixture("aws", "sendcommand-denied-iam-user.json")).replace('\n', ' ');
    String noTime = good.replace("\"eventTime\"", "\"eventTimeX\"");
    Path file = dir.resolve("trail.json.gz");
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file))) {
      gz.write(("{\"Records\":[" + noTime + "," + good + "]}").getBytes(StandardCharsets.UTF_8));
    }
    Files.writeString(dir.resolve("notes.txt"), "not a log");
    Run r = run("hunt", "--format", "json", dir.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.ofType("command")).hasSize(1);
    assertThat(r.err())
        .contains("trail.json.gz record #0")
        .contains("MISSING_FIELD at eventTime")
        .contains("relevant 1")
        .contains("errors 1")
        .doesNotContain("notes.txt");
  }

  @Test
  void tableEscapesControlCharactersFromLogs(@TempDir Path dir) throws IOException {
    String record =
        Files.readString(fixture("aws", "sendcommand-denied-iam-user.json"))
            .replace("\"userName\": \"build-bot\"", "\"userName\": \"evil\\u001b[2Jbot\"");
    Files.writeString(dir.resolve("one.json"), record);
    Run r = run("hunt", dir.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("evil\\u001b[2Jbot").doesNotContain("\u001b");
    assertThat(r.out()).startsWith("FINDINGS").contains("TIME (UTC)");
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(run().exit()).isEqualTo(2);
    assertThat(run("hunt").exit()).isEqualTo(2);
    assertThat(run("hunt", "--format", "xml", ".").err())
        .contains("--format is table, json or ocsf");
    assertThat(run("hunt", "/no/such/path").err()).contains("no such file or folder");
    assertThat(run("frobnicate").err()).contains("unknown command");
  }

  @Test
  void fieldsPrintsEachParsersTable() {
    Run r = run("fields");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("### AWS", "### AZURE", "### GCP", "| `principal.kind` |");
    assertThat(run("fields", "gcp").out()).doesNotContain("### AWS");
  }

  private static Path fixture(String cloud, String name) {
    return Path.of("src", "test", "resources", "events", cloud, name);
  }
}
