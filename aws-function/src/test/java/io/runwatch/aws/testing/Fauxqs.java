package io.runwatch.aws.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * fauxqs, the npm SNS/SQS emulator, as a child process of the test JVM. The aws-function build
 * installs it under {@code tools/node/node_modules} ({@code tools/node/install.sh}) and passes that
 * folder as system property {@code runwatch.tools}.
 *
 * <p>fauxqs 1.9.2 has no command-line flags: its CLI ({@code dist/cli.js}) reads the port from
 * environment variable {@code FAUXQS_PORT}. {@code FAUXQS_PORT=0} lets the OS pick a free port
 * atomically (no race between choosing and binding), and fauxqs's request log (pino JSON on stdout,
 * on by default) announces readiness with {@code "msg":"Server listening at http://127.0.0.1:PORT"}
 * once Fastify is bound: {@link #start()} reads the port from that line. stdout is drained for the
 * life of the process so the log can never fill the pipe and stall it. The region is {@code
 * us-east-1} ({@code FAUXQS_DEFAULT_REGION}), the account {@code 000000000000}.
 *
 * <p>{@link #start()} skips the calling test (a JUnit assumption, with the reason) when node or the
 * package is missing; every other failure fails it.
 */
public final class Fauxqs implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile("Server listening at http://(?:127\\.0\\.0\\.1|localhost|\\[::1\\]):(\\d+)");

  private final Process process;
  private final URI endpoint;

  private Fauxqs(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** Starts fauxqs and waits (at most 30 s) until it listens. */
  public static Fauxqs start() {
    Path tools = Path.of(System.getProperty("runwatch.tools", "../tools/node"));
    Path cli = tools.resolve("node_modules/fauxqs/dist/cli.js");
    Assumptions.assumeTrue(
        Files.isRegularFile(cli),
        "fauxqs is not installed at " + cli + " (tools/node/install.sh needs npm)");
    Assumptions.assumeTrue(nodeAvailable(), "node is not on the PATH: fauxqs cannot run");
    ProcessBuilder pb = new ProcessBuilder("node", cli.toString()).redirectErrorStream(true);
    pb.environment().put("FAUXQS_PORT", "0");
    pb.environment().put("FAUXQS_DEFAULT_REGION", "us-east-1");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start node " + cli, e);
    }
    CompletableFuture<Integer> port = new CompletableFuture<>();
    StringBuilder early = new StringBuilder();
    Thread drain =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  if (!port.isDone()) {
                    early.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                      port.complete(Integer.parseInt(m.group(1)));
                    }
                  }
                }
              } catch (IOException e) {
                port.completeExceptionally(e);
              }
              port.completeExceptionally(new IOException("fauxqs exited before listening"));
            },
            "fauxqs-stdout");
    drain.setDaemon(true);
    drain.start();
    try {
      return new Fauxqs(p, URI.create("http://127.0.0.1:" + port.get(30, TimeUnit.SECONDS)));
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      p.destroyForcibly();
      throw new IllegalStateException("fauxqs did not start; its output:\n" + early, e);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fauxqs started", e);
    }
  }

  /** The SNS and SQS endpoint (one for both): {@code http://127.0.0.1:PORT}. */
  public URI endpoint() {
    return endpoint;
  }

  /** Stops the process (and only it): SIGTERM, then SIGKILL after 5 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static boolean nodeAvailable() {
    try {
      Process v = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      v.getInputStream().readAllBytes();
      return v.waitFor(10, TimeUnit.SECONDS) && v.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
