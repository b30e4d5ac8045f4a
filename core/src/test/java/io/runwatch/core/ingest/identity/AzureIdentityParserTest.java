package io.runwatch.core.ingest.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runwatch.core.ingest.Fixtures;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.IdentityChange;
import io.runwatch.core.model.IdentityChange.Kind;
import io.runwatch.core.model.RecordRef;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AzureIdentityParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUBSCRIPTION = "c0ffee00-1234-4abc-8def-0123456789ab";
  private final AzureIdentityParser parser = new AzureIdentityParser();

  @Test
  void theStartedRecordNamesTheAssigneeTheSucceededOneDoesNot() {
    Heard h = Heard.fixture("azure-roleassignment-portal-started-succeeded.json");

    IdentityChange c = single(h.changes);
    assertThat(c.cloud()).isEqualTo(Cloud.AZURE);
    assertThat(c.kind()).isEqualTo(Kind.ROLE_ASSIGNED);
    assertThat(c.subject()).isEqualTo("5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b");
    assertThat(c.actor()).isEqualTo("alice@contoso.com");
    assertThat(c.account()).isEqualTo(SUBSCRIPTION);
    assertThat(c.detail())
        .isEqualTo(
            "Virtual Machine Contributor (9980e02c-c2be-4d73-94e8-173b1dc7cf3c) at /subscriptions/"
                + SUBSCRIPTION
                + "/resourceGroups/rg-prod to ServicePrincipal");
    assertThat(c.time()).isEqualTo(Instant.parse("2025-03-04T10:02:05.1234567Z"));
    assertThat(c.eventId()).isEqualTo("8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d");
    assertThat(h.stats.records()).isEqualTo(2);
    assertThat(h.errors).isEmpty();
  }

  @Test
  void theDiagnosticExportShape() {
    IdentityChange c = single(Heard.fixture("azure-roleassignment-diag-start.json").changes);

    assertThat(c.subject()).isEqualTo("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
    assertThat(c.actor()).isEqualTo("bob@contoso.com");
    assertThat(c.account()).isEqualTo(SUBSCRIPTION);
    assertThat(c.detail()).startsWith("Contributor (b24988ac-6180-42a0-ab88-20f7382dd24c) at");
  }

  @Test
  void aResponseBodyNamesTheAssigneeToo() throws Exception {
    ObjectNode succeeded = (ObjectNode) fixture().get(1);
    ((ObjectNode) succeeded.get("properties"))
        .put(
            "responseBody",
            "{\"properties\":{\"roleDefinitionId\":\"/subscriptions/x/providers/"
                + "Microsoft.Authorization/roleDefinitions/8E3AF657-A8FF-443C-A75C-2FE8C4BCB635\","
                + "\"principalId\":\"11111111-2222-4333-8444-555555555555\","
                + "\"principalType\":\"User\",\"scope\":\"/subscriptions/x\"}}");

    IdentityChange c = single(parse(succeeded));
    assertThat(c.subject()).isEqualTo("11111111-2222-4333-8444-555555555555");
    assertThat(c.detail())
        .isEqualTo("Owner (8e3af657-a8ff-443c-a75c-2fe8c4bcb635) at /subscriptions/x to User");
  }

  @Test
  void aRequestBodyAlreadyParsedIsReadToo() throws Exception {
    ObjectNode started = (ObjectNode) fixture().get(0);
    ObjectNode properties = (ObjectNode) started.get("properties");
    properties.set("requestbody", JSON.readTree(properties.get("requestbody").asText()));

    assertThat(single(parse(started)).subject()).isEqualTo("5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b");
  }

  @Test
  void aFailedAssignmentIsNoChange() throws Exception {
    ObjectNode started = (ObjectNode) fixture().get(0);
    ((ObjectNode) started.get("status")).put("value", "Failed");

    assertThat(parse(started)).isEmpty();
  }

  @Test
  void anUnparseableBodyNamesNobody() throws Exception {
    ObjectNode started = (ObjectNode) fixture().get(0);
    ((ObjectNode) started.get("properties")).put("requestbody", "{\"Id\":");

    assertThat(parse(started)).isEmpty();
  }

  @Test
  void aSuccessfulSignInIsTheUserWithTheAddress() {
    Heard h = Heard.fixture("azure-signin-diag-msdocs.json");

    // the documented sample is an interrupted sign-in (50140): skipped
    IdentityChange c = single(h.changes);
    assertThat(c.kind()).isEqualTo(Kind.SIGN_IN);
    assertThat(c.subject()).isEqualTo("timothy@contoso.com");
    assertThat(c.actor()).isEqualTo("timothy@contoso.com");
    assertThat(c.detail()).isEqualTo("203.0.113.77");
    assertThat(c.account()).isEqualTo("aaaabbbb-0000-cccc-1111-dddd2222eeee");
    assertThat(c.time()).isEqualTo(Instant.parse("2019-03-12T16:02:31.1Z"));
  }

  @Test
  void theLogAnalyticsRowsCountOnlyInteractiveSignIns() {
    Heard h = Heard.fixture("azure-signinlogs-table-export.json");

    IdentityChange c = single(h.changes);
    assertThat(c.subject()).isEqualTo("alice@contoso.com");
    assertThat(c.detail()).isEqualTo("198.51.100.61");
    assertThat(c.time()).isEqualTo(Instant.parse("2025-03-04T09:58:41.312Z"));
    assertThat(h.stats.records()).isEqualTo(2);
  }

  @Test
  void neverAcceptsTheRecordsOfTheCommandParser() throws IOException {
    List<JsonNode> records = CloudTrailIdentityParserTest.records(Fixtures.root().resolve("azure"));
    assertThat(records).isNotEmpty();
    for (JsonNode r : records) {
      assertThat(parser.accepts(r)).isFalse();
    }
  }

  private List<IdentityChange> parse(JsonNode record) throws Exception {
    Heard h = new Heard();
    if (parser.accepts(record)) {
      parser.parse(record, new RecordRef("t", 0, -1), h);
    }
    return h.changes;
  }

  private static JsonNode fixture() throws IOException {
    return JSON.readTree(
        Fixtures.event("identity", "azure-roleassignment-portal-started-succeeded.json").toFile());
  }

  private static IdentityChange single(List<IdentityChange> changes) {
    assertThat(changes).hasSize(1);
    return changes.get(0);
  }
}
