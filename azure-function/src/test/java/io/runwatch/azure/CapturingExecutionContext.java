package io.runwatch.azure;

import com.microsoft.azure.functions.ExecutionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The Functions host's context, reduced to a java.util.logging logger that keeps its records. */
final class CapturingExecutionContext implements ExecutionContext {
  final List<LogRecord> records = new ArrayList<>();
  private final Logger logger = Logger.getAnonymousLogger();

  CapturingExecutionContext() {
    logger.setUseParentHandlers(false);
    logger.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
  }

  /** The one message the function is expected to log per invocation. */
  String onlyMessage() {
    if (records.size() != 1) {
      throw new AssertionError("expected one log record, got " + records.size());
    }
    return records.get(0).getMessage();
  }

  @Override
  public Logger getLogger() {
    return logger;
  }

  @Override
  public String getInvocationId() {
    return "3f2a9c1e-test-invocation";
  }

  @Override
  public String getFunctionName() {
    return "runwatch-detect";
  }
}
