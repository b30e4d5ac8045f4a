package io.runwatch.aws.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.StsClient;

class AwsWireMockTest {
  private static final String CALLER_IDENTITY =
      """
      <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
        <GetCallerIdentityResult>
          <Arn>arn:aws:iam::111122223333:user/responder</Arn>
          <UserId>AIDAEXAMPLE</UserId>
          <Account>111122223333</Account>
        </GetCallerIdentityResult>
        <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
      </GetCallerIdentityResponse>
      """;

  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort());
    server.start();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody(CALLER_IDENTITY)));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void recomputesTheSignatureOfWhatTheSdkSent() {
    try (StsClient sts = AwsWireMock.client(StsClient.builder(), server, 1)) {
      assertThat(sts.getCallerIdentity().account()).isEqualTo("111122223333");
    }
    LoggedRequest sent = server.findAll(anyRequestedFor(anyUrl())).get(0);
    assertThat(sent.getBodyAsString()).contains("Action=GetCallerIdentity");
    AwsWireMock.assertSigned(sent, "sts");
  }

  @Test
  void aChangedBodyOrTheWrongServiceFailsTheCheck() {
    try (StsClient sts = AwsWireMock.client(StsClient.builder(), server, 1)) {
      sts.getCallerIdentity();
    }
    LoggedRequest sent = server.findAll(anyRequestedFor(anyUrl())).get(0);
    assertThatThrownBy(() -> AwsWireMock.assertSigned(sent, "iam"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("signing service");
    LoggedRequest tampered =
        LoggedRequest.createFrom(
            new com.github.tomakehurst.wiremock.http.Request() {
              // Delegates everything but the body, which gains one parameter.
              final LoggedRequest d = sent;
              final byte[] body =
                  (sent.getBodyAsString() + "&Extra=1").getBytes(StandardCharsets.UTF_8);

              @Override
              public String getUrl() {
                return d.getUrl();
              }

              @Override
              public String getAbsoluteUrl() {
                return d.getAbsoluteUrl();
              }

              @Override
              public com.github.tomakehurst.wiremock.http.RequestMethod getMethod() {
                return d.getMethod();
              }

              @Override
              public String getScheme() {
                return d.getScheme();
              }

              @Override
              public String getHost() {
                return d.getHost();
              }

              @Override
              public int getPort() {
                return d.getPort();
              }

              @Override
              public String getClientIp() {
                return d.getClientIp();
              }

              @Override
              public String getHeader(String key) {
                return d.getHeader(key);
              }

              @Override
              public com.github.tomakehurst.wiremock.http.HttpHeader header(String key) {
                return d.header(key);
              }

              @Override
              public com.github.tomakehurst.wiremock.http.ContentTypeHeader contentTypeHeader() {
                return d.contentTypeHeader();
              }

              @Override
              public com.github.tomakehurst.wiremock.http.HttpHeaders getHeaders() {
                return d.getHeaders();
              }

              @Override
              public boolean containsHeader(String key) {
                return d.containsHeader(key);
              }

              @Override
              public java.util.Set<String> getAllHeaderKeys() {
                return d.getAllHeaderKeys();
              }

              @Override
              public com.github.tomakehurst.wiremock.http.QueryParameter queryParameter(
                  String key) {
                return d.queryParameter(key);
              }

              @Override
              public com.github.tomakehurst.wiremock.http.FormParameter formParameter(String key) {
                return d.formParameter(key);
              }

              @Override
              public java.util.Map<String, com.github.tomakehurst.wiremock.http.FormParameter>
                  formParameters() {
                return d.formParameters();
              }

              @Override
              public java.util.Map<String, com.github.tomakehurst.wiremock.http.Cookie>
                  getCookies() {
                return d.getCookies();
              }

              @Override
              public byte[] getBody() {
                return body;
              }

              @Override
              public String getBodyAsString() {
                return new String(body, StandardCharsets.UTF_8);
              }

              @Override
              public String getBodyAsBase64() {
                return java.util.Base64.getEncoder().encodeToString(body);
              }

              @Override
              public boolean isMultipart() {
                return false;
              }

              @Override
              public java.util.Collection<Part> getParts() {
                return java.util.List.of();
              }

              @Override
              public Part getPart(String name) {
                return null;
              }

              @Override
              public java.util.Optional<com.github.tomakehurst.wiremock.http.Request>
                  getOriginalRequest() {
                return java.util.Optional.empty();
              }

              @Override
              public boolean isBrowserProxyRequest() {
                return false;
              }

              @Override
              public String getProtocol() {
                return d.getProtocol();
              }
            });
    assertThatThrownBy(() -> AwsWireMock.assertSigned(tampered, "sts"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("signature recomputed");
  }
}
