package io.runwatch.aws.logs;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link LogsInsightsTelemetrySource} queries: which log groups, and the bounds that keep one
 * Lambda invocation from waiting or holding too much.
 *
 * @param logGroups the log groups with host telemetry ({@code RUNWATCH_LOG_GROUPS}, 1 to 50)
 * @param limit rows per query; 10,000 is Logs Insights' maximum
 * @param maxWait the longest the whole {@code query} call may spend starting and polling queries
 * @param firstPoll the first wait before {@code GetQueryResults}; doubled up to {@code maxPoll}
 * @param maxPoll the longest wait between two polls
 * @param maxSplitDepth how many times a full window may be halved (2^depth queries at most)
 * @param startAttempts how many times {@code StartQuery} is tried when throttled or when too many
 *     queries run ({@code LimitExceededException})
 */
public record LogsInsightsSettings(
    List<String> logGroups,
    int limit,
    Duration maxWait,
    Duration firstPoll,
    Duration maxPoll,
    int maxSplitDepth,
    int startAttempts) {
  public static final String LOG_GROUPS_ENV = "RUNWATCH_LOG_GROUPS";
  public static final int MAX_LIMIT = 10_000;

  public LogsInsightsSettings {
    logGroups = List.copyOf(Objects.requireNonNull(logGroups, "logGroups"));
    if (logGroups.isEmpty() || logGroups.size() > 50) {
      throw new IllegalArgumentException(
          LOG_GROUPS_ENV + " must name 1 to 50 log groups, not " + logGroups.size());
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ": " + limit);
    }
    Objects.requireNonNull(maxWait, "maxWait");
    Objects.requireNonNull(firstPoll, "firstPoll");
    Objects.requireNonNull(maxPoll, "maxPoll");
    if (maxSplitDepth < 0 || maxSplitDepth > 6) {
      throw new IllegalArgumentException("maxSplitDepth must be 0..6: " + maxSplitDepth);
    }
    if (startAttempts < 1) {
      throw new IllegalArgumentException("startAttempts must be positive: " + startAttempts);
    }
  }

  /** Defaults for a Lambda invocation: 60 s in all, polls from 0.5 s to 5 s, up to 8 queries. */
  public static LogsInsightsSettings of(List<String> logGroups) {
    return new LogsInsightsSettings(
        logGroups,
        MAX_LIMIT,
        Duration.ofSeconds(60),
        Duration.ofMillis(500),
        Duration.ofSeconds(5),
        3,
        4);
  }

  /**
   * The defaults, with the log groups of {@code RUNWATCH_LOG_GROUPS} (comma-separated, blanks
   * ignored).
   *
   * @throws IllegalArgumentException when the variable is unset or names no group
   */
  public static LogsInsightsSettings fromEnv(Map<String, String> env) {
    String v = env.get(LOG_GROUPS_ENV);
    List<String> groups =
        v == null
            ? List.of()
            : Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    return of(groups);
  }

  public LogsInsightsSettings withLimit(int limit) {
    return new LogsInsightsSettings(
        logGroups, limit, maxWait, firstPoll, maxPoll, maxSplitDepth, startAttempts);
  }

  public LogsInsightsSettings withMaxWait(Duration maxWait) {
    return new LogsInsightsSettings(
        logGroups, limit, maxWait, firstPoll, maxPoll, maxSplitDepth, startAttempts);
  }

  public LogsInsightsSettings withMaxSplitDepth(int maxSplitDepth) {
    return new LogsInsightsSettings(
        logGroups, limit, maxWait, firstPoll, maxPoll, maxSplitDepth, startAttempts);
  }
}
