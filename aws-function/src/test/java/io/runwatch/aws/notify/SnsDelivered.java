package io.runwatch.aws.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads what an SNS subscription delivered. */
public final class SnsDelivered {
  static final ObjectMapper JSON = new ObjectMapper();

  private SnsDelivered() {}

  public static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  /**
   * The body the {@code sqs} protocol gets from a {@code MessageStructure=json} message. AWS and
   * LocalStack deliver the {@code sqs} member itself; fauxqs 1.9.2 ignores {@code MessageStructure}
   * (its publish action never reads it) and delivers the whole structure, so from fauxqs the member
   * is picked here, after checking the structure has every protocol runwatch writes.
   */
  public static String sqsBody(String delivered) {
    JsonNode n = tree(delivered);
    if (n.has("default") && n.has("sqs") && n.has("email") && n.has("https") && n.has("lambda")) {
      return n.get("sqs").asText();
    }
    return delivered;
  }
}
