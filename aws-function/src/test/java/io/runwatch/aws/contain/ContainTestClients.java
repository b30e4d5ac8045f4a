package io.runwatch.aws.contain;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runwatch.aws.testing.AwsWireMock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * One WireMock server standing in for IAM, EC2 and SSM (and SNS): query-protocol calls are told
 * apart by their {@code Action=} form field, SSM's JSON 1.1 by {@code X-Amz-Target}. Every request
 * can be read back decoded and checked for its SigV4 signature.
 */
public final class ContainTestClients implements ContainmentClients, AutoCloseable {
  private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=([A-Za-z]+)");

  public final WireMockServer server = new WireMockServer(options().dynamicPort());
  private final IamClient iam;
  private final Ec2Client ec2;
  private final SsmClient ssm;
  private final SnsClient sns;

  public ContainTestClients() {
    server.start();
    iam = AwsWireMock.client(IamClient.builder(), server, 1);
    ec2 = AwsWireMock.client(Ec2Client.builder(), server, 1);
    ssm = AwsWireMock.client(SsmClient.builder(), server, 1);
    sns = AwsWireMock.client(SnsClient.builder(), server, 1);
  }

  public SnsClient sns() {
    return sns;
  }

  @Override
  public IamClient iam() {
    return iam;
  }

  @Override
  public Ec2Client ec2(String region) {
    return ec2;
  }

  @Override
  public SsmClient ssm(String region) {
    return ssm;
  }

  /** Answers the query-protocol {@code action} with the fixture {@code file}. */
  public void query(String action, int status, String file) {
    server.stubFor(
        post(anyUrl())
            .withRequestBody(containing("Action=" + action + "&"))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "text/xml")
                    .withBody(fixture(file))));
  }

  /** Answers the SSM JSON 1.1 {@code target} (e.g. ListCommands) with {@code body}. */
  public void ssm(String operation, int status, String body) {
    server.stubFor(
        post(anyUrl())
            .withHeader("X-Amz-Target", equalTo("AmazonSSM." + operation))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(body)));
  }

  public List<LoggedRequest> requests() {
    return server.findAll(anyRequestedFor(anyUrl()));
  }

  /** The operations received, in order: {@code Action=} names and SSM targets. */
  public List<String> operations() {
    return requests().stream().map(ContainTestClients::operation).toList();
  }

  /** The decoded form body of the {@code n}th request for {@code action}. */
  public String form(String action, int n) {
    return requests().stream()
        .filter(r -> action.equals(operation(r)))
        .map(r -> decode(r.getBodyAsString()))
        .toList()
        .get(n);
  }

  /** Asserts every request was signed for the service it went to. */
  public void assertAllSigned() {
    for (LoggedRequest r : requests()) {
      AwsWireMock.assertSigned(r, service(r));
    }
  }

  public static String operation(LoggedRequest r) {
    String target = r.getHeader("X-Amz-Target");
    if (target != null) {
      return target.substring(target.indexOf('.') + 1);
    }
    Matcher m = ACTION.matcher(r.getBodyAsString());
    return m.find() ? m.group(1) : "?";
  }

  private static String service(LoggedRequest r) {
    if (r.getHeader("X-Amz-Target") != null) {
      return "ssm";
    }
    String body = r.getBodyAsString();
    if (body.contains("Version=2010-05-08")) {
      return "iam";
    }
    if (body.contains("Version=2010-03-31")) {
      return "sns";
    }
    return "ec2";
  }

  static String decode(String form) {
    return URLDecoder.decode(form, StandardCharsets.UTF_8);
  }

  public static String fixture(String name) {
    try (InputStream in =
        ContainTestClients.class.getResourceAsStream("/io/runwatch/aws/contain/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
