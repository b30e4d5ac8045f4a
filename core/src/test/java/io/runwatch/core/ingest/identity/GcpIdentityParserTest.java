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

class GcpIdentityParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final GcpIdentityParser parser = new GcpIdentityParser();

  @Test
  void serviceAccountKeyNamesTheAccountByEmailNotItsUniqueId() {
    IdentityChange c = single(Heard.fixture("gcp-createserviceaccountkey-panther.json").changes);

    assertThat(c.cloud()).isEqualTo(Cloud.GCP);
    assertThat(c.kind()).isEqualTo(Kind.SERVICE_ACCOUNT_KEY_CREATED);
    // resourceName holds the numeric unique id; the email comes from resource.labels.email_id
    assertThat(c.subject())
        .isEqualTo("created-service-account@gcp-project1.iam.gserviceaccount.com");
    assertThat(c.actor()).isEqualTo("staging@company.io");
    assertThat(c.account()).isEqualTo("gcp-project1");
    assertThat(c.detail()).isEqualTo("key 69049163b190437ab9279b28e8afa24bb5c5b076 created");
    assertThat(c.time()).isEqualTo(Instant.parse("2023-03-09T15:50:36.148Z"));
    assertThat(c.eventId()).isEqualTo("1iyadj0d5bmj");
  }

  @Test
  void withoutTheLabelTheEmailComesFromTheKeyName() throws Exception {
    ObjectNode entry = (ObjectNode) fixture("gcp-createserviceaccountkey-panther.json");
    entry.remove("resource");

    IdentityChange c = single(parse(entry));
    assertThat(c.subject())
        .isEqualTo("created-service-account@gcp-project1.iam.gserviceaccount.com");
    assertThat(c.account()).isEqualTo("gcp-project1"); // from logName
  }

  @Test
  void withNoEmailAnywhereTheUniqueIdStandsIn() throws Exception {
    ObjectNode entry = (ObjectNode) fixture("gcp-createserviceaccountkey-panther.json");
    entry.remove("resource");
    ((ObjectNode) entry.get("protoPayload")).remove("response");

    IdentityChange c = single(parse(entry));
    assertThat(c.subject()).isEqualTo("123456789098765434567");
    assertThat(c.detail()).isEqualTo("key created");
  }

  @Test
  void thePubSubEnvelopeGivesTheSameChange() {
    IdentityChange bare = single(Heard.fixture("gcp-createserviceaccountkey-panther.json").changes);
    IdentityChange wrapped =
        single(Heard.fixture("gcp-createserviceaccountkey-pubsub.json").changes);

    assertThat(wrapped).usingRecursiveComparison().ignoringFields("origin").isEqualTo(bare);
  }

  @Test
  void aDeniedKeyCreationChangedNothing() throws Exception {
    ObjectNode entry = (ObjectNode) fixture("gcp-createserviceaccountkey-panther.json");
    ObjectNode payload = (ObjectNode) entry.get("protoPayload");
    payload.putObject("status").put("code", 7).put("message", "PERMISSION_DENIED");
    payload.remove("response");

    assertThat(parse(entry)).isEmpty();
  }

  @Test
  void projectPolicyGivesOneChangePerAddedMember() {
    Heard h = Heard.fixture("gcp-setiampolicy-project-panther.json");

    assertThat(h.changes)
        .extracting(c -> c.kind() + " " + c.subject() + " " + c.detail())
        .containsExactly(
            "POLICY_CHANGED test@runpanther.io roles/actions.Admin, roles/appengine.appAdmin"
                + " on projects/eastern-nurve-222999",
            "POLICY_CHANGED test@gmail.com roles/owner on projects/eastern-nurve-222999");
    assertThat(h.changes).allSatisfy(c -> assertThat(c.actor()).isEqualTo("test@runpanther.io"));
  }

  @Test
  void removalsAloneAreNoChange() throws Exception {
    ObjectNode entry = (ObjectNode) fixture("gcp-setiampolicy-project-panther.json").get(1);
    ((ObjectNode) entry.at("/protoPayload/serviceData/policyDelta/bindingDeltas/0"))
        .put("action", "REMOVE");

    assertThat(parse(entry)).isEmpty();
  }

  @Test
  void serviceAccountPolicyIsATrustChangeOfTheAccount() {
    IdentityChange c =
        single(Heard.fixture("gcp-setiampolicy-serviceaccount-panther.json").changes);

    assertThat(c.kind()).isEqualTo(Kind.TRUST_CHANGED);
    assertThat(c.subject()).isEqualTo("test-account3@gcp-project1.iam.gserviceaccount.com");
    assertThat(c.actor()).isEqualTo("user@company.io");
    assertThat(c.detail())
        .isEqualTo(
            "may now act as it: serviceAccount:test-account3@gcp-project1.iam.gserviceaccount.com"
                + " (roles/iam.serviceAccountTokenCreator, roles/iam.serviceAccountUser)");
  }

  @Test
  void setIamPolicyOfOtherServicesIsNotAccepted() throws Exception {
    ObjectNode entry = (ObjectNode) fixture("gcp-setiampolicy-project-panther.json").get(1);
    ((ObjectNode) entry.get("protoPayload")).put("serviceName", "pubsub.googleapis.com");

    assertThat(parser.accepts(entry)).isFalse();
    assertThat(Heard.fixture("gcp-iap-setiampolicy-not-identity-panther.json").changes).isEmpty();
  }

  @Test
  void neverAcceptsTheEntriesOfTheCommandParser() throws IOException {
    List<JsonNode> entries = CloudTrailIdentityParserTest.records(Fixtures.root().resolve("gcp"));
    assertThat(entries).isNotEmpty();
    for (JsonNode e : entries) {
      assertThat(parser.accepts(e)).isFalse();
    }
  }

  @Test
  void anUndecodableEnvelopeIsLeftToTheCommandParser() throws Exception {
    JsonNode envelope =
        JSON.readTree("{\"message\":{\"data\":\"not base64!\"},\"subscription\":\"s\"}");

    assertThat(parser.accepts(envelope)).isFalse();
    Heard h = Heard.ingest(envelope.toString());
    assertThat(h.changes).isEmpty();
    assertThat(h.errors).hasSize(1); // reported by the GCP command parser
  }

  private List<IdentityChange> parse(JsonNode entry) throws Exception {
    Heard h = new Heard();
    if (parser.accepts(entry)) {
      parser.parse(entry, new RecordRef("t", 0, -1), h);
    }
    return h.changes;
  }

  private static JsonNode fixture(String name) throws IOException {
    return JSON.readTree(Fixtures.event("identity", name).toFile());
  }

  private static IdentityChange single(List<IdentityChange> changes) {
    assertThat(changes).hasSize(1);
    return changes.get(0);
  }
}
