package io.runwatch.aws.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.runwatch.aws.testing.Fauxqs;
import io.runwatch.core.detect.Severity;
import io.runwatch.core.render.FindingJson;
import io.runwatch.core.triage.Finding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SNS to SQS through fauxqs: findings of four severities published by {@link SnsFindingNotifier} to
 * a topic with two queues subscribed with the filter policy {@code {"severity":["CRITICAL",
 * "HIGH"]}}, one with raw message delivery and one with the SNS envelope. Only the CRITICAL and
 * HIGH findings arrive, with the subject, the attributes and the finding JSON as the {@code sqs}
 * body.
 */
class SnsFauxqsTest {
  static final String FILTER = "{\"severity\":[\"CRITICAL\",\"HIGH\"]}";

  static Fauxqs fauxqs;
  static SnsClient sns;
  static SqsClient sqs;

  @BeforeAll
  static void start() {
    fauxqs = Fauxqs.start();
    var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    sns =
        SnsClient.builder()
            .endpointOverride(fauxqs.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(creds)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    sqs =
        SqsClient.builder()
            .endpointOverride(fauxqs.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(creds)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
  }

  @AfterAll
  static void stop() {
    if (sns != null) {
      sns.close();
      sqs.close();
    }
    if (fauxqs != null) {
      fauxqs.close();
    }
  }

  @Test
  void onlyTheFilteredSeveritiesArriveWithTheirBodiesAndAttributes() {
    String topic = sns.createTopic(r -> r.name("runwatch-findings")).topicArn();
    String rawQueue = queue("soc-raw");
    String envelopeQueue = queue("soc-envelope");
    subscribe(topic, rawQueue, true);
    subscribe(topic, envelopeQueue, false);

    List<Finding> findings = new ArrayList<>();
    findings.add(NotifyFindings.awsTop());
    findings.add(NotifyFindings.aws(Severity.HIGH).orElseThrow());
    findings.add(NotifyFindings.aws(Severity.LOW).orElseThrow());
    findings.add(
        NotifyFindings.demo().stream()
            .filter(f -> f.severity() == Severity.MEDIUM)
            .findFirst()
            .orElseThrow());
    NotifyConfig config =
        new NotifyConfig(topic, "runwatch-contain", false, "us-east-1", "000000000000");
    SnsFindingNotifier notifier = new SnsFindingNotifier(sns, config);
    findings.forEach(notifier::publish);

    List<Message> raw = receive(rawQueue, 2);
    assertThat(raw)
        .extracting(m -> m.messageAttributes().get("severity").stringValue())
        .containsExactlyInAnyOrder("CRITICAL", "HIGH");
    for (Message m : raw) {
      Finding f = byId(findings, m.messageAttributes().get("findingId").stringValue());
      assertThat(SnsDelivered.sqsBody(m.body())).isEqualTo(FindingJson.toJson(f));
      assertThat(m.messageAttributes().get("detector").dataType()).isEqualTo("String.Array");
      JsonNode detectors = SnsDelivered.tree(m.messageAttributes().get("detector").stringValue());
      assertThat(detectors)
          .hasSize((int) f.hits().stream().map(h -> h.detectorId()).distinct().count());
      assertThat(m.messageAttributes().get("escalate").stringValue())
          .isEqualTo(Boolean.toString(f.escalation().escalate()));
      assertThat(m.messageAttributes().get("account").stringValue())
          .isEqualTo(f.command().account());
      assertThat(m.messageAttributes().get("cloud").stringValue()).isEqualTo("AWS");
    }

    List<Message> wrapped = receive(envelopeQueue, 2);
    assertThat(wrapped).hasSize(2);
    for (Message m : wrapped) {
      JsonNode envelope = SnsDelivered.tree(m.body());
      assertThat(envelope.path("Type").asText()).isEqualTo("Notification");
      assertThat(envelope.path("TopicArn").asText()).isEqualTo(topic);
      Finding f =
          byId(
              findings,
              envelope.path("MessageAttributes").path("findingId").path("Value").asText());
      assertThat(f.severity()).isIn(Severity.CRITICAL, Severity.HIGH);
      assertThat(envelope.path("Subject").asText()).isEqualTo(EmailNotification.subject(f));
      assertThat(envelope.path("MessageAttributes").path("severity").path("Value").asText())
          .isEqualTo(f.severity().name());
      assertThat(SnsDelivered.sqsBody(envelope.path("Message").asText()))
          .isEqualTo(FindingJson.toJson(f));
    }
    assertThat(receive(rawQueue, 1)).as("nothing else arrived").isEmpty();
  }

  private static Finding byId(List<Finding> findings, String id) {
    return findings.stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
  }

  private static String queue(String name) {
    return sqs.createQueue(r -> r.queueName(name)).queueUrl();
  }

  private static void subscribe(String topic, String queueUrl, boolean raw) {
    String arn =
        sqs.getQueueAttributes(
                r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    sns.subscribe(
        r ->
            r.topicArn(topic)
                .protocol("sqs")
                .endpoint(arn)
                .attributes(
                    Map.of("FilterPolicy", FILTER, "RawMessageDelivery", Boolean.toString(raw))));
  }

  /** Receives until {@code expected} messages came or 3 s passed without one. */
  static List<Message> receive(String queueUrl, int expected) {
    List<Message> out = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (out.size() < expected && System.nanoTime() < deadline) {
      List<Message> got =
          sqs.receiveMessage(
                  r ->
                      r.queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(1)
                          .messageAttributeNames("All"))
              .messages();
      for (Message m : got) {
        out.add(m);
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      }
    }
    return out;
  }
}
