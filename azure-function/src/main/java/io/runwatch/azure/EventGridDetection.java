package io.runwatch.azure;

import io.runwatch.core.ingest.IngestError;
import io.runwatch.core.ingest.IngestListener;
import io.runwatch.core.ingest.IngestStats;
import io.runwatch.core.ingest.Ingestor;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.OperationCompletion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one Event Grid delivery (Event Grid schema or CloudEvents schema; core tells them apart)
 * into what core found. Kept apart from {@link DetectFunction} so it runs without the Functions
 * host.
 */
public final class EventGridDetection {
  static final String SOURCE = "eventgrid";

  // Shared across invocations: it holds only the immutable parser list.
  private static final Ingestor INGESTOR = new Ingestor();

  private EventGridDetection() {}

  /** What core found in one event, with the counts that account for every record read. */
  public record Result(
      List<AdminCommand> commands,
      int statuses,
      int completions,
      List<IngestError> errors,
      IngestStats stats) {

    public Result {
      commands = List.copyOf(commands);
      errors = List.copyOf(errors);
    }

    /** Counts only: events carry caller names, object ids and IPs, none of which may be logged. */
    public String summaryLine() {
      return new SummaryLine("DetectFunction")
          .count("bytes", stats.bytes())
          .count("records", stats.records())
          .count("relevant", stats.relevant())
          .count("skipped", stats.skipped())
          .count("commands", commands.size())
          .count("statuses", statuses)
          .count("completions", completions)
          .count("errors", errors.size())
          .errorKinds(errors)
          .toString();
    }
  }

  public static Result detect(String event) {
    byte[] payload = event == null ? new byte[0] : event.getBytes(StandardCharsets.UTF_8);
    Collector found = new Collector();
    INGESTOR.ingest(SOURCE, payload, found, found.stats);
    return new Result(found.commands, found.statuses, found.completions, found.errors, found.stats);
  }

  private static final class Collector implements IngestListener {
    final List<AdminCommand> commands = new ArrayList<>();
    final List<IngestError> errors = new ArrayList<>();
    final IngestStats stats = new IngestStats();
    int statuses;
    int completions;

    @Override
    public void command(AdminCommand command) {
      commands.add(command);
    }

    @Override
    public void status(AgentStatusEvent status) {
      statuses++;
    }

    @Override
    public void completion(OperationCompletion completion) {
      completions++;
    }

    @Override
    public void error(IngestError error) {
      errors.add(error);
    }
  }
}
