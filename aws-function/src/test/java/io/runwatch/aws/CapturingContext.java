package io.runwatch.aws;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A Lambda {@link Context} whose logger keeps what the handler logged, for assertions. */
final class CapturingContext implements Context, LambdaLogger {
  final List<String> lines = new ArrayList<>();

  /** The one line a handler is expected to log per invocation. */
  String onlyLine() {
    if (lines.size() != 1) {
      throw new AssertionError("expected one log line, got " + lines);
    }
    return lines.get(0);
  }

  @Override
  public void log(String message) {
    lines.add(message);
  }

  @Override
  public void log(byte[] message) {
    lines.add(new String(message, StandardCharsets.UTF_8));
  }

  @Override
  public LambdaLogger getLogger() {
    return this;
  }

  @Override
  public String getAwsRequestId() {
    return "8f5e3c1a-test-request";
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/runwatch-detect";
  }

  @Override
  public String getLogStreamName() {
    return "2025/01/01/[$LATEST]test";
  }

  @Override
  public String getFunctionName() {
    return "runwatch-detect";
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:000000000000:function:runwatch-detect";
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return 30_000;
  }

  @Override
  public int getMemoryLimitInMB() {
    return 512;
  }
}
