package io.runwatch.core.ingest.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runwatch.core.bench.CloudTrailCorpus;
import io.runwatch.core.ingest.ControlPlaneParsers;
import io.runwatch.core.ingest.Fixtures;
import io.runwatch.core.ingest.Ingestor;
import io.runwatch.core.ingest.RecordParser;
import io.runwatch.core.ingest.SkipReason;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.model.IdentityChange;
import io.runwatch.core.model.IdentityChange.Kind;
import io.runwatch.core.model.RecordRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloudTrailIdentityParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final CloudTrailIdentityParser parser = new CloudTrailIdentityParser();

  @Test
  void accessKeyCreatedForAnotherUserNamesTheUserAndTheCreator() {
    IdentityChange c =
        single(Heard.fixture("aws-createaccesskey-for-other-user-panther.json").changes);

    assertThat(c.cloud()).isEqualTo(Cloud.AWS);
    assertThat(c.kind()).isEqualTo(Kind.ACCESS_KEY_CREATED);
    assertThat(c.subject()).isEqualTo("arn:aws:iam::123456789:user/user2");
    assertThat(c.actor()).isEqualTo("arn:aws:iam::123456789:user/user1");
    assertThat(c.account()).isEqualTo("123456789");
    assertThat(c.detail()).isEqualTo("access key ABCDEFG created");
    assertThat(c.time()).isEqualTo(Instant.parse("2022-09-27T17:09:18Z"));
    assertThat(c.eventId()).isEqualTo("12345");
  }

  @Test
  void theEventBridgeEnvelopeGivesTheSameChange() {
    IdentityChange bare =
        single(Heard.fixture("aws-createaccesskey-for-other-user-panther.json").changes);
    IdentityChange wrapped = single(Heard.fixture("aws-eventbridge-createaccesskey.json").changes);

    assertThat(wrapped).usingRecursiveComparison().ignoringFields("origin").isEqualTo(bare);
    assertThat(single(Heard.fixture("aws-eventbridge-consolelogin.json").changes).kind())
        .isEqualTo(Kind.SIGN_IN);
  }

  @Test
  void aFailedCallChangedNothing() {
    Heard h = Heard.fixture("aws-createaccesskey-denied-panther.json");

    assertThat(h.changes).isEmpty();
    assertThat(h.errors).isEmpty();
    assertThat(h.stats.skipped(SkipReason.NOT_RELEVANT)).isEqualTo(1);
  }

  @Test
  void consoleSignInsAreTheSigningInIdentityWithTheAddressAsDetail() {
    Heard h = Heard.fixture("aws-consolelogin-awsdocs-records.json");

    // anaya twice, root once; the failed sign-in and CheckMfa are skipped
    assertThat(h.changes)
        .extracting(IdentityChange::subject)
        .containsExactly(
            "arn:aws:iam::111122223333:user/anaya",
            "arn:aws:iam::111122223333:user/anaya",
            "arn:aws:iam::111122223333:root");
    assertThat(h.changes).allSatisfy(c -> assertThat(c.kind()).isEqualTo(Kind.SIGN_IN));
    assertThat(h.changes).allSatisfy(c -> assertThat(c.detail()).isEqualTo("192.0.2.0"));
    assertThat(h.changes).allSatisfy(c -> assertThat(c.actor()).isEqualTo(c.subject()));
    assertThat(h.stats.records()).isEqualTo(5);
  }

  @Test
  void aFederatedSignInIsTheRoleSession() {
    IdentityChange c = single(Heard.fixture("aws-consolelogin-assumed-role-awscli.json").changes);

    assertThat(c.subject())
        .isEqualTo("arn:aws:sts::123456789012:assumed-role/my-role/my-session-name");
    assertThat(c.detail()).isEqualTo("72.21.198.70");
  }

  @Test
  void rolePolicyAndTrustChangesNameTheRole() {
    IdentityChange attach =
        single(Heard.fixture("aws-attachrolepolicy-admin-panther.json").changes);
    assertThat(attach.kind()).isEqualTo(Kind.POLICY_CHANGED);
    assertThat(attach.subject()).isEqualTo("arn:aws:iam::123456789012:role/new-role");
    assertThat(attach.detail()).contains("arn:aws:iam::aws:policy/AdministratorAccess");

    // The record without roleName (as Panther's test has it) names no role and is skipped.
    Heard trust = Heard.fixture("aws-updateassumerolepolicy-panther.json");
    IdentityChange t = single(trust.changes);
    assertThat(t.kind()).isEqualTo(Kind.TRUST_CHANGED);
    assertThat(t.subject()).isEqualTo("arn:aws:iam::123456789012:role/new-role");
    assertThat(t.detail()).startsWith("trust policy replaced: {").contains("\"Principal\":\"*\"");
    assertThat(trust.stats.skipped()).isEqualTo(1);
  }

  @Test
  void everyIamCallOfTheBuiltTrail() {
    Heard h = Heard.fixture("aws-iam-calls-built.json");

    assertThat(h.changes)
        .extracting(c -> c.kind() + " " + c.subject() + " " + c.detail())
        .containsExactly(
            "POLICY_CHANGED arn:aws:iam::111122223333:user/dev-dan managed policy"
                + " arn:aws:iam::aws:policy/AmazonSSMFullAccess attached",
            "POLICY_CHANGED arn:aws:iam::111122223333:user/dev-dan inline policy"
                + " ssm-send-command put",
            "POLICY_CHANGED arn:aws:iam::111122223333:user/dev-dan added to group Admins",
            "LOGIN_PROFILE_CHANGED arn:aws:iam::111122223333:user/dev-dan console password"
                + " created (reset required: false)",
            "ACCESS_KEY_CREATED arn:aws:iam::111122223333:user/dev-dan access key"
                + " AKIAEXAMPLEDAN000002 reactivated",
            "MFA_CHANGED arn:aws:iam::111122223333:user/admin-carol virtual MFA device"
                + " arn:aws:iam::111122223333:mfa/admin-carol created",
            "MFA_CHANGED arn:aws:iam::111122223333:user/dev-dan MFA device"
                + " arn:aws:iam::111122223333:mfa/dev-dan-phone enabled",
            "MFA_CHANGED arn:aws:iam::111122223333:user/dev-dan MFA device"
                + " arn:aws:iam::111122223333:mfa/dev-dan deactivated",
            "POLICY_CHANGED arn:aws:iam::111122223333:role/ssm-automation inline policy"
                + " allow-all put",
            // no userName: the caller (whose ARN has the path /ops/) made its own key
            "ACCESS_KEY_CREATED arn:aws:iam::111122223333:user/admin-carol access key"
                + " AKIAEXAMPLECAROL0002 created");
    // UpdateAccessKey to Inactive takes access away: not a change here
    assertThat(h.stats.records()).isEqualTo(11);
    assertThat(h.changes)
        .allSatisfy(
            c -> assertThat(c.actor()).isEqualTo("arn:aws:iam::111122223333:user/ops/admin-carol"));
  }

  @ParameterizedTest
  @CsvSource({
    "arn:aws-us-gov:iam::111122223333:user/alice, arn:aws-us-gov:iam::111122223333:user/bob",
    "arn:aws-cn:iam::111122223333:user/x/alice, arn:aws-cn:iam::111122223333:user/bob"
  })
  void subjectsKeepTheCallersPartition(String caller, String expected) throws Exception {
    JsonNode record =
        JSON.readTree(
            """
            {"eventSource":"iam.amazonaws.com","eventName":"AttachUserPolicy",
             "eventTime":"2026-03-02T09:00:00Z","recipientAccountId":"111122223333",
             "userIdentity":{"type":"IAMUser","arn":"%s"},
             "requestParameters":{"userName":"bob","policyArn":"arn:aws:iam::aws:policy/x"}}
            """
                .formatted(caller));
    List<IdentityChange> out = parse(record);

    assertThat(single(out).subject()).isEqualTo(expected);
  }

  @Test
  void withoutAnAccountAUserNamedByNameCannotBeNamed() throws Exception {
    JsonNode record =
        JSON.readTree(
            """
            {"eventSource":"iam.amazonaws.com","eventName":"AttachUserPolicy",
             "eventTime":"2026-03-02T09:00:00Z","userIdentity":{"type":"IAMUser"},
             "requestParameters":{"userName":"bob","policyArn":"arn:aws:iam::aws:policy/x"}}
            """);

    assertThat(parse(record)).isEmpty();
  }

  @Test
  void neverAcceptsTheRecordsOfTheCommandParser() throws IOException {
    for (JsonNode record : records(Fixtures.root().resolve("aws"))) {
      assertThat(parser.accepts(record)).as(record.path("eventName").asText()).isFalse();
    }
  }

  @Test
  void assumeRoleAndIamReadsAreNeverCandidates() {
    List<Heard.Counting> counting =
        ControlPlaneParsers.all().stream().map(Heard.Counting::new).toList();
    Ingestor ingestor =
        new Ingestor(
            new ArrayList<RecordParser>(counting), Ingestor.DEFAULT_MAX_RECORD_BYTES, false);
    Heard h = new Heard();
    ingestor.ingest(
        "t",
        readBytes(
            Fixtures.event("identity", "aws-getuserpolicy-assumerole-not-identity-awsdocs.json")),
        h,
        h.stats);

    assertThat(h.changes).isEmpty();
    assertThat(counting).allSatisfy(p -> assertThat(p.asked).hasValue(0));
  }

  @Test
  void theBenchmarkCorpusYieldsNoIdentityChangeAndLosesNoCommand(@TempDir Path dir)
      throws IOException {
    CloudTrailCorpus.Manifest corpus = CloudTrailCorpus.generate(dir, 2_000_000, 500_000, 7, 2);
    Heard.Counting identity = new Heard.Counting(new CloudTrailIdentityParser());
    List<RecordParser> parsers = new ArrayList<>();
    parsers.add(identity);
    ControlPlaneParsers.all().stream()
        .filter(p -> !p.getClass().getPackageName().equals(IdentityParsers.class.getPackageName()))
        .forEach(parsers::add);
    Ingestor ingestor = new Ingestor(parsers, Ingestor.DEFAULT_MAX_RECORD_BYTES, false);
    Heard h = new Heard();
    for (Path f : corpus.files()) {
      ingestor.ingestFile(f, h, h.stats);
    }

    assertThat(h.changes).isEmpty();
    assertThat(identity.accepted).hasValue(0);
    assertThat(h.commands).hasSize((int) corpus.commands());
  }

  @Test
  void fieldTableCoversEveryChangeField() {
    assertThat(parser.fieldTable())
        .extracting(io.runwatch.core.ingest.FieldMapping::modelField)
        .contains("subject", "actor", "kind", "time", "detail");
  }

  private List<IdentityChange> parse(JsonNode record) throws Exception {
    assertThat(parser.accepts(record)).isTrue();
    Heard h = new Heard();
    parser.parse(record, new RecordRef("t", 0, -1), h);
    return h.changes;
  }

  /** The records of every fixture file under {@code dir}, S3 delivery files unpacked. */
  static List<JsonNode> records(Path dir) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        if (f.getFileName().toString().contains(".expected.")) {
          continue;
        }
        JsonNode n = JSON.readTree(f.toFile());
        if (n.has("Records")) {
          n.get("Records").forEach(out::add);
        } else if (n.isArray()) {
          n.forEach(out::add);
        } else {
          out.add(n);
        }
      }
    }
    return out;
  }

  private static byte[] readBytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static IdentityChange single(List<IdentityChange> changes) {
    assertThat(changes).hasSize(1);
    return changes.get(0);
  }
}
