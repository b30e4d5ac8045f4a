package io.runwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runwatch.core.detect.Severity;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsConfigTest {
  static Map<String, String> detectEnv() {
    Map<String, String> env = new HashMap<>();
    env.put(AwsConfig.BASELINES, "rw-baselines");
    env.put(AwsConfig.FINDINGS, "rw-findings");
    env.put(AwsConfig.PENDING, "rw-pending");
    env.put(AwsConfig.JOURNAL, "rw-journal");
    env.put(AwsConfig.TOPIC, "arn:aws:sns:us-east-1:111122223333:runwatch-findings");
    return env;
  }

  @Test
  void readsADetectFunctionsEnvironmentWithDefaults() {
    Map<String, String> env = detectEnv();
    env.put(AwsConfig.LOG_GROUPS, " /runwatch/sysmon , /runwatch/auditd,,");

    AwsConfig c = AwsConfig.from(env);

    assertThat(c.logGroups()).containsExactly("/runwatch/sysmon", "/runwatch/auditd");
    assertThat(c.policy()).isEmpty();
    assertThat(c.securityHub()).isFalse();
    assertThat(c.settings().recheckDeadline()).isEqualTo(Duration.ofHours(2));
    assertThat(c.settings().minSeverity()).isEqualTo(Severity.LOW);
  }

  @Test
  void overridesAreParsed() {
    Map<String, String> env = detectEnv();
    env.put(AwsConfig.RECHECK_DEADLINE, "PT45M");
    env.put(AwsConfig.MIN_SEVERITY, "high");
    env.put(AwsConfig.SECURITY_HUB, "TRUE");
    env.put(AwsConfig.POLICY, "s3://runwatch-config-111122223333/policy.yaml");

    AwsConfig c = AwsConfig.from(env);

    assertThat(c.settings().recheckDeadline()).isEqualTo(Duration.ofMinutes(45));
    assertThat(c.settings().minSeverity()).isEqualTo(Severity.HIGH);
    assertThat(c.securityHub()).isTrue();
    assertThat(c.policy()).contains("s3://runwatch-config-111122223333/policy.yaml");
  }

  @Test
  void everyProblemIsReportedAtOnceNamingTheVariableButNotTheSecretValue() {
    Map<String, String> env = detectEnv();
    env.remove(AwsConfig.TOPIC);
    env.put(AwsConfig.RECHECK_DEADLINE, "two hours");
    env.put(AwsConfig.MIN_SEVERITY, "urgent");
    env.put(AwsConfig.POLICY, "https://example.com/policy.yaml");

    assertThatThrownBy(() -> AwsConfig.from(env))
        .isInstanceOfSatisfying(
            AwsConfig.ConfigException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(4)
                    .anySatisfy(p -> assertThat(p).startsWith("RUNWATCH_TOPIC_ARN is not set"))
                    .anySatisfy(p -> assertThat(p).contains("RUNWATCH_RECHECK_DEADLINE", "PT2H"))
                    .anySatisfy(p -> assertThat(p).contains("RUNWATCH_MIN_SEVERITY", "CRITICAL"))
                    .anySatisfy(p -> assertThat(p).contains("RUNWATCH_POLICY", "s3://")));
  }

  @Test
  void theHandlersPublicConstructorChecksTheEnvironmentAtStart() {
    // The test JVM has none of the RUNWATCH_ variables: Lambda's init would fail, naming them.
    assertThatThrownBy(DetectHandler::new)
        .isInstanceOf(AwsConfig.ConfigException.class)
        .hasMessageContaining("RUNWATCH_BASELINES_TABLE is not set")
        .hasMessageContaining("RUNWATCH_TOPIC_ARN is not set");
  }
}
