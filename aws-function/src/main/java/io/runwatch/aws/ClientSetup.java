package io.runwatch.aws;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;

/**
 * A last word on every SDK client the wiring builds: nothing in Lambda (region, credentials and
 * endpoints come from the runtime), endpoints and test credentials in the end-to-end tests and the
 * cold-start benchmark, so they run the production wiring against emulators.
 */
interface ClientSetup {
  /**
   * @param service the SDK's service id in lower case ({@code dynamodb}, {@code sns}, {@code ssm},
   *     {@code logs}, {@code ec2}, {@code s3}, {@code securityhub})
   */
  <B extends AwsClientBuilder<B, ?>> B apply(B builder, String service);

  ClientSetup LAMBDA =
      new ClientSetup() {
        @Override
        public <B extends AwsClientBuilder<B, ?>> B apply(B builder, String service) {
          return builder;
        }
      };
}
