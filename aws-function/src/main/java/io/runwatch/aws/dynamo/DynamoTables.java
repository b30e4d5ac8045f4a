package io.runwatch.aws.dynamo;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The names of runwatch's five DynamoDB tables, as the Terraform module passes them in the
 * function's environment.
 *
 * <p>Not every function has every table: the contain function is given only findings and audit.
 * {@link #fromEnvironment(Map, Set)} reads the ones a function needs and fails at once, naming each
 * missing variable, rather than on the first request that touches the table; a table it was not
 * asked for is {@code null} here and its accessor fails with the same kind of message.
 */
public record DynamoTables(
    String baselines, String findings, String pending, String journal, String audit) {

  /** One table: its environment variable and what it holds. */
  public enum Table {
    BASELINES("RUNWATCH_BASELINES_TABLE", "baselines"),
    FINDINGS("RUNWATCH_FINDINGS_TABLE", "findings"),
    PENDING("RUNWATCH_PENDING_TABLE", "pending correlations"),
    JOURNAL("RUNWATCH_JOURNAL_TABLE", "recent events per account"),
    AUDIT("RUNWATCH_AUDIT_TABLE", "containment audit records");

    private final String variable;
    private final String holds;

    Table(String variable, String holds) {
      this.variable = variable;
      this.holds = holds;
    }

    /** The environment variable that names this table. */
    public String variable() {
      return variable;
    }

    String describe() {
      return variable + " (the DynamoDB table of " + holds + ")";
    }
  }

  /** All five tables, each of which must be named ({@code detect} and {@code recheck}). */
  public static DynamoTables fromEnvironment(Map<String, String> env) {
    return fromEnvironment(env, EnumSet.allOf(Table.class));
  }

  /**
   * The tables in {@code needed}, each of which must be named by a non-blank variable.
   *
   * @throws IllegalStateException naming every missing variable
   */
  public static DynamoTables fromEnvironment(Map<String, String> env, Set<Table> needed) {
    Objects.requireNonNull(env, "env");
    List<String> missing = new ArrayList<>();
    for (Table t : needed) {
      if (value(env, t) == null) {
        missing.add(t.describe());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "environment variable"
              + (missing.size() == 1 ? " " : "s ")
              + String.join(", ", missing)
              + (missing.size() == 1 ? " is" : " are")
              + " not set");
    }
    return new DynamoTables(
        pick(env, needed, Table.BASELINES),
        pick(env, needed, Table.FINDINGS),
        pick(env, needed, Table.PENDING),
        pick(env, needed, Table.JOURNAL),
        pick(env, needed, Table.AUDIT));
  }

  @Override
  public String baselines() {
    return require(baselines, Table.BASELINES);
  }

  @Override
  public String findings() {
    return require(findings, Table.FINDINGS);
  }

  @Override
  public String pending() {
    return require(pending, Table.PENDING);
  }

  @Override
  public String journal() {
    return require(journal, Table.JOURNAL);
  }

  @Override
  public String audit() {
    return require(audit, Table.AUDIT);
  }

  private static String pick(Map<String, String> env, Set<Table> needed, Table t) {
    return needed.contains(t) ? value(env, t) : null;
  }

  private static String value(Map<String, String> env, Table t) {
    String v = env.get(t.variable);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static String require(String name, Table t) {
    if (name == null) {
      throw new IllegalStateException(
          "no DynamoDB table configured for " + t.describe() + " in this function");
    }
    return name;
  }
}
