package io.runwatch.aws.logs;

import io.runwatch.aws.logs.InsightsQueryRunner.Page;
import io.runwatch.aws.logs.InsightsQueryRunner.Window;
import io.runwatch.core.ingest.ErrorKind;
import io.runwatch.core.ingest.IngestError;
import io.runwatch.core.model.RecordRef;
import io.runwatch.core.port.HostTelemetrySource;
import io.runwatch.core.telemetry.TelemetryListener;
import io.runwatch.core.telemetry.TelemetryReader;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * A VM's host telemetry from CloudWatch Logs, where the CloudWatch agent ships Sysmon for Linux
 * (syslog), auditd and osquery logs: one Logs Insights query over {@code RUNWATCH_LOG_GROUPS},
 * bounded by the VM (see {@link InsightsQueryText}) and by the window widened to whole seconds
 * ({@code startTime} = floor of {@code from}, {@code endTime} = ceiling of {@code to}; both ends
 * are inclusive for Insights).
 *
 * <p>Insights returns at most 10,000 rows. When a query returns that many, or its statistics say
 * more matched, the window is halved and both halves queried again (they share their middle second;
 * rows both return are dropped by {@code @ptr}), at most {@code maxSplitDepth} times; a window that
 * is still too full is read as far as it goes and reported through {@link TelemetryListener#error}
 * as {@link ErrorKind#TRUNCATED}, with how many matching records were not read, so a cut is never
 * silent. Rows of all windows are gathered first and parsed once ({@link TelemetryRowFeeder}), so
 * an auditd event cut by a window boundary is still joined.
 *
 * <p>Failures (throttled past the retries, access denied, a query that does not complete within
 * {@code maxWait}, which is then stopped) throw {@link TelemetryQueryException} naming the VM and
 * window: the caller treats the host as unknown for it, not as blind. Nothing is reported to the
 * listener before every query has completed, so a failure never leaves half an answer behind.
 *
 * <p>The client is asked for once, on first use, and reused.
 */
public final class LogsInsightsTelemetrySource implements HostTelemetrySource {
  private final Supplier<CloudWatchLogsClient> client;
  private final LogsInsightsSettings settings;
  private final Function<String, List<String>> hostNames;
  private final InstantSource clock;
  private final Pause pause;
  private final TelemetryRowFeeder feeder = new TelemetryRowFeeder(new TelemetryReader());
  private volatile InsightsQueryRunner runner;

  /**
   * @param client builds the Logs client; called once, on the first query
   * @param hostNames the VM's host names besides its id (e.g. its private DNS name and that name's
   *     first label), so telemetry that names the host by name is found too; may answer empty
   */
  public LogsInsightsTelemetrySource(
      Supplier<CloudWatchLogsClient> client,
      LogsInsightsSettings settings,
      Function<String, List<String>> hostNames,
      InstantSource clock,
      Pause pause) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.hostNames = Objects.requireNonNull(hostNames, "hostNames");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pause = Objects.requireNonNull(pause, "pause");
  }

  /** Real time and waits; the VM is found by its id only. */
  public LogsInsightsTelemetrySource(
      Supplier<CloudWatchLogsClient> client, LogsInsightsSettings settings) {
    this(client, settings, vm -> List.of(), InstantSource.system(), Pause.THREAD);
  }

  /**
   * @throws IllegalArgumentException when {@code vm} is not an EC2 instance or SSM managed node id,
   *     or {@code to} is before {@code from}
   * @throws TelemetryQueryException when the telemetry could not be read
   */
  @Override
  public void query(String vm, Instant from, Instant to, TelemetryListener out) {
    if (!InsightsQueryText.plausibleVm(vm)) {
      throw new IllegalArgumentException(
          "not an EC2 instance or managed node id: " + shortened(vm));
    }
    Objects.requireNonNull(out, "out");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("window ends before it starts: " + from + " > " + to);
    }
    List<String> names = InsightsQueryText.names(vm, hostNames.apply(vm));
    String queryString = InsightsQueryText.query(names, settings.limit());
    long start = from.getEpochSecond();
    long end = to.getEpochSecond() + (to.getNano() > 0 ? 1 : 0);
    Instant deadline = clock.instant().plus(settings.maxWait());

    Map<String, InsightsRow> rows = new LinkedHashMap<>();
    List<IngestError> truncations = new ArrayList<>();
    collect(new Window(vm, start, end), queryString, deadline, 0, rows, truncations);

    List<InsightsRow> ordered = new ArrayList<>(rows.values());
    ordered.sort(
        Comparator.comparing(InsightsRow::time, Comparator.nullsFirst(Comparator.naturalOrder())));
    feeder.feed(ordered, names, out);
    truncations.forEach(out::error);
  }

  private void collect(
      Window w,
      String queryString,
      Instant deadline,
      int depth,
      Map<String, InsightsRow> rows,
      List<IngestError> truncations) {
    Page page = runner().run(w, queryString, deadline);
    boolean full =
        page.rows().size() >= settings.limit() || page.recordsMatched() > page.rows().size();
    if (full && depth < settings.maxSplitDepth() && w.endSeconds() - w.startSeconds() >= 2) {
      long mid = w.startSeconds() + (w.endSeconds() - w.startSeconds()) / 2;
      collect(
          new Window(w.vm(), w.startSeconds(), mid),
          queryString,
          deadline,
          depth + 1,
          rows,
          truncations);
      collect(
          new Window(w.vm(), mid, w.endSeconds()),
          queryString,
          deadline,
          depth + 1,
          rows,
          truncations);
      return;
    }
    for (InsightsRow r : page.rows()) {
      rows.putIfAbsent(r.key(), r);
    }
    if (full) {
      String missing =
          page.recordsMatched() > page.rows().size()
              ? (page.recordsMatched() - page.rows().size()) + " of " + page.recordsMatched()
              : "an unknown number of the";
      truncations.add(
          new IngestError(
              new RecordRef(
                  TelemetryRowFeeder.SOURCE_PREFIX + w.vm() + " [" + w.from() + ", " + w.to() + "]",
                  -1,
                  -1),
              ErrorKind.TRUNCATED,
              null,
              "Logs Insights returned "
                  + page.rows().size()
                  + " rows (its limit); "
                  + missing
                  + " matching records were not read"));
    }
  }

  private InsightsQueryRunner runner() {
    InsightsQueryRunner r = runner;
    if (r == null) {
      synchronized (this) {
        r = runner;
        if (r == null) {
          r = new InsightsQueryRunner(client.get(), settings, clock, pause);
          runner = r;
        }
      }
    }
    return r;
  }

  private static String shortened(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
