package io.runwatch.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwatch.core.ingest.IngestError;
import io.runwatch.core.model.HostExecution;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden pairs for host telemetry: every fixture under {@code telemetry/<format>/} is recognized by
 * exactly its parser and parses to {@code <case>.expected.json}. Rewrite the goldens after a
 * deliberate change with {@code -Drunwatch.updateGoldens=true}, then review the diff.
 */
class TelemetryGoldenTest {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Path SOURCE_TREE = Path.of("src/test/resources/telemetry");

  @TestFactory
  Stream<DynamicTest> everyTelemetryFixtureMatchesItsGolden() throws IOException {
    Path root = root();
    boolean update = Boolean.getBoolean("runwatch.updateGoldens");
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> fixtures =
          walk.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().contains(".expected."))
              .filter(p -> !p.getFileName().toString().endsWith(".md"))
              .filter(p -> !p.getFileName().toString().endsWith(".txt"))
              .sorted()
              .toList();
      return fixtures.stream()
          .map(
              f ->
                  DynamicTest.dynamicTest(
                      root.relativize(f).toString(), () -> check(root, f, update)));
    }
  }

  private static void check(Path root, Path fixture, boolean update) throws IOException {
    byte[] bytes = Files.readAllBytes(fixture);
    TelemetryReader reader = new TelemetryReader();
    Optional<TelemetryParser> parser =
        reader.detect(Arrays.copyOf(bytes, Math.min(bytes.length, TelemetryReader.HEAD_BYTES)));
    assertThat(parser).as("a parser recognizes %s", fixture.getFileName()).isPresent();
    List<HostExecution> executions = new ArrayList<>();
    List<IngestError> errors = new ArrayList<>();
    long[] heard = {0};
    TelemetryStats stats = new TelemetryStats();
    reader.read(
        parser.get(),
        fixture.getFileName().toString(),
        new ByteArrayInputStream(bytes),
        "default-host",
        new TelemetryListener() {
          @Override
          public void execution(HostExecution e) {
            executions.add(e);
          }

          @Override
          public void heard(String host, Instant time) {
            heard[0]++;
          }

          @Override
          public void error(IngestError e) {
            errors.add(e);
          }
        },
        stats);
    ObjectNode report = JSON.createObjectNode();
    report.put("format", parser.get().format().name());
    report.put("records", stats.records());
    report.put("heard", heard[0]);
    ArrayNode ex = report.putArray("executions");
    for (HostExecution e : executions) {
      ObjectNode n = ex.addObject();
      n.put("host", e.host());
      n.put("time", e.time().toString());
      n.put("pid", e.pid());
      n.put("ppid", e.ppid());
      n.put("image", e.image());
      n.put("commandLine", e.commandLine());
      n.put("user", e.user());
      n.put("parentImage", e.parentImage());
      n.put("parentCommandLine", e.parentCommandLine());
      n.put("currentDirectory", e.currentDirectory());
      n.put("format", e.format().name());
      n.put("eventId", e.eventId());
      n.put("record", e.origin() == null ? -1 : e.origin().index());
    }
    ArrayNode er = report.putArray("errors");
    for (IngestError e : errors) {
      er.addObject()
          .put("record", e.where().index())
          .put("kind", e.kind().name())
          .put("field", e.field())
          .put("message", e.message());
    }
    String name = fixture.getFileName().toString();
    Path golden =
        SOURCE_TREE
            .resolve(root.relativize(fixture))
            .resolveSibling(name.substring(0, name.indexOf('.')) + ".expected.json");
    if (update) {
      Files.writeString(golden, JSON.writeValueAsString(report) + "\n");
      return;
    }
    assertThat(golden)
        .as("golden for %s (create with -Drunwatch.updateGoldens=true)", name)
        .exists();
    assertThat(JSON.readTree(JSON.writeValueAsString(report)))
        .isEqualTo(JSON.readTree(golden.toFile()));
  }

  private static Path root() {
    try {
      return Path.of(TelemetryGoldenTest.class.getResource("/telemetry").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
