package io.runwatch.aws.ssm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runwatch.aws.ssm.SsmInvocationStatuses.Statuses;
import io.runwatch.aws.testing.AwsWireMock;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.AgentStatusEvent.StatusKind;
import io.runwatch.core.model.Cloud;
import io.runwatch.core.port.CommandContentSource.Availability;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SsmInvocationStatusesTest {
  private static final String TARGET = "AmazonSSM.ListCommandInvocations";

  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static MappingBuilder listInvocations() {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET));
  }

  private void answer(MappingBuilder request, int status, String body) {
    server.stubFor(
        request.willReturn(
            aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody(body)));
  }

  private Statuses list(int maxAttempts, int maxInvocations) {
    return new SsmInvocationStatuses(SsmFixtures.clients(server, maxAttempts), maxInvocations)
        .of(SsmFixtures.sendCommand(SsmFixtures.COMMAND_ID, "us-east-1"));
  }

  private List<LoggedRequest> sent() {
    return server.findAll(postRequestedFor(anyUrl()));
  }

  private void twoPages() {
    answer(
        listInvocations().withRequestBody(matchingJsonPath("$[?(!@.NextToken)]")),
        200,
        SsmFixtures.json("list-command-invocations-page-1.json"));
    answer(
        listInvocations()
            .withRequestBody(
                matchingJsonPath("$.NextToken", equalTo("AAEAAfmDOcqGt3z4fExampleToken"))),
        200,
        SsmFixtures.json("list-command-invocations-page-2.json"));
  }

  @Test
  void everyPageBecomesTheStatusEventsCoreReadsFromEventBridge() {
    twoPages();

    Statuses s = list(1, 100);

    assertThat(s.availability()).isEqualTo(Availability.KNOWN);
    assertThat(s.detail()).isNull();
    assertThat(s.statuses()).hasSize(2);
    AgentStatusEvent ran = s.statuses().get(0);
    assertThat(ran.cloud()).isEqualTo(Cloud.AWS);
    assertThat(ran.kind()).isEqualTo(StatusKind.COMMAND_INVOCATION);
    assertThat(ran.account()).isEqualTo("111122223333");
    assertThat(ran.region()).isEqualTo("us-east-1");
    assertThat(ran.status()).isEqualTo("Success");
    assertThat(ran.commandId()).isEqualTo(SsmFixtures.COMMAND_ID);
    assertThat(ran.instanceId()).isEqualTo("i-0d4e5f6a7b8c9d0e1");
    assertThat(ran.documentName()).isEqualTo("AWS-RunShellScript");
    assertThat(ran.start()).isEqualTo(Instant.parse("2026-11-18T03:11:28.600Z"));
    assertThat(ran.end()).isEqualTo(Instant.parse("2026-11-18T03:11:29.900Z"));
    assertThat(ran.time()).isEqualTo(ran.end());
    assertThat(ran.parameters()).isEmpty();

    AgentStatusEvent undelivered = s.statuses().get(1);
    assertThat(undelivered.instanceId()).isEqualTo("i-0e5f6a7b8c9d0e1f2");
    assertThat(undelivered.status())
        .as("TimedOut in delivery never ran: the details say so")
        .isEqualTo("Delivery Timed Out");
    assertThat(undelivered.start()).isNull();
    assertThat(undelivered.time()).isEqualTo(Instant.parse("2026-11-18T03:11:28.500Z"));

    assertThat(sent()).hasSize(2);
    assertThat(
            equalToJson("{\"CommandId\":\"" + SsmFixtures.COMMAND_ID + "\",\"Details\":true}")
                .match(sent().get(0).getBodyAsString())
                .isExactMatch())
        .as("first request %s", sent().get(0).getBodyAsString())
        .isTrue();
    sent().forEach(r -> AwsWireMock.assertSigned(r, "ssm"));
    sent().forEach(r -> assertThat(r.getHeader("X-Amz-Target")).isEqualTo(TARGET));
  }

  @Test
  void stopsAtTheBoundAndSaysSo() {
    twoPages();

    Statuses s = list(1, 1);

    assertThat(s.statuses()).hasSize(1);
    assertThat(s.availability()).isEqualTo(Availability.KNOWN);
    assertThat(s.detail()).contains("cut at 1");
  }

  @Test
  void failuresReturnNothingAndTheReason() {
    answer(
        listInvocations(),
        400,
        "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
    Statuses throttled = list(2, 100);
    assertThat(throttled.statuses()).isEmpty();
    assertThat(throttled.availability()).isEqualTo(Availability.THROTTLED);
    assertThat(sent()).hasSize(2);

    server.resetAll();
    answer(listInvocations(), 400, "{\"__type\":\"AccessDeniedException\",\"Message\":\"no\"}");
    assertThat(list(1, 100).availability()).isEqualTo(Availability.DENIED);

    server.resetAll();
    answer(listInvocations(), 400, "{\"__type\":\"InvalidCommandId\",\"Message\":\"\"}");
    assertThat(list(1, 100).availability()).isEqualTo(Availability.NOT_FOUND);

    server.resetAll();
    answer(listInvocations(), 503, "{\"__type\":\"InternalServerError\"}");
    Statuses error = list(1, 100);
    assertThat(error.availability()).isEqualTo(Availability.ERROR);
    assertThat(error.detail()).contains("ssm:ListCommandInvocations").contains("HTTP 503");

    server.resetAll();
    answer(listInvocations(), 200, "{\"CommandInvocations\":[]}");
    assertThat(list(1, 100).availability()).isEqualTo(Availability.NOT_FOUND);
  }
}
