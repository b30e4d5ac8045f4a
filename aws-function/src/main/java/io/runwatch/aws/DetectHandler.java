package io.runwatch.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.runwatch.core.ingest.PayloadReport;
import io.runwatch.core.render.CountsLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * EventBridge rule target: the Lambda receives the matched event's JSON as-is (the {@code aws.ssm}
 * CloudTrail API call or status-change event) and answers with what core found in it.
 *
 * <p>A stream handler, not a POJO one, so no reflection-based deserializer runs on the cold start
 * and core reads the exact bytes EventBridge sent.
 */
public final class DetectHandler implements RequestStreamHandler {
  static final String SOURCE = "eventbridge";

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    PayloadReport found = PayloadReport.read(SOURCE, input.readAllBytes());
    context.getLogger().log(new CountsLine("DetectHandler").add(found).line() + "\n");
    ResponseJson.write(found, output);
  }
}
