package io.runwatch.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.IdentityChange;
import io.runwatch.core.model.OperationCompletion;
import io.runwatch.core.render.CommandJson;
import io.runwatch.core.render.StatusJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden pairs: every fixture {@code events/<cloud>/<case>.<ext>} has {@code <case>.expected.json},
 * the exact report ingestion must produce for it. Run with {@code -Drunwatch.updateGoldens=true} to
 * rewrite them after a deliberate change, then review the diff.
 */
class GoldenPairTest {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Path SOURCE_TREE = Path.of("src/test/resources/events");

  @TestFactory
  Stream<DynamicTest> everyFixtureMatchesItsGolden() {
    boolean update = Boolean.getBoolean("runwatch.updateGoldens");
    return Fixtures.all().stream()
        .map(
            fixture ->
                DynamicTest.dynamicTest(
                    Fixtures.root().relativize(fixture).toString(), () -> check(fixture, update)));
  }

  private static void check(Path fixture, boolean update) throws IOException {
    List<IdentityChange> changes = new ArrayList<>();
    JsonNode actual = report(ingest(fixture, changes), changes);
    Path relative = Fixtures.root().relativize(fixture);
    Path golden = goldenOf(SOURCE_TREE.resolve(relative));
    if (update) {
      Files.writeString(golden, JSON.writeValueAsString(actual) + "\n");
      return;
    }
    assertThat(golden)
        .as("golden for %s (create it with -Drunwatch.updateGoldens=true)", relative)
        .exists();
    assertThat(actual).as("report for %s", relative).isEqualTo(JSON.readTree(golden.toFile()));
  }

  static Path goldenOf(Path fixture) {
    String name = fixture.getFileName().toString();
    int dot = name.indexOf('.');
    return fixture.resolveSibling(name.substring(0, dot) + ".expected.json");
  }

  /** As {@link Collected#ingestFile}, also collecting identity changes into {@code changes}. */
  private static Collected ingest(Path fixture, List<IdentityChange> changes) throws IOException {
    Collected c = new Collected();
    IngestListener both =
        new IngestListener() {
          @Override
          public void command(AdminCommand command) {
            c.command(command);
          }

          @Override
          public void status(AgentStatusEvent status) {
            c.status(status);
          }

          @Override
          public void identityChange(IdentityChange change) {
            changes.add(change);
          }

          @Override
          public void completion(OperationCompletion completion) {
            c.completion(completion);
          }

          @Override
          public void error(IngestError error) {
            c.error(error);
          }
        };
    new Ingestor()
        .ingest(fixture.getFileName().toString(), Files.readAllBytes(fixture), both, c.stats);
    return c;
  }

  /** Everything ingestion reported for one source, as JSON. */
  static JsonNode report(Collected c, List<IdentityChange> changes) throws IOException {
    TokenBuffer buffer = new TokenBuffer(JSON, false);
    try (JsonGenerator g = buffer) {
      g.writeStartObject();
      g.writeObjectFieldStart("stats");
      g.writeNumberField("records", c.stats.records());
      g.writeNumberField("relevant", c.stats.relevant());
      g.writeNumberField("skipped", c.stats.skipped());
      g.writeNumberField("errors", c.stats.errors());
      g.writeEndObject();
      g.writeArrayFieldStart("commands");
      for (AdminCommand a : c.commands) {
        CommandJson.write(g, a);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("statuses");
      for (AgentStatusEvent s : c.statuses) {
        StatusJson.write(g, s);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("completions");
      for (OperationCompletion o : c.completions) {
        g.writeStartObject();
        g.writeStringField("foldKey", o.foldKey());
        g.writeStringField("outcome", o.outcome().name());
        g.writeStringField("time", o.time().toString());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("identityChanges");
      for (IdentityChange ch : changes) {
        g.writeStartObject();
        g.writeStringField("cloud", ch.cloud().name());
        g.writeStringField("account", ch.account());
        g.writeStringField("subject", ch.subject());
        g.writeStringField("actor", ch.actor());
        g.writeStringField("kind", ch.kind().name());
        g.writeStringField("time", ch.time().toString());
        g.writeStringField("detail", ch.detail());
        g.writeStringField("eventId", ch.eventId());
        g.writeNumberField("record", ch.origin().index());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("errors");
      for (IngestError e : c.errors) {
        g.writeStartObject();
        g.writeNumberField("record", e.where().index());
        g.writeNumberField("byteOffset", e.where().byteOffset());
        g.writeStringField("kind", e.kind().name());
        g.writeStringField("field", e.field());
        g.writeStringField("message", e.message());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    // Through text, so numbers compare as the golden file's do (int, not long nodes).
    return JSON.readTree(JSON.writeValueAsString(JSON.readTree(buffer.asParser())));
  }
}
