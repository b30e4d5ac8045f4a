package io.runwatch.core.hunt;

import io.runwatch.core.correlate.Correlator;
import io.runwatch.core.correlate.HostMap;
import io.runwatch.core.correlate.TelemetryIndex;
import io.runwatch.core.ingest.Decompression;
import io.runwatch.core.ingest.ErrorKind;
import io.runwatch.core.ingest.IngestError;
import io.runwatch.core.ingest.IngestListener;
import io.runwatch.core.ingest.IngestStats;
import io.runwatch.core.ingest.Ingestor;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.HostExecution;
import io.runwatch.core.model.IdentityChange;
import io.runwatch.core.model.OperationCompletion;
import io.runwatch.core.model.RecordRef;
import io.runwatch.core.telemetry.TelemetryListener;
import io.runwatch.core.telemetry.TelemetryParser;
import io.runwatch.core.telemetry.TelemetryReader;
import io.runwatch.core.telemetry.TelemetryStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * A retro hunt over exported logs: reads every file in parallel (one file per worker), sends each
 * to the control-plane ingestor or, when its first bytes are host telemetry, to the telemetry
 * reader; folds the records into admin commands; and, when any telemetry was read, correlates the
 * commands with it. Errors are reported as they occur and never stop the hunt.
 */
public final class Hunt {
  private final Ingestor ingestor;
  private final TelemetryReader telemetry;
  private final int threads;
  private final java.util.concurrent.atomic.AtomicLong filesDone =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile int filesTotal;

  public Hunt(Ingestor ingestor, TelemetryReader telemetry, int threads) {
    this.ingestor = ingestor;
    this.telemetry = telemetry;
    this.threads = Math.max(1, threads);
  }

  public Hunt(Ingestor ingestor, int threads) {
    this(ingestor, new TelemetryReader(), threads);
  }

  /**
   * One file to read.
   *
   * @param telemetry whether the user said it is telemetry (then an unknown format is an error)
   * @param defaultHost the host of records that name none (an audit.log without node=), or null
   */
  public record Source(Path path, boolean telemetry, String defaultHost) {
    public static Source of(Path path) {
      return new Source(path, false, null);
    }
  }

  /**
   * What a hunt found. Status events and identity changes come oldest first.
   *
   * @param correlation the commands joined to host evidence, or {@code null} when no telemetry
   *     source was read
   * @param identityChanges new keys, permissions and sign-ins read from the same logs, context for
   *     the detectors
   */
  public record Result(
      List<AdminCommand> commands,
      List<AgentStatusEvent> statuses,
      IngestStats stats,
      long duplicates,
      long folded,
      long unmatchedCompletions,
      TelemetryStats telemetryStats,
      TelemetryIndex telemetryIndex,
      Correlator.Report correlation,
      List<IdentityChange> identityChanges) {}

  /** A control-plane-only hunt (no correlation). */
  public Result run(List<Path> files, Consumer<IngestError> errors) {
    return run(files.stream().map(Source::of).toList(), HostMap.empty(), null, null, errors);
  }

