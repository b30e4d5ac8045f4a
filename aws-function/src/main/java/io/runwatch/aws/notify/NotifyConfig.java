package io.runwatch.aws.notify;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the notifiers need from the environment.
 *
 * @param topicArn {@code RUNWATCH_TOPIC_ARN}: the SNS topic findings go to
 * @param containFunction {@code RUNWATCH_CONTAIN_FUNCTION} (default {@code runwatch-contain}): the
 *     containment Lambda's name or ARN, printed in the dry-run invocations a responder pastes;
 *     checked against Lambda's name pattern so it can never break out of the shell command
 * @param securityHub {@code RUNWATCH_SECURITY_HUB=true}: also import findings into Security Hub
 * @param region {@code AWS_REGION} (set by Lambda): the Security Hub product ARN's region
 * @param homeAccount the account runwatch runs in (the product ARN's account), from the topic ARN
 */
public record NotifyConfig(
    String topicArn,
    String containFunction,
    boolean securityHub,
    String region,
    String homeAccount) {
  public static final String DEFAULT_CONTAIN_FUNCTION = "runwatch-contain";

  private static final Pattern TOPIC_ARN =
      Pattern.compile("arn:aws[a-z-]*:sns:([a-z0-9-]+):(\\d{12}):[A-Za-z0-9_-]{1,256}(\\.fifo)?");
  private static final Pattern FUNCTION =
      Pattern.compile(
          "[A-Za-z0-9_-]{1,64}|arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]{1,64}");

  public NotifyConfig {
    Objects.requireNonNull(topicArn, "topicArn");
    if (!TOPIC_ARN.matcher(topicArn).matches()) {
      throw new IllegalArgumentException(
          "RUNWATCH_TOPIC_ARN is not an SNS topic ARN: '" + topicArn + "'");
    }
    containFunction = containFunction == null ? DEFAULT_CONTAIN_FUNCTION : containFunction;
    if (!FUNCTION.matcher(containFunction).matches()) {
      throw new IllegalArgumentException(
          "RUNWATCH_CONTAIN_FUNCTION is not a Lambda function name or ARN: '"
              + containFunction
              + "'");
    }
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(homeAccount, "homeAccount");
  }

  /**
   * From {@code RUNWATCH_TOPIC_ARN}, {@code RUNWATCH_CONTAIN_FUNCTION}, {@code
   * RUNWATCH_SECURITY_HUB}.
   */
  public static NotifyConfig fromEnv(Map<String, String> env) {
    String topic = env.get("RUNWATCH_TOPIC_ARN");
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("RUNWATCH_TOPIC_ARN is not set");
    }
    var m = TOPIC_ARN.matcher(topic.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "RUNWATCH_TOPIC_ARN is not an SNS topic ARN: '" + topic + "'");
    }
    String function = env.get("RUNWATCH_CONTAIN_FUNCTION");
    return new NotifyConfig(
        topic.strip(),
        function == null || function.isBlank() ? null : function.strip(),
        "true".equalsIgnoreCase(env.getOrDefault("RUNWATCH_SECURITY_HUB", "false").strip()),
        env.getOrDefault("AWS_REGION", m.group(1)),
        m.group(2));
  }
}
