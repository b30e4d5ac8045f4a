package io.runwatch.aws.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.runwatch.aws.DetectHandler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One cold start, as Lambda does it: the public no-arg constructor (the production wiring from
 * {@code System.getenv()}), one event, then {@code handledAtMillis=<epoch ms>} and the handler's
 * response on stdout. Kept tiny: it is the only benchmark class on the measured JVM's classpath.
 */
public final class FirstEvent implements Context, LambdaLogger {
  public static void main(String[] args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      new DetectHandler().handleRequest(in, out, new FirstEvent());
    }
    long handled = System.currentTimeMillis();
    System.out.println("handledAtMillis=" + handled);
    System.out.println("response=" + out);
    System.out.flush();
    System.exit(0); // JVM exit is not part of the cold start
  }

  @Override
  public void log(String message) {
    System.out.print(message);
  }

  @Override
  public void log(byte[] message) {
    System.out.write(message, 0, message.length);
  }

  @Override
  public LambdaLogger getLogger() {
    return this;
  }

  @Override
  public String getAwsRequestId() {
    return "00000000-0000-4000-8000-000000000000";
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/runwatch-detect";
  }

  @Override
  public String getLogStreamName() {
    return "bench";
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
    return 60_000;
  }

  @Override
  public int getMemoryLimitInMB() {
    return 256;
  }
}
