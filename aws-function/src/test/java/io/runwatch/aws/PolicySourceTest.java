package io.runwatch.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runwatch.aws.testing.AwsWireMock;
import io.runwatch.core.policy.Policy;
import io.runwatch.core.policy.PolicyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.ssm.SsmClient;

class PolicySourceTest {
  static final String POLICY =
      """
      version: 1
      admins:
        - pattern: "arn:aws:iam::111122223333:role/Admin"
          cloud: AWS
      """;

  WireMockServer server;
  S3Client s3;
  SsmClient ssm;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort());
    server.start();
    s3 =
        AwsWireMock.client(
            S3Client.builder()
                .serviceConfiguration(
                    S3Configuration.builder().pathStyleAccessEnabled(true).build()),
            server,
            1);
    ssm = AwsWireMock.client(SsmClient.builder(), server, 1);
  }

  @AfterEach
  void stop() {
    s3.close();
    ssm.close();
    server.stop();
  }

  @Test
  void readsThePolicyObjectFromS3WithASignedGet() {
    server.stubFor(
        get(urlEqualTo("/runwatch-config/policies/prod.yaml"))
            .willReturn(aResponse().withStatus(200).withBody(POLICY)));

    Policy p = PolicySource.load("s3://runwatch-config/policies/prod.yaml", s3, ssm);

    assertThat(p).isNotEqualTo(Policy.defaults());
    LoggedRequest sent = server.findAll(anyRequestedFor(anyUrl())).get(0);
    assertThat(sent.getMethod().getName()).isEqualTo("GET");
    AwsWireMock.assertSigned(sent, "s3");
  }

  @Test
  void readsASecureStringParameterDecrypted() {
    server.stubFor(
        post(urlEqualTo("/"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(
                        "{\"Parameter\":{\"Name\":\"/runwatch/policy\",\"Type\":\"SecureString\","
                            + "\"Value\":\""
                            + new String(
                                com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance()
                                    .quoteAsString(POLICY))
                            + "\",\"Version\":3}}")));

    Policy p = PolicySource.load("ssm:/runwatch/policy", s3, ssm);

    assertThat(p).isNotEqualTo(Policy.defaults());
    LoggedRequest sent = server.findAll(anyRequestedFor(anyUrl())).get(0);
    assertThat(sent.getHeader("X-Amz-Target")).isEqualTo("AmazonSSM.GetParameter");
    assertThat(sent.getBodyAsString())
        .contains("\"Name\":\"/runwatch/policy\"", "\"WithDecryption\":true");
    AwsWireMock.assertSigned(sent, "ssm");
  }

  @Test
  void aBadPolicyFailsWithItsLocationAndLine() {
    server.stubFor(
        get(urlEqualTo("/runwatch-config/policy.yaml"))
            .willReturn(aResponse().withStatus(200).withBody("version: 1\nadmns: []\n")));

    assertThatThrownBy(() -> PolicySource.load("s3://runwatch-config/policy.yaml", s3, ssm))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("s3://runwatch-config/policy.yaml")
        .hasMessageContaining("admns");
  }
}
