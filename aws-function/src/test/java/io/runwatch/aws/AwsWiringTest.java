package io.runwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;

/** What the cold start builds: the wiring asks only for the clients the first event needs. */
class AwsWiringTest {
  final List<String> built = new ArrayList<>();

  final ClientSetup recording =
      new ClientSetup() {
        @Override
        public <B extends AwsClientBuilder<B, ?>> B apply(B builder, String service) {
          built.add(service);
          return builder;
        }
      };

  final Map<String, String> env =
      Map.of(
          AwsConfig.BASELINES,
          "baselines",
          AwsConfig.FINDINGS,
          "findings",
          AwsConfig.PENDING,
          "pending",
          AwsConfig.JOURNAL,
          "journal",
          AwsConfig.TOPIC,
          "arn:aws:sns:us-east-1:111122223333:findings",
          AwsConfig.LOG_GROUPS,
          "/runwatch/sysmon",
          "AWS_REGION",
          "us-east-1");

  @Test
  void theDetectionIsWiredWithTheDynamoDbClientOnly() {
    new AwsWiring(env, recording, Clock.systemUTC()).detection();

    // SNS (and SSM, Logs, EC2) are built when an event first needs them.
    assertThat(built).containsExactly("dynamodb");
  }
}
