package io.runwatch.aws.dynamo;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.net.BindException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local (Maven Central's {@code com.amazonaws:DynamoDBLocal}) as an in-process HTTP server
 * on a free port, in memory, one per test class ({@code @RegisterExtension static}), with an SDK v2
 * client on the URL-connection HTTP client the functions use: the requests cross a real socket and
 * are signed, parsed and answered as DynamoDB would, unlike the embedded (no-HTTP) mode.
 *
 * <p>DynamoDB Local stores tables in SQLite through sqlite4java, whose native library must be a
 * file: the pom copies it to {@code target/native-libs} and points {@code sqlite4java.library.path}
 * there; {@link #beforeAll} fails with a message saying so when it is not, rather than with
 * sqlite4java's own.
 */
public final class DynamoDbLocal implements BeforeAllCallback, AfterAllCallback {
  private static final String NATIVE_LIBS = "sqlite4java.library.path";

  private DynamoDBProxyServer server;
  private DynamoDbClient client;
  private URI endpoint;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    requireNativeLibrary();
    Exception last = null;
    for (int attempt = 0; attempt < 5 && server == null; attempt++) {
      int port = freePort();
      DynamoDBProxyServer s =
          ServerRunner.createServerFromCommandLineArgs(
              new String[] {"-inMemory", "-disableTelemetry", "-port", Integer.toString(port)});
      try {
        s.start();
        server = s;
        endpoint = URI.create("http://localhost:" + port);
      } catch (Exception e) {
        if (!(rootCause(e) instanceof BindException)) {
          throw e;
        }
        last = e; // another process took the port between freePort() and start(): try another
      }
    }
    if (server == null) {
      throw new IllegalStateException("DynamoDB Local could not bind a port", last);
    }
    client = client(endpoint);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  public DynamoDbClient client() {
    if (client == null) {
      throw new IllegalStateException("DynamoDbLocal must be registered as a static extension");
    }
    return client;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** A client for any DynamoDB-compatible endpoint, as the functions build theirs. */
  static DynamoDbClient client(URI endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .retryStrategy(StandardRetryStrategy.builder().maxAttempts(3).build())
                .build())
        .build();
  }

  private static void requireNativeLibrary() throws IOException {
    String dir = System.getProperty(NATIVE_LIBS);
    boolean present = false;
    if (dir != null && Files.isDirectory(Path.of(dir))) {
      try (var files = Files.list(Path.of(dir))) {
        present = files.anyMatch(f -> f.getFileName().toString().startsWith("libsqlite4java"));
      }
    }
    if (!present) {
      throw new IllegalStateException(
          "DynamoDB Local needs sqlite4java's native library: system property "
              + NATIVE_LIBS
              + " is "
              + dir
              + "; run the tests through Maven (the pom copies it to target/native-libs in"
              + " process-test-resources) or set the property to a directory holding"
              + " libsqlite4java-linux-amd64-<version>.so");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
