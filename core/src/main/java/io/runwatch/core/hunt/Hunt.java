package io.runwatch.core.hunt;

import io.runwatch.core.ingest.IngestError;
import io.runwatch.core.ingest.IngestListener;
import io.runwatch.core.ingest.IngestStats;
import io.runwatch.core.ingest.Ingestor;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.OperationCompletion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * A retro hunt over exported logs: reads every file (in parallel, one file per worker), folds the
 * records into admin commands, and reports errors as they occur without stopping.
 */
public final class Hunt {
  private final Ingestor ingestor;
  private final int threads;

  public Hunt(Ingestor ingestor, int threads) {
    this.ingestor = ingestor;
    this.threads = Math.max(1, threads);
  }

  /** What a hunt found. Status events come oldest first. */
  public record Result(
      List<AdminCommand> commands,
      List<AgentStatusEvent> statuses,
      IngestStats stats,
      long duplicates,
      long folded,
      long unmatchedCompletions) {}

  public Result run(List<Path> files, Consumer<IngestError> errors) {
    IngestStats stats = new IngestStats();
    CommandFolder folder = new CommandFolder();
    List<AgentStatusEvent> statuses = new ArrayList<>();
    IngestListener listener =
        new IngestListener() {
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
          public void error(IngestError error) {
            synchronized (errors) {
              errors.accept(error);
            }
          }
        };
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(threads, Math.max(1, files.size())));
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (Path file : HuntSources.largestFirst(files)) {
        tasks.add(pool.submit(() -> readOne(file, listener, stats)));
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
    return new Result(
        folder.commands(),
        statuses,
        stats,
        folder.duplicates(),
        folder.folded(),
        folder.unmatchedCompletions());
  }

  private void readOne(Path file, IngestListener listener, IngestStats stats) {
    ingestor.ingestFile(file, listener, stats);
  }
}