  /**
   * @param correlator used when telemetry is read; {@code null} to skip correlation
   * @param now the correlation's clock: outcomes whose window (plus lateness) ends after it are
   *     reported as unsettled
   */
  public Result run(
      List<Source> sources,
      HostMap hosts,
      Correlator correlator,
      Instant now,
      Consumer<IngestError> errors) {
    IngestStats stats = new IngestStats();
    TelemetryStats telemetryStats = new TelemetryStats();
    CommandFolder folder = new CommandFolder();
    List<AgentStatusEvent> statuses = new ArrayList<>();
    List<IdentityChange> identityChanges = new ArrayList<>();
    TelemetryIndex.Builder index =
        correlator == null ? null : new TelemetryIndex.Builder(correlator.catalog(), hosts);
    Listener listener = new Listener(folder, statuses, identityChanges, index, errors);
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(threads, Math.max(1, sources.size())));
    try {
      List<Future<?>> tasks = new ArrayList<>();
      filesTotal = sources.size();
      for (Source s : largestFirst(sources)) {
        tasks.add(
            pool.submit(
                () -> {
                  readOne(s, listener, stats, telemetryStats);
                  filesDone.incrementAndGet();
                }));
      }
      for (Future<?> t : tasks) {
        t.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("hunt interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("hunt worker failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    statuses.sort(Comparator.comparing(AgentStatusEvent::time));
    identityChanges.sort(Comparator.comparing(IdentityChange::time));
    List<AdminCommand> commands = folder.commands();
    TelemetryIndex built = null;
    Correlator.Report report = null;
    if (index != null && telemetryStats.sources() > 0) {
      built = index.build();
      report = correlator.correlate(commands, statuses, built, now);
    }
    return new Result(
        commands,
        statuses,
        stats,
        folder.duplicates(),
        folder.folded(),
        folder.unmatchedCompletions(),
        telemetryStats,
        built,
        report,
        List.copyOf(identityChanges));
  }

  /** Files read so far and in all, for a progress display while {@code run} works. */
  public long[] progress() {
    return new long[] {filesDone.get(), filesTotal};
  }

  private void readOne(
      Source s, Listener listener, IngestStats stats, TelemetryStats telemetryStats) {
    String name = s.path().toString();
    InputStream raw;
    try {
      raw = Files.newInputStream(s.path());
    } catch (IOException e) {
      ingestor.ingestFile(s.path(), listener, stats); // reports the failure to open
      return;
    }
    try (raw) {
      // Pushback, not a buffer: after the head, reads go straight from the inflater into the
      // splitter's buffer without another copy.
      PushbackInputStream in =
          new PushbackInputStream(Decompression.open(raw), TelemetryReader.HEAD_BYTES);
      byte[] head = in.readNBytes(TelemetryReader.HEAD_BYTES);
      in.unread(head);
      Optional<TelemetryParser> parser = telemetry.detect(head);
      if (parser.isPresent()) {
        telemetry.read(parser.get(), name, in, s.defaultHost(), listener, telemetryStats);
      } else if (s.telemetry()) {
        listener.error(
            new IngestError(
                new RecordRef(name, 0, 0),
                ErrorKind.UNREADABLE_SOURCE,
                null,
                "not a known telemetry format (Sysmon, auditd, osquery, Defender)"));
      } else {
        ingestor.ingest(name, in, listener, stats);
      }
    } catch (IOException e) {
      listener.error(
          new IngestError(
              new RecordRef(name, 0, -1),
              ErrorKind.UNREADABLE_SOURCE,
              null,
              "cannot read: " + e.getMessage()));
    }
  }

  private static List<Source> largestFirst(List<Source> sources) {
    List<Source> sorted = new ArrayList<>(sources);
    sorted.sort(Comparator.comparingLong((Source s) -> sizeOrZero(s.path())).reversed());
    return sorted;
  }

  private static long sizeOrZero(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Routes what the readers find: commands to the folder, executions to the index. */
  private static final class Listener implements IngestListener, TelemetryListener {
    private final CommandFolder folder;
    private final List<AgentStatusEvent> statuses;
    private final List<IdentityChange> identityChanges;
    private final TelemetryIndex.Builder index;
    private final Consumer<IngestError> errors;

    Listener(
        CommandFolder folder,
        List<AgentStatusEvent> statuses,
        List<IdentityChange> identityChanges,
        TelemetryIndex.Builder index,
        Consumer<IngestError> errors) {
      this.folder = folder;
      this.statuses = statuses;
      this.identityChanges = identityChanges;
      this.index = index;
      this.errors = errors;
    }

    @Override
    public void command(AdminCommand command) {
      folder.add(command);
    }

    @Override
    public void completion(OperationCompletion completion) {
      folder.complete(completion);
    }

    @Override
    public void status(AgentStatusEvent status) {
      synchronized (statuses) {
        statuses.add(status);
      }
    }

    @Override
    public void identityChange(IdentityChange change) {
      synchronized (identityChanges) {
        identityChanges.add(change);
      }
    }

    @Override
    public void execution(HostExecution execution) {
      if (index != null) {
        index.add(execution);
      }
    }

    @Override
    public void heard(String host, Instant time) {
      if (index != null) {
        index.heard(host, time);
      }
    }

    @Override
    public void error(IngestError error) {
      synchronized (errors) {
        errors.accept(error);
      }
    }
  }
}
