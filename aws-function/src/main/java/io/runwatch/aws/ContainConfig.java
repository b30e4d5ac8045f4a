package io.runwatch.aws;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The containment function's environment (see the contract's table), validated at start so a
 * misconfigured deployment fails on its first invocation with the variable named, not at 3 a.m.
 * mid-incident on the first execute.
 *
 * @param entry {@code invoke} (direct Lambda invokes: dry runs only) or {@code function-url} (only
 *     function URL events with AWS_IAM auth, whose caller ARN is trusted; see CONTAINMENT.md)
 */
public record ContainConfig(
    String findingsTable,
    String auditTable,
    String topicArn,
    List<String> responderRoles,
    String quarantineGroup,
    String region,
    Entry entry) {

  /** How requests reach this deployment of the function. */
  public enum Entry {
    INVOKE,
    FUNCTION_URL
  }

  public static ContainConfig fromEnvironment(Map<String, String> env) {
    // Optional: without a VPC there is no quarantine group, and isolation says so when asked.
    String sg = env.getOrDefault("RUNWATCH_QUARANTINE_SG", "").strip();
    if (!sg.isEmpty() && !sg.matches("sg-[0-9a-f]{8,17}")) {
      throw new IllegalStateException(
          "RUNWATCH_QUARANTINE_SG is not a security group id (sg-…): " + sg);
    }
    String topic = required(env, "RUNWATCH_TOPIC_ARN");
    if (!topic.matches("arn:aws[\\w-]*:sns:[\\w-]+:\\d{12}:[\\w-]+")) {
      throw new IllegalStateException("RUNWATCH_TOPIC_ARN is not an SNS topic ARN");
    }
    List<String> roles =
        Arrays.stream(required(env, "RUNWATCH_RESPONDER_ROLES").split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList();
    String entry = env.getOrDefault("RUNWATCH_CONTAIN_ENTRY", "invoke");
    Entry e =
        switch (entry) {
          case "invoke" -> Entry.INVOKE;
          case "function-url" -> Entry.FUNCTION_URL;
          default ->
              throw new IllegalStateException(
                  "RUNWATCH_CONTAIN_ENTRY must be invoke or function-url, got " + entry);
        };
    return new ContainConfig(
        required(env, "RUNWATCH_FINDINGS_TABLE"),
        required(env, "RUNWATCH_AUDIT_TABLE"),
        topic,
        roles,
        sg.isEmpty() ? null : sg,
        required(env, "AWS_REGION"),
        e);
  }

  private static String required(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(name + " is not set (see the runwatch AWS contract)");
    }
    return v.strip();
  }
}
