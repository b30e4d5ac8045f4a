package io.runwatch.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwatch.core.ingest.PayloadReport;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Operation;
import io.runwatch.core.model.Outcome;
import io.runwatch.core.model.PrincipalKind;
import java.io.IOException;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class DetectFunctionTest {
  private final CapturingExecutionContext context = new CapturingExecutionContext();

  private JsonNode summary() throws IOException {
    return Deliveries.JSON.readTree(context.onlyMessage());
  }

  @Test
  void eventGridSchemaManagedRunCommandIsFoundAndSummarized() throws IOException {
    new DetectFunction().run(Deliveries.singleEvent("managed-runcommand-eventgrid.json"), context);

    assertThat(context.records.get(0).getLevel()).isEqualTo(Level.INFO);
    JsonNode summary = summary();
    assertThat(summary.path("runwatch").asText()).isEqualTo("DetectFunction");
    assertThat(summary.path("commands").asInt()).isEqualTo(1);
    assertThat(summary.path("records").asInt()).isEqualTo(1);
    assertThat(summary.path("relevant").asInt()).isEqualTo(1);
    assertThat(summary.path("errors").asInt()).isZero();
  }

  @Test
  void cloudEventsSchemaManagedRunCommandIsFound() throws IOException {
    new DetectFunction().run(Deliveries.singleEvent("managed-runcommand-cloudevent.json"), context);

    assertThat(summary().path("commands").asInt()).isEqualTo(1);
  }

  @Test
  void summaryCarriesNoCallerIdentityAddressOrResourceName() {
    String failure = Deliveries.singleEvent("runcommand-action-eventgrid-failure.json");
    new DetectFunction().run(failure, context);

    assertThat(context.onlyMessage())
        .contains("\"commands\":1")
        .doesNotContain("192.0.2.44")
        .doesNotContain("2b3c4d5e-6f70-4812-93a4-b5c6d7e8f901")
        .doesNotContain("6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b")
        .doesNotContain("web-01")
        .doesNotContain("c0ffee00");
  }

  @Test
  void detectionReturnsTheNormalizedCommand() {
    PayloadReport found =
        EventGridDetection.detect(Deliveries.singleEvent("managed-runcommand-eventgrid.json"));

    assertThat(found.commands()).hasSize(1);
    AdminCommand c = found.commands().get(0);
    assertThat(c.operation()).isEqualTo(Operation.MANAGED_RUN_COMMAND);
    assertThat(c.document()).isEqualTo("patch-check");
    assertThat(c.outcome()).isEqualTo(Outcome.SUCCEEDED);
    // The writer was the system identity of another VM (jump-01): a lateral-movement shape.
    assertThat(c.principal().kind()).isEqualTo(PrincipalKind.INSTANCE_IDENTITY);
    assertThat(c.origin().source()).isEqualTo("eventgrid");
  }

  @Test
  void failedRunCommandActionKeepsItsOutcome() {
    PayloadReport found =
        EventGridDetection.detect(
            Deliveries.singleEvent("runcommand-action-eventgrid-failure.json"));

    assertThat(found.commands())
        .singleElement()
        .extracting(AdminCommand::outcome)
        .isEqualTo(Outcome.FAILED);
  }

  @Test
  void brokenEventIsLoggedAsAnErrorAndDoesNotThrow() throws IOException {
    String event = Deliveries.singleEvent("managed-runcommand-eventgrid.json");
    String truncated = event.substring(0, event.length() / 2);

    new DetectFunction().run(truncated, context);

    JsonNode summary = summary();
    assertThat(summary.path("commands").asInt()).isZero();
    assertThat(summary.path("errors").asInt()).isEqualTo(1);
    assertThat(summary.path("errorKinds").path("TRUNCATED").asInt()).isEqualTo(1);
  }

  @Test
  void unrelatedResourceEventIsSkippedNotAnError() throws IOException {
    ObjectNode event = (ObjectNode) Deliveries.read("managed-runcommand-eventgrid.json").get(0);
    ObjectNode data = (ObjectNode) event.get("data");
    data.put("operationName", "Microsoft.Storage/storageAccounts/write");
    ((ObjectNode) data.get("authorization"))
        .put("action", "Microsoft.Storage/storageAccounts/write");
    data.put(
        "resourceUri",
        "/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z");
    event.put("subject", data.get("resourceUri").asText());
    ((ObjectNode) data.get("authorization")).put("scope", data.get("resourceUri").asText());

    new DetectFunction().run(event.toString(), context);

    JsonNode summary = summary();
    assertThat(summary.path("commands").asInt()).isZero();
    assertThat(summary.path("errors").asInt()).isZero();
    assertThat(summary.path("skipped").asInt()).isEqualTo(1);
  }
}
