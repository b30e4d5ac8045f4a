package io.runwatch.aws.ssm;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.runwatch.aws.testing.AwsWireMock;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Test helper: fixtures of this package and commands to fetch. */
final class SsmFixtures {
  static final String COMMAND_ID = "66f512ca-649f-46af-9dee-8f32d4c1e489";

  private SsmFixtures() {}

  static String json(String name) {
    try (InputStream in = SsmFixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static AdminCommand sendCommand(String commandId, String region) {
    return AdminCommand.builder()
        .operation(Operation.SEND_COMMAND)
        .eventName("SendCommand")
        .account("111122223333")
        .region(region)
        .commandId(commandId)
        .document("AWS-RunShellScript")
        .time(Instant.parse("2026-11-18T03:11:28Z"))
        .build();
  }

  /** Clients of the home region (us-east-1) only, against {@code server}. */
  static RegionalClients<SsmClient> clients(WireMockServer server, int maxAttempts) {
    return new RegionalClients<>(
        AwsWireMock.REGION.id(),
        region -> AwsWireMock.client(SsmClient.builder(), server, maxAttempts));
  }
}
