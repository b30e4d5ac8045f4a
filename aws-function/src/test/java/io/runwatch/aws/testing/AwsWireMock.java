package io.runwatch.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * SDK clients pointed at a WireMock server, and the check that what reached the server is a request
 * AWS would accept: the SigV4 signature is recomputed from the bytes WireMock received (method,
 * path, query, the signed headers, the body) and must equal the one the SDK sent.
 */
public final class AwsWireMock {
  public static final String ACCESS_KEY = "AKIDEXAMPLE";
  public static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  public static final Region REGION = Region.US_EAST_1;

  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,"
              + " ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private AwsWireMock() {}

  /**
   * Configures {@code builder} for {@code server}: its endpoint, static test credentials, the
   * URL-connection client the functions use, and {@code maxAttempts} (1 to see every error as is).
   */
  public static <B extends AwsClientBuilder<B, C>, C> C client(
      B builder, WireMockServer server, int maxAttempts) {
    builder
        .endpointOverride(URI.create(server.baseUrl()))
        .region(REGION)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .retryStrategy(
                    StandardRetryStrategy.builder()
                        .maxAttempts(maxAttempts)
                        .backoffStrategy(BackoffStrategy.retryImmediately())
                        .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
                        .build())
                .build());
    if (builder instanceof AwsSyncClientBuilder<?, ?> sync) {
      sync.httpClientBuilder(UrlConnectionHttpClient.builder());
    }
    return builder.build();
  }

  /**
   * Asserts that {@code request} carries a valid SigV4 signature for {@code service} in {@link
   * #REGION} with the test credentials, recomputed from what the server received.
   */
  public static void assertSigned(LoggedRequest request, String service) {
    String authorization = request.getHeader("Authorization");
    assertThat(authorization).as("Authorization header").isNotNull();
    Matcher m = AUTHORIZATION.matcher(authorization);
    assertThat(m.matches()).as("SigV4 Authorization header: %s", authorization).isTrue();
    assertThat(m.group(1)).isEqualTo(ACCESS_KEY);
    assertThat(m.group(3)).isEqualTo(REGION.id());
    assertThat(m.group(4)).as("signing service").isEqualTo(service);
    Instant signedAt = ZonedDateTime.parse(request.getHeader("X-Amz-Date"), AMZ_DATE).toInstant();
    List<String> signedHeaders = Arrays.asList(m.group(5).split(";"));

    String expected =
        signature(
            request,
            signedHeaders,
            m.group(2),
            signedAt,
            service,
            m.group(5),
            sentContentType(request));
    assertThat(m.group(6))
        .as("signature recomputed from the received request (signed headers %s)", signedHeaders)
        .isEqualTo(expected);
  }

  /**
   * The Content-Type as the SDK signed it: WireMock's Jetty rewrites {@code charset=utf-8} (what
   * the SDK sends for query-protocol services) as {@code charset=UTF-8} before the request is
   * logged.
   */
  private static String sentContentType(LoggedRequest request) {
    String received = request.getHeader("Content-Type");
    return received == null ? null : received.replace("charset=UTF-8", "charset=utf-8");
  }

  /**
   * SigV4 written out from the AWS documentation ("Create a signed AWS API request"), independent
   * of the SDK's signer, so a bug there cannot hide itself.
   */
  private static String signature(
      LoggedRequest request,
      List<String> signedHeaders,
      String day,
      Instant signedAt,
      String service,
      String signedHeaderList,
      String contentType) {
    URI uri = URI.create(request.getAbsoluteUrl());
    StringBuilder canonical = new StringBuilder();
    canonical.append(request.getMethod().getName()).append('\n');
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    canonical.append(path).append('\n');
    canonical.append(canonicalQuery(uri.getRawQuery())).append('\n');
    for (String h : signedHeaders) {
      String value = h.equals("content-type") ? contentType : request.getHeader(h);
      canonical.append(h).append(':').append(value.strip().replaceAll(" +", " ")).append('\n');
    }
    canonical.append('\n').append(signedHeaderList).append('\n');
    String payloadHash = request.getHeader("x-amz-content-sha256");
    canonical.append(
        payloadHash != null && !payloadHash.startsWith("STREAMING")
            ? (payloadHash.equals("UNSIGNED-PAYLOAD")
                ? payloadHash
                : hex(sha256(request.getBody())))
            : hex(sha256(request.getBody())));
    String scope = day + "/" + REGION.id() + "/" + service + "/aws4_request";
    String toSign =
        "AWS4-HMAC-SHA256\n"
            + AMZ_DATE.format(signedAt)
            + "\n"
            + scope
            + "\n"
            + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + SECRET_KEY).getBytes(StandardCharsets.UTF_8), day);
    key = hmac(key, REGION.id());
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    return hex(hmac(key, toSign));
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String> pairs = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      pairs.add(pair.contains("=") ? pair : pair + "=");
    }
    Collections.sort(pairs);
    return String.join("&", pairs);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
