package io.runwatch.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.functions.invoker.runner.Invoker;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link DetectFunction} in the real Functions Framework server (the one Cloud Functions gen2
 * runs) and delivers a Pub/Sub {@code messagePublished} CloudEvent in binary mode over HTTP, as
 * Eventarc does: proves the target is loadable, the signature type is right and the framework's
 * CloudEvent decoding hands core the bytes it expects.
 */
class FunctionsFrameworkInvokerTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static Invoker invoker;
  private static int port;

  private CapturedLog log;

  @BeforeAll
  static void startFramework() throws Exception {
    invoker =
        new Invoker(
            0, DetectFunction.class.getName(), "cloudevent", DetectFunction.class.getClassLoader());
    invoker.startTestServer();
    port = listenOnLoopbackOnly(invoker);
  }

  /**
   * The Invoker has no host option and listens on every interface; re-open its connector on the
   * loopback address before any request so the test server is never reachable from outside.
   */
  private static int listenOnLoopbackOnly(Invoker running) throws Exception {
    Field serverField = Invoker.class.getDeclaredField("server");
    serverField.setAccessible(true);
    Server server = (Server) serverField.get(running);
    ServerConnector connector = (ServerConnector) server.getConnectors()[0];
    connector.stop();
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    connector.setPort(0);
    connector.start();
    InetSocketAddress bound =
        (InetSocketAddress) ((ServerSocketChannel) connector.getTransport()).getLocalAddress();
    assertThat(bound.getAddress().isLoopbackAddress()).isTrue();
    return bound.getPort();
  }

  @AfterAll
  static void stopFramework() throws Exception {
    HTTP.close();
    if (invoker != null) {
      invoker.stopServer();
    }
  }

  @BeforeEach
  void captureLog() {
    log = CapturedLog.attach();
  }

  @AfterEach
  void releaseLog() {
    log.close();
  }

  private static HttpResponse<String> postBinaryCloudEvent(byte[] data) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .timeout(Duration.ofSeconds(20))
            .header("ce-specversion", "1.0")
            .header("ce-type", LogEntries.MESSAGE_PUBLISHED)
            .header("ce-source", "//pubsub.googleapis.com/projects/p/topics/t")
            .header("ce-id", UUID.randomUUID().toString())
            .header("ce-time", "2025-03-07T09:41:19.012Z")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(data))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void messagePublishedEventReachesCoreThroughTheFramework() throws Exception {
    byte[] data = LogEntries.messagePublishedData(LogEntries.fixture(LogEntries.STARTUP_SCRIPT));

    HttpResponse<String> response = postBinaryCloudEvent(data);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode summary = LogEntries.JSON.readTree(log.onlyMessage());
    assertThat(summary.path("commands").asInt()).isEqualTo(1);
    assertThat(summary.path("relevant").asInt()).isEqualTo(1);
    assertThat(summary.path("errors").asInt()).isZero();
  }

  @Test
  void unreadableMessageIsAcknowledgedSoPubSubDoesNotRedeliverIt() throws Exception {
    HttpResponse<String> response =
        postBinaryCloudEvent(LogEntries.messagePublishedData("%%% not base64 %%%"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode summary = LogEntries.JSON.readTree(log.onlyMessage());
    assertThat(summary.path("commands").asInt()).isZero();
    assertThat(summary.path("errors").asInt()).isEqualTo(1);
  }
}
