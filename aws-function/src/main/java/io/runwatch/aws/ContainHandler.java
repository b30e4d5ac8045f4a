package io.runwatch.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runwatch.core.contain.Caller;
import io.runwatch.core.contain.ContainmentResponse;
import io.runwatch.core.contain.Decision;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Containment entry point for responders. Two deployments of the same handler, chosen by {@code
 * RUNWATCH_CONTAIN_ENTRY}:
 *
 * <ul>
 *   <li>{@code invoke} (default): the payload is the request JSON. Lambda does not tell a function
 *       who invoked it, so the caller is recorded as {@code lambda-invoke}, unverified, and may
 *       only dry run. A payload shaped like a function URL event is read for its body, but its
 *       {@code requestContext} is ignored: anyone allowed to invoke could have written it.
 *   <li>{@code function-url}: only function URL events (payload 2.0) with AWS_IAM auth; the caller
 *       is {@code requestContext.authorizer.iam.userArn}, put there by Lambda after verifying the
 *       SigV4 signature, and checked against {@code RUNWATCH_RESPONDER_ROLES}. Trusting it needs
 *       direct invokes of this function to be impossible: its resource policy allows {@code
 *       lambda:InvokeFunction} only via the URL, and an SCP or permissions boundary denies it
 *       otherwise to identity policies (CONTAINMENT.md, "Residual risk"). A direct payload reaching
 *       it is refused.
 * </ul>
 *
 * Every request, including unreadable ones, is answered by the service after its audit record is
 * written; then a notice goes to SNS and one JSON log line with kinds and counts only.
 */
public final class ContainHandler implements RequestStreamHandler {
  static final String VIA_URL = "function-url";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ContainDependencies deps;

  /** Lambda's constructor: configuration from the environment, validated now. */
  public ContainHandler() {
    this(production());
  }

  public ContainHandler(ContainDependencies deps) {
    this.deps = deps;
  }

  private static ContainDependencies production() {
    ContainConfig config = ContainConfig.fromEnvironment(System.getenv());
    ProductionStores stores = new ProductionStores(config, System.getenv());
    return ContainDependencies.production(
        config, stores.findings(), stores.audit(), stores.policy());
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    byte[] raw = input.readAllBytes();
    Incoming in = Incoming.read(raw, deps.entry());
    ContainmentResponse r = deps.service().handle(in.caller(), in.body());
    boolean sent = deps.notice() != null && deps.notice().publish(in.caller(), r);
    context.getLogger().log(ContainJson.logLine(in.caller(), r, sent) + "\n");
    byte[] answer = ContainJson.answer(r);
    if (in.functionUrl()) {
      ContainJson.functionUrlResponse(status(r.decision()), answer, output);
    } else {
      output.write(answer);
    }
  }

  static int status(Decision d) {
    return switch (d) {
      case PLANNED, DONE -> 200;
      case REFUSED -> 403;
      case FAILED -> 502;
    };
  }

  /** Who asks and what they sent, as far as this deployment can trust it. */
  record Incoming(Caller caller, byte[] body, boolean functionUrl) {
    static Incoming read(byte[] raw, ContainConfig.Entry entry) {
      JsonNode event = tree(raw);
      boolean urlEvent =
          event != null && event.path("requestContext").has("http") && event.has("rawPath");
      if (!urlEvent) {
        Caller invoke = Caller.unverified(Caller.LAMBDA_INVOKE, Caller.LAMBDA_INVOKE);
        return new Incoming(
            entry == ContainConfig.Entry.FUNCTION_URL
                ? Caller.unverified(Caller.LAMBDA_INVOKE, "lambda-invoke-to-url-function")
                : invoke,
            raw,
            false);
      }
      byte[] body = body(event);
      if (entry == ContainConfig.Entry.INVOKE) {
        return new Incoming(
            Caller.unverified(Caller.LAMBDA_INVOKE, Caller.LAMBDA_INVOKE), body, true);
      }
      JsonNode arn = event.path("requestContext").path("authorizer").path("iam").path("userArn");
      return arn.isTextual() && !arn.textValue().isBlank()
          ? new Incoming(Caller.verified(arn.textValue(), VIA_URL), body, true)
          : new Incoming(
              Caller.unverified("anonymous", "function-url-without-iam-auth"), body, true);
    }

    private static JsonNode tree(byte[] raw) {
      try {
        JsonNode n = JSON.readTree(raw);
        return n != null && n.isObject() ? n : null;
      } catch (IOException e) {
        return null;
      }
    }

    private static byte[] body(JsonNode event) {
      JsonNode b = event.get("body");
      if (b == null || !b.isTextual()) {
        return new byte[0];
      }
      if (event.path("isBase64Encoded").asBoolean(false)) {
        try {
          return Base64.getDecoder().decode(b.textValue());
        } catch (IllegalArgumentException e) {
          return new byte[0];
        }
      }
      return b.textValue().getBytes(StandardCharsets.UTF_8);
    }
  }
}
