package io.runwatch.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads core's real AWS fixtures from its test jar (a classpath resource, not a file path). */
final class Events {
  static final String SEND_COMMAND = "eventbridge-api-call-sendcommand.json";
  static final String INVOCATION_STATUS =
      "eventbridge-command-invocation-status-change-awsdocs.json";

  private Events() {}

  static byte[] bytes(String name) {
    String resource = "/events/aws/" + name;
    try (InputStream in = Events.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the test classpath (core test-jar)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  /** The real SendCommand event with one value unquoted: still relevant, no longer JSON. */
  static String brokenSendCommand() {
    String good = text(SEND_COMMAND);
    String broken = good.replace("\"eventName\": \"SendCommand\"", "\"eventName\": SendCommand");
    if (broken.equals(good)) {
      throw new IllegalStateException("fixture changed: cannot break it the planned way");
    }
    return broken;
  }
}
