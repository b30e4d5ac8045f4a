package io.runwatch.aws.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.runwatch.core.render.FindingJson;
import io.runwatch.core.triage.Finding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SNS to SQS on LocalStack, which applies {@code MessageStructure=json} as AWS does (fauxqs does
 * not): the raw {@code sqs} body is the finding JSON itself. Skips without Docker; {@link
 * SnsFauxqsTest} covers the same path everywhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class SnsLocalStackTest {
  @Container
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
          .withServices(LocalStackContainer.Service.SNS, LocalStackContainer.Service.SQS);

  @Test
  void theSqsProtocolGetsTheFindingJson() {
    var creds =
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
    try (SnsClient sns =
            SnsClient.builder()
                .endpointOverride(LOCALSTACK.getEndpoint())
                .region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(creds)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        SqsClient sqs =
            SqsClient.builder()
                .endpointOverride(LOCALSTACK.getEndpoint())
                .region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(creds)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
      String topic = sns.createTopic(r -> r.name("runwatch-findings")).topicArn();
      String queue = sqs.createQueue(r -> r.queueName("soc")).queueUrl();
      String arn =
          sqs.getQueueAttributes(
                  r -> r.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes()
              .get(QueueAttributeName.QUEUE_ARN);
      sns.subscribe(
          r ->
              r.topicArn(topic)
                  .protocol("sqs")
                  .endpoint(arn)
                  .attributes(
                      Map.of("RawMessageDelivery", "true", "FilterPolicy", SnsFauxqsTest.FILTER)));
      Finding f = NotifyFindings.awsTop();
      String account = topic.split(":")[4];
      new SnsFindingNotifier(
              sns, new NotifyConfig(topic, null, false, LOCALSTACK.getRegion(), account))
          .publish(f);
      List<Message> got =
          sqs.receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(5).messageAttributeNames("All"))
              .messages();
      assertThat(got)
          .singleElement()
          .satisfies(m -> assertThat(m.body()).isEqualTo(FindingJson.toJson(f)));
    }
  }
}
