package io.runwatch.aws.logs;

import io.runwatch.aws.logs.TelemetryQueryException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.LimitExceededException;
import software.amazon.awssdk.services.cloudwatchlogs.model.QueryStatus;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResultField;

/**
 * Runs one Logs Insights query to completion: {@code StartQuery} (tried again with backoff while
 * throttled or while too many queries run), then {@code GetQueryResults} with doubling waits until
 * the status is final. Only {@code Complete} gives rows: a query still {@code Running} returns
 * partial results, and {@code Failed}, {@code Cancelled}, {@code Timeout} or {@code Unknown} give
 * none worth trusting. When the deadline would pass, the query is stopped ({@code StopQuery}, so it
 * stops costing scanned bytes and a concurrency slot) and the run fails.
 *
 * <p>Failures carry the error code and HTTP status, never the SDK exception: its message can name
 * the caller's ARN, and the exception may end up in a log line.
 */
final class InsightsQueryRunner {
  private static final Set<String> DENIED =
      Set.of("AccessDeniedException", "UnrecognizedClientException");

  /**
   * A completed query's rows.
   *
   * @param recordsMatched what Insights says matched, which exceeds {@code rows.size()} when the
   *     limit cut the answer; {@code -1} when it gave no statistics
   */
  record Page(List<InsightsRow> rows, long recordsMatched) {}

  /** What one run is about, for the exception the caller gets. */
  record Window(String vm, long startSeconds, long endSeconds) {
    Instant from() {
      return Instant.ofEpochSecond(startSeconds);
    }

    Instant to() {
      return Instant.ofEpochSecond(endSeconds);
    }
  }

  private final CloudWatchLogsClient logs;
  private final LogsInsightsSettings settings;
  private final InstantSource clock;
  private final Pause pause;

  InsightsQueryRunner(
      CloudWatchLogsClient logs, LogsInsightsSettings settings, InstantSource clock, Pause pause) {
    this.logs = logs;
    this.settings = settings;
    this.clock = clock;
    this.pause = pause;
  }

  Page run(Window w, String queryString, Instant deadline) {
    String queryId = start(w, queryString, deadline);
    Duration wait = settings.firstPoll();
    while (true) {
      if (clock.instant().plus(wait).isAfter(deadline)) {
        stop(queryId);
        throw new TelemetryQueryException(
            Reason.TIMED_OUT,
            w.vm(),
            w.from(),
            w.to(),
            "query not complete within " + settings.maxWait() + "; stopped",
            null);
      }
      sleep(w, wait, queryId);
      wait = min(wait.multipliedBy(2), settings.maxPoll());
      GetQueryResultsResponse r;
      try {
        r = logs.getQueryResults(b -> b.queryId(queryId));
      } catch (SdkException e) {
        if (throttled(e)) {
          continue; // the SDK's retries are spent; the next poll is the retry
        }
        stop(queryId);
        throw failure(w, "GetQueryResults", e);
      }
      QueryStatus status = r.status();
      if (status == QueryStatus.COMPLETE) {
        return page(r);
      }
      if (status != QueryStatus.SCHEDULED && status != QueryStatus.RUNNING) {
        throw new TelemetryQueryException(
            Reason.FAILED, w.vm(), w.from(), w.to(), "query status " + r.statusAsString(), null);
      }
    }
  }

  private String start(Window w, String queryString, Instant deadline) {
    Duration wait = settings.firstPoll();
    for (int attempt = 1; ; attempt++) {
      try {
        return logs.startQuery(
                b ->
                    b.logGroupNames(settings.logGroups())
                        .startTime(w.startSeconds())
                        .endTime(w.endSeconds())
                        .queryString(queryString)
                        .limit(settings.limit()))
            .queryId();
      } catch (SdkException e) {
        boolean busy = e instanceof LimitExceededException || throttled(e);
        if (!busy) {
          throw failure(w, "StartQuery", e);
        }
        if (attempt >= settings.startAttempts() || clock.instant().plus(wait).isAfter(deadline)) {
          throw new TelemetryQueryException(
              Reason.THROTTLED,
              w.vm(),
              w.from(),
              w.to(),
              "StartQuery " + code(e) + " after " + attempt + " attempts",
              null);
        }
        sleep(w, wait, null);
        wait = min(wait.multipliedBy(2), settings.maxPoll());
      }
    }
  }

  private void sleep(Window w, Duration d, String queryId) {
    try {
      pause.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (queryId != null) {
        stop(queryId);
      }
      throw new TelemetryQueryException(
          Reason.TIMED_OUT, w.vm(), w.from(), w.to(), "interrupted; stopped", e);
    }
  }

  /** Best effort: a query that finished meanwhile answers with an error we can ignore. */
  private void stop(String queryId) {
    try {
      logs.stopQuery(b -> b.queryId(queryId));
    } catch (SdkException e) {
      // Nothing more to do: the query ends on its own (Insights' own timeout).
    }
  }

  private static Page page(GetQueryResultsResponse r) {
    List<InsightsRow> rows = new ArrayList<>(r.hasResults() ? r.results().size() : 0);
    if (r.hasResults()) {
      for (List<ResultField> fields : r.results()) {
        rows.add(InsightsRow.of(fields));
      }
    }
    long matched =
        r.statistics() != null && r.statistics().recordsMatched() != null
            ? r.statistics().recordsMatched().longValue()
            : -1;
    return new Page(rows, matched);
  }

  private static TelemetryQueryException failure(Window w, String operation, SdkException e) {
    Reason reason;
    if (e instanceof AwsServiceException ase
        && (DENIED.contains(code(e)) || ase.statusCode() == 403)) {
      reason = Reason.DENIED;
    } else if (throttled(e)) {
      reason = Reason.THROTTLED;
    } else {
      reason = Reason.ERROR;
    }
    String status = e instanceof AwsServiceException ase ? " (HTTP " + ase.statusCode() + ")" : "";
    return new TelemetryQueryException(
        reason, w.vm(), w.from(), w.to(), operation + " failed: " + code(e) + status, null);
  }

  /** The error code, never the message (it can name the caller's ARN). */
  private static String code(SdkException e) {
    if (e instanceof AwsServiceException ase
        && ase.awsErrorDetails() != null
        && ase.awsErrorDetails().errorCode() != null) {
      return ase.awsErrorDetails().errorCode();
    }
    return e.getClass().getSimpleName();
  }

  private static boolean throttled(SdkException e) {
    return e instanceof SdkServiceException s && s.isThrottlingException();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
