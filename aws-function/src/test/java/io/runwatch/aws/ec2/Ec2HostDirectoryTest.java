package io.runwatch.aws.ec2;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runwatch.aws.testing.AwsWireMock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

class Ec2HostDirectoryTest {
  private static final String DB = "i-0d4e5f6a7b8c9d0e1";

  private WireMockServer server;
  private Instant now = Instant.parse("2026-11-18T04:00:00Z");
  private final InstantSource clock = () -> now;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private Ec2HostDirectory directory(int maxEntries) {
    return new Ec2HostDirectory(
        () -> AwsWireMock.client(Ec2Client.builder(), server, 1),
        maxEntries,
        Duration.ofHours(1),
        Duration.ofMinutes(5),
        clock);
  }

  private void answer(String bodyContains, int status, String xml) {
    server.stubFor(
        post(urlEqualTo("/"))
            .withRequestBody(containing(bodyContains))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "text/xml")
                    .withBody(xml)));
  }

  private static String fixture(String name) {
    try (InputStream in = Ec2HostDirectoryTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<LoggedRequest> sent() {
    return server.findAll(postRequestedFor(anyUrl()));
  }

  @Test
  void mapsAPrivateDnsNameToItsInstanceAndAccount() {
    answer("Action=DescribeInstances", 200, fixture("describe-instances-ip-10-0-2-21.xml"));
    Ec2HostDirectory d = directory(100);

    assertThat(d.vmOf("ip-10-0-2-21.ec2.internal")).isEqualTo(DB);
    assertThat(d.accountOf("IP-10-0-2-21.ec2.internal.")).isEqualTo("111122223333");

    assertThat(sent()).as("the second answer came from the cache").hasSize(1);
    LoggedRequest r = sent().get(0);
    assertThat(r.getBodyAsString())
        .startsWith("Action=DescribeInstances&Version=2016-11-15")
        .contains("Filter.1.Name=private-dns-name&Filter.1.Value.1=ip-10-0-2-21.ec2.internal");
    AwsWireMock.assertSigned(r, "ec2");
  }

  @Test
  void theShortHostNameIsLookedUpWithAWildcard() {
    answer("Action=DescribeInstances", 200, fixture("describe-instances-ip-10-0-2-21.xml"));

    assertThat(directory(100).vmOf("ip-10-0-2-21")).isEqualTo(DB);

    assertThat(sent().get(0).getBodyAsString())
        .contains("Filter.1.Name=private-dns-name&Filter.1.Value.1=ip-10-0-2-21.*");
    AwsWireMock.assertSigned(sent().get(0), "ec2");
  }

  @Test
  void instanceIdsAnswerWithoutACall() {
    Ec2HostDirectory d = directory(100);

    assertThat(d.vmOf(DB)).isEqualTo(DB);
    assertThat(d.vmOf("i-0d4e5f6a7b8c9d0e1.us-west-2.compute.internal")).isEqualTo(DB);
    assertThat(sent()).isEmpty();
  }

  @Test
  void unknownAndAmbiguousNamesAreNullAndUnknownsAreCachedForAWhile() {
    answer("ip-10-0-9-9", 200, fixture("describe-instances-empty.xml"));
    answer("ip-10-0-1-21", 200, fixture("describe-instances-two-vpcs.xml"));
    Ec2HostDirectory d = directory(100);

    assertThat(d.vmOf("ip-10-0-9-9.ec2.internal")).isNull();
    assertThat(d.vmOf("ip-10-0-9-9.ec2.internal")).isNull();
    assertThat(d.vmOf("ip-10-0-1-21.ec2.internal")).as("two VPCs, no guess").isNull();
    assertThat(d.vmOf("web-01.corp.example")).as("not an EC2 name: no call").isNull();
    assertThat(sent()).hasSize(2);

    now = now.plus(Duration.ofMinutes(6));
    assertThat(d.vmOf("ip-10-0-9-9.ec2.internal")).isNull();
    assertThat(sent()).as("the negative entry expired").hasSize(3);
  }

  @Test
  void theCacheIsBounded() {
    answer("Action=DescribeInstances", 200, fixture("describe-instances-empty.xml"));
    Ec2HostDirectory d = directory(2);

    d.vmOf("ip-10-0-0-1");
    d.vmOf("ip-10-0-0-2");
    d.vmOf("ip-10-0-0-3");
    d.vmOf("ip-10-0-0-1");

    assertThat(d.cached()).isEqualTo(2);
    assertThat(sent()).as("the eldest was dropped and asked again").hasSize(4);
  }

  @Test
  void failuresAreUnknownAndNotCached() {
    answer(
        "Action=DescribeInstances",
        503,
        "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit"
            + " exceeded.</Message></Error></Errors><RequestID>ex</RequestID></Response>");
    Ec2HostDirectory d = directory(100);

    assertThat(d.vmOf("ip-10-0-2-21")).isNull();
    assertThat(d.cached()).isZero();

    server.resetAll();
    answer("Action=DescribeInstances", 200, fixture("describe-instances-ip-10-0-2-21.xml"));
    assertThat(d.vmOf("ip-10-0-2-21")).isEqualTo(DB);
  }

  @Test
  void hostNamesOfAnInstanceFeedTheTelemetryQuery() {
    answer("instance-id", 200, fixture("describe-instances-ip-10-0-2-21.xml"));

    assertThat(directory(100).hostNamesOf(DB))
        .containsExactly("ip-10-0-2-21.ec2.internal", "ip-10-0-2-21");
    assertThat(sent().get(0).getBodyAsString())
        .contains("Filter.1.Name=instance-id&Filter.1.Value.1=" + DB);
  }
}
