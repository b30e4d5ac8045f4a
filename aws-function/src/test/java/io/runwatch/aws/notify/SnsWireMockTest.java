package io.runwatch.aws.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runwatch.aws.testing.AwsWireMock;
import io.runwatch.core.port.FindingNotifier.NotificationException;
import io.runwatch.core.triage.Finding;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The SNS {@code Publish} request the SDK really sends (query protocol, form-encoded, SigV4 for
 * service {@code sns}) and how SNS's documented errors map to retryable or not.
 */
class SnsWireMockTest {
  static final String PUBLISHED =
      """
      <PublishResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/">
        <PublishResult><MessageId>567910cd-659e-55d4-8ccb-5aaf14679dc0</MessageId></PublishResult>
        <ResponseMetadata><RequestId>d74b8436-ae13-5ab4-a9ff-ce54dfea72a0</RequestId></ResponseMetadata>
      </PublishResponse>
      """;

  static String error(String type, String code, String message) {
    return "<ErrorResponse xmlns=\"https://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>"
        + type
        + "</Type><Code>"
        + code
        + "</Code><Message>"
        + message
        + "</Message></Error><RequestId>9b3bd7b3-0fd2-5c4e-9a8b-000000000000</RequestId>"
        + "</ErrorResponse>";
  }

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

  private void publish(Finding f) {
    try (SnsClient sns = AwsWireMock.client(SnsClient.builder(), server, 1)) {
      new SnsFindingNotifier(sns, NotifyFindings.config()).publish(f);
    }
  }

  static Map<String, String> form(LoggedRequest r) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String pair : r.getBodyAsString().split("&")) {
      int eq = pair.indexOf('=');
      m.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return m;
  }

  @Test
  void publishesOneSignedStructuredMessageWithSubjectAndAttributes() {
    server.stubFor(
        post(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withBody(PUBLISHED)));
    Finding f = NotifyFindings.awsTop();
    publish(f);

    LoggedRequest sent = server.findAll(anyRequestedFor(anyUrl())).get(0);
    AwsWireMock.assertSigned(sent, "sns");
    Map<String, String> form = form(sent);
    assertThat(form)
        .containsEntry("Action", "Publish")
        .containsEntry("TopicArn", "arn:aws:sns:us-east-1:111122223333:runwatch-findings")
        .containsEntry("MessageStructure", "json")
        .containsEntry("Subject", EmailNotification.subject(f));
    Map<String, String[]> attributes = new LinkedHashMap<>();
    for (int i = 1; form.containsKey("MessageAttributes.entry." + i + ".Name"); i++) {
      String p = "MessageAttributes.entry." + i;
      attributes.put(
          form.get(p + ".Name"),
          new String[] {form.get(p + ".Value.DataType"), form.get(p + ".Value.StringValue")});
    }
    assertThat(attributes.keySet())
        .containsExactlyInAnyOrder(
            "severity", "detector", "account", "cloud", "escalate", "findingId");
    assertThat(attributes.get("severity")).containsExactly("String", f.severity().name());
    assertThat(attributes.get("detector")[0]).isEqualTo("String.Array");
    assertThat(SnsDelivered.tree(attributes.get("detector")[1]).get(0).asText())
        .isEqualTo(f.hits().get(0).detectorId());
    assertThat(attributes.get("escalate")).containsExactly("String", "true");
    assertThat(attributes.get("findingId")).containsExactly("String", f.id());

    var message = SnsDelivered.tree(form.get("Message"));
    assertThat(message.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("default", "https", "email", "sqs", "lambda");
    assertThat(message.get("default").asText()).isEqualTo(message.get("https").asText());
    assertThat(SnsDelivered.tree(message.get("default").asText()).path("source").asText())
        .isEqualTo("custom");
    assertThat(message.get("email").asText()).contains("Finding id: " + f.id());
    assertThat(message.get("sqs").asText()).startsWith("{\"type\":\"finding\"");
  }

  @Test
  void throttlingIsRetryable() {
    server.stubFor(
        post(urlEqualTo("/"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(error("Sender", "Throttling", "Rate exceeded"))));
    assertThatThrownBy(() -> publish(NotifyFindings.awsTop()))
        .isInstanceOfSatisfying(
            NotificationException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).contains("Throttling").contains("400");
            });
  }

  @Test
  void internalErrorIsRetryable() {
    server.stubFor(
        post(urlEqualTo("/"))
            .willReturn(
                aResponse().withStatus(500).withBody(error("Receiver", "InternalError", "oops"))));
    assertThatThrownBy(() -> publish(NotifyFindings.awsTop()))
        .isInstanceOfSatisfying(
            NotificationException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void authorizationErrorIsNotRetryableAndNamesNoArn() {
    server.stubFor(
        post(urlEqualTo("/"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(
                        error(
                            "Sender",
                            "AuthorizationError",
                            "User is not authorized to perform: SNS:Publish"))));
    assertThatThrownBy(() -> publish(NotifyFindings.awsTop()))
        .isInstanceOfSatisfying(
            NotificationException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("AuthorizationError").doesNotContain("arn:");
            });
  }

  @Test
  void kmsAccessDeniedAndNotFoundAreNotRetryable() {
    for (String[] c : new String[][] {{"KMSAccessDenied", "400"}, {"NotFound", "404"}}) {
      server.resetAll();
      server.stubFor(
          post(urlEqualTo("/"))
              .willReturn(
                  aResponse()
                      .withStatus(Integer.parseInt(c[1]))
                      .withBody(error("Sender", c[0], "no"))));
      assertThatThrownBy(() -> publish(NotifyFindings.awsTop()))
          .isInstanceOfSatisfying(
              NotificationException.class, e -> assertThat(e.retryable()).as(c[0]).isFalse());
    }
  }
}
