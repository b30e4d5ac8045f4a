package io.runwatch.aws.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runwatch.aws.testing.AwsWireMock;
import io.runwatch.core.port.FindingNotifier.NotificationException;
import io.runwatch.core.triage.Finding;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Security Hub {@code BatchImportFindings} (REST-JSON, {@code POST /findings/import}) as the SDK
 * sends it: the ASFF body and its SigV4 signature for service {@code securityhub}; a response with
 * {@code FailedCount > 0}; and the composite's order (SNS first, a Security Hub failure after SNS
 * succeeded does not fail the publish).
 */
class SecurityHubWireMockTest {
  static final String OK = "{\"FailedCount\":0,\"SuccessCount\":1,\"FailedFindings\":[]}";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-19T08:00:00Z"), ZoneOffset.UTC);

  WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private void export(Finding f) {
    try (SecurityHubClient hub = AwsWireMock.client(SecurityHubClient.builder(), server, 1)) {
      new SecurityHubFindingExporter(hub, NotifyFindings.config(), CLOCK).publish(f);
    }
  }

  @Test
  void importsOneSignedAsffFinding() {
    server.stubFor(post(urlEqualTo("/findings/import")).willReturn(aResponse().withBody(OK)));
    Finding f = NotifyFindings.awsTop();
    export(f);

    LoggedRequest sent = server.findAll(anyRequestedFor(anyUrl())).get(0);
    AwsWireMock.assertSigned(sent, "securityhub");
    JsonNode asff = SnsDelivered.tree(sent.getBodyAsString()).path("Findings").get(0);
    assertThat(asff.path("SchemaVersion").asText()).isEqualTo("2018-10-08");
    assertThat(asff.path("Id").asText()).isEqualTo(f.id());
    assertThat(asff.path("ProductArn").asText())
        .isEqualTo("arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default");
    assertThat(asff.path("GeneratorId").asText()).startsWith("runwatch/");
    assertThat(asff.path("AwsAccountId").asText()).isEqualTo(f.command().account());
    assertThat(asff.path("Types").get(0).asText()).isEqualTo("TTPs/Execution/T1651");
    assertThat(asff.path("CreatedAt").asText()).isEqualTo(f.time().toString());
    assertThat(asff.path("UpdatedAt").asText()).isEqualTo("2026-11-19T08:00:00Z");
    assertThat(asff.path("Severity").path("Label").asText()).isEqualTo(f.severity().name());
    assertThat(asff.path("FindingProviderFields").path("Severity").path("Label").asText())
        .isEqualTo(f.severity().name());
    assertThat(asff.path("Title").asText()).hasSizeLessThanOrEqualTo(256).contains("SendCommand");
    assertThat(asff.path("Description").asText()).hasSizeLessThanOrEqualTo(1024);
    List<String> types = new ArrayList<>();
    asff.path("Resources").forEach(r -> types.add(r.path("Type").asText()));
    assertThat(types).contains("AwsEc2Instance");
    assertThat(types.getLast()).isIn("AwsIamUser", "AwsIamRole", "Other");
    asff.path("Resources")
        .forEach(
            r -> {
              if (r.path("Type").asText().equals("AwsEc2Instance")) {
                assertThat(r.path("Id").asText())
                    .matches("arn:aws:ec2:[a-z0-9-]+:\\d{12}:instance/i-[0-9a-f]+");
              }
            });
    assertThat(asff.path("ProductFields").path("runwatch/findingId").asText()).isEqualTo(f.id());
    assertThat(asff.path("ProductFields").path("runwatch/score").asInt()).isEqualTo(f.score());
    assertThat(asff.path("Remediation").path("Recommendation").path("Text").asText())
        .hasSizeLessThanOrEqualTo(512)
        .contains(f.id());
  }

  @Test
  void aRejectedFindingNamesItsIdAndErrorCode() {
    Finding f = NotifyFindings.awsTop();
    server.stubFor(
        post(urlEqualTo("/findings/import"))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"FailedCount\":1,\"SuccessCount\":0,\"FailedFindings\":[{\"Id\":\""
                            + f.id()
                            + "\",\"ErrorCode\":\"InvalidInput\",\"ErrorMessage\":\"bad\"}]}")));
    assertThatThrownBy(() -> export(f))
        .isInstanceOfSatisfying(
            NotificationException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains(f.id()).contains("InvalidInput");
            });
  }

  @Test
  void aThrottledFindingIsRetryable() {
    Finding f = NotifyFindings.awsTop();
    server.stubFor(
        post(urlEqualTo("/findings/import"))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"FailedCount\":1,\"SuccessCount\":0,\"FailedFindings\":[{\"Id\":\""
                            + f.id()
                            + "\",\"ErrorCode\":\"ThrottlingException\",\"ErrorMessage\":\"slow\"}]}")));
    assertThatThrownBy(() -> export(f))
        .isInstanceOfSatisfying(
            NotificationException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void securityHubNotEnabledIsNotRetryable() {
    server.stubFor(
        post(urlEqualTo("/findings/import"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("x-amzn-ErrorType", "InvalidAccessException")
                    .withBody(
                        "{\"Code\":\"InvalidAccessException\",\"Message\":\"not subscribed\"}")));
    assertThatThrownBy(() -> export(NotifyFindings.awsTop()))
        .isInstanceOfSatisfying(
            NotificationException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("InvalidAccessException");
            });
  }

  @Test
  void compositePublishesToSnsOnceAndReportsASecurityHubFailureWithoutThrowing() {
    server.stubFor(
        post(urlEqualTo("/")).willReturn(aResponse().withBody(SnsWireMockTest.PUBLISHED)));
    server.stubFor(
        post(urlEqualTo("/findings/import"))
            .willReturn(aResponse().withStatus(503).withBody("{\"Code\":\"ServiceUnavailable\"}")));
    List<NotificationException> failures = new ArrayList<>();
    try (SnsClient sns = AwsWireMock.client(SnsClient.builder(), server, 1);
        SecurityHubClient hub = AwsWireMock.client(SecurityHubClient.builder(), server, 1)) {
      new CompositeNotifier(
              new SnsFindingNotifier(sns, NotifyFindings.config()),
              new SecurityHubFindingExporter(hub, NotifyFindings.config(), CLOCK),
              failures::add)
          .publish(NotifyFindings.awsTop());
    }
    server.verify(1, postRequestedFor(urlEqualTo("/")));
    server.verify(1, postRequestedFor(urlEqualTo("/findings/import")));
    assertThat(failures).singleElement().satisfies(e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void compositeFailsOnSnsAndLeavesSecurityHubAlone() {
    server.stubFor(
        post(urlEqualTo("/"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(SnsWireMockTest.error("Sender", "AuthorizationError", "no"))));
    server.stubFor(post(urlEqualTo("/findings/import")).willReturn(aResponse().withBody(OK)));
    try (SnsClient sns = AwsWireMock.client(SnsClient.builder(), server, 1);
        SecurityHubClient hub = AwsWireMock.client(SecurityHubClient.builder(), server, 1)) {
      CompositeNotifier composite =
          new CompositeNotifier(
              new SnsFindingNotifier(sns, NotifyFindings.config()),
              new SecurityHubFindingExporter(hub, NotifyFindings.config(), CLOCK),
              e -> {});
      assertThatThrownBy(() -> composite.publish(NotifyFindings.awsTop()))
          .isInstanceOf(NotificationException.class);
    }
    server.verify(0, postRequestedFor(urlEqualTo("/findings/import")));
  }
}
