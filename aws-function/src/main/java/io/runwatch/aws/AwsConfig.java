package io.runwatch.aws;

import io.runwatch.core.detect.Severity;
import io.runwatch.core.service.FunctionSettings;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The detection functions' configuration (detect, detect-sqs, recheck; containment has {@link
 * ContainConfig}), from environment variables (the Terraform module sets them), validated at start:
 * every problem is reported at once, naming the variable, so a broken deploy fails on its first
 * invocation with a message that says what to fix. Values are never logged: a variable may hold an
 * ARN, and ARNs are not for logs.
 *
 * @param policy {@code s3://bucket/key} or {@code ssm:/parameter/name}, or empty for the defaults
 */
public record AwsConfig(
    String baselinesTable,
    String findingsTable,
    String pendingTable,
    String journalTable,
    String topicArn,
    Optional<String> policy,
    List<String> logGroups,
    boolean securityHub,
    FunctionSettings settings) {

  public static final String BASELINES = "RUNWATCH_BASELINES_TABLE";
  public static final String FINDINGS = "RUNWATCH_FINDINGS_TABLE";
  public static final String PENDING = "RUNWATCH_PENDING_TABLE";
  public static final String JOURNAL = "RUNWATCH_JOURNAL_TABLE";
  public static final String TOPIC = "RUNWATCH_TOPIC_ARN";
  public static final String POLICY = "RUNWATCH_POLICY";
  public static final String LOG_GROUPS = "RUNWATCH_LOG_GROUPS";
  public static final String SECURITY_HUB = "RUNWATCH_SECURITY_HUB";
  public static final String MIN_SEVERITY = "RUNWATCH_MIN_SEVERITY";
  public static final String RECHECK_DEADLINE = "RUNWATCH_RECHECK_DEADLINE";

  /** Read by {@code NotifyConfig}: the contain function named in the dry-run commands. */
  public static final String CONTAIN_FUNCTION = "RUNWATCH_CONTAIN_FUNCTION";

  private static final List<String> REQUIRED =
      List.of(BASELINES, FINDINGS, PENDING, JOURNAL, TOPIC);

  /** The configuration is unusable; the message lists every problem. */
  public static final class ConfigException extends IllegalStateException {
    private final List<String> problems;

    ConfigException(List<String> problems) {
      super("runwatch configuration: " + String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  public static AwsConfig from(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    for (String name : REQUIRED) {
      if (blank(env.get(name))) {
        problems.add(name + " is not set");
      }
    }
    FunctionSettings settings = FunctionSettings.DEFAULTS;
    String deadline = env.get(RECHECK_DEADLINE);
    if (!blank(deadline)) {
      try {
        Duration d = Duration.parse(deadline.strip());
        if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(1)) > 0) {
          problems.add(RECHECK_DEADLINE + " must be between PT1M and P1D, was " + deadline.strip());
        } else {
          settings = settings.withRecheckDeadline(d);
        }
      } catch (DateTimeParseException e) {
        problems.add(
            RECHECK_DEADLINE + " is not an ISO-8601 duration such as PT2H: " + deadline.strip());
      }
    }
    String severity = env.get(MIN_SEVERITY);
    if (!blank(severity)) {
      try {
        settings =
            settings.withMinSeverity(Severity.valueOf(severity.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        problems.add(
            MIN_SEVERITY
                + " must be one of "
                + Arrays.toString(Severity.values())
                + ", was "
                + severity.strip());
      }
    }
    String policy = env.get(POLICY);
    if (!blank(policy) && !PolicySource.isLocation(policy.strip())) {
      problems.add(POLICY + " must be s3://bucket/key or ssm:/parameter/name");
    }
    String hub = env.getOrDefault(SECURITY_HUB, "false").strip().toLowerCase(Locale.ROOT);
    if (!hub.equals("true") && !hub.equals("false") && !hub.isEmpty()) {
      problems.add(SECURITY_HUB + " must be true or false");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new AwsConfig(
        env.get(BASELINES),
        env.get(FINDINGS),
        env.get(PENDING),
        env.get(JOURNAL),
        env.get(TOPIC),
        Optional.ofNullable(blank(policy) ? null : policy.strip()),
        list(env.get(LOG_GROUPS)),
        hub.equals("true"),
        settings);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static List<String> list(String s) {
    if (blank(s)) {
      return List.of();
    }
    return Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
  }
}
