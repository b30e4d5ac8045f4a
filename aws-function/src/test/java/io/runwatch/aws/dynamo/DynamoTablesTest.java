package io.runwatch.aws.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runwatch.aws.dynamo.DynamoTables.Table;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DynamoTablesTest {
  static Map<String, String> all() {
    Map<String, String> env = new HashMap<>();
    env.put("RUNWATCH_BASELINES_TABLE", "rw-baselines");
    env.put("RUNWATCH_FINDINGS_TABLE", "rw-findings");
    env.put("RUNWATCH_PENDING_TABLE", "rw-pending");
    env.put("RUNWATCH_JOURNAL_TABLE", "rw-journal");
    env.put("RUNWATCH_AUDIT_TABLE", "rw-audit");
    env.put("RUNWATCH_TOPIC_ARN", "arn:aws:sns:eu-west-1:111122223333:runwatch");
    return env;
  }

  @Test
  void readsTheFiveTableNames() {
    assertThat(DynamoTables.fromEnvironment(all()))
        .isEqualTo(
            new DynamoTables(
                "rw-baselines", "rw-findings", "rw-pending", "rw-journal", "rw-audit"));
  }

  @Test
  void aMissingOrBlankVariableIsNamed() {
    Map<String, String> env = all();
    env.remove("RUNWATCH_PENDING_TABLE");
    assertThatThrownBy(() -> DynamoTables.fromEnvironment(env))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "environment variable RUNWATCH_PENDING_TABLE (the DynamoDB table of pending"
                + " correlations) is not set");

    env.put("RUNWATCH_JOURNAL_TABLE", "  ");
    assertThatThrownBy(() -> DynamoTables.fromEnvironment(env))
        .hasMessageContaining("environment variables RUNWATCH_PENDING_TABLE")
        .hasMessageContaining("RUNWATCH_JOURNAL_TABLE")
        .hasMessageEndingWith("are not set");
  }

  @Test
  void aFunctionNeedingSomeTablesGetsThoseAndFailsOnTheOthers() {
    Map<String, String> env = new HashMap<>();
    env.put("RUNWATCH_FINDINGS_TABLE", " rw-findings ");
    env.put("RUNWATCH_AUDIT_TABLE", "rw-audit");

    DynamoTables contain =
        DynamoTables.fromEnvironment(env, EnumSet.of(Table.FINDINGS, Table.AUDIT));
    assertThat(contain.findings()).isEqualTo("rw-findings");
    assertThat(contain.audit()).isEqualTo("rw-audit");
    assertThatThrownBy(contain::baselines)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("RUNWATCH_BASELINES_TABLE");
    assertThatThrownBy(() -> DynamoTables.fromEnvironment(env))
        .hasMessageContaining("RUNWATCH_BASELINES_TABLE");
  }
}
