package io.runwatch.gcp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps what {@link DetectFunction} logs. Attach it after the Functions Framework's {@code Invoker}
 * class is loaded: its static initializer re-reads the logging configuration, which removes every
 * handler attached before.
 */
final class CapturedLog extends Handler implements AutoCloseable {
  private static final Logger FUNCTION_LOGGER = Logger.getLogger(DetectFunction.class.getName());

  // The function runs on a Jetty thread in the end-to-end test.
  private final List<String> messages = new CopyOnWriteArrayList<>();

  static CapturedLog attach() {
    CapturedLog log = new CapturedLog();
    FUNCTION_LOGGER.addHandler(log);
    return log;
  }

  List<String> messages() {
    return List.copyOf(messages);
  }

  String onlyMessage() {
    List<String> all = messages();
    if (all.size() != 1) {
      throw new AssertionError("expected one log message, got " + all);
    }
    return all.get(0);
  }

  @Override
  public void publish(LogRecord record) {
    messages.add(record.getMessage());
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    FUNCTION_LOGGER.removeHandler(this);
  }
}
