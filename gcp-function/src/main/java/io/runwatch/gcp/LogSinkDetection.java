package io.runwatch.gcp;

import io.runwatch.core.ingest.IngestError;
import io.runwatch.core.ingest.IngestListener;
import io.runwatch.core.ingest.IngestStats;
import io.runwatch.core.ingest.Ingestor;
import io.runwatch.core.model.AdminCommand;
import io.runwatch.core.model.AgentStatusEvent;
import io.runwatch.core.model.OperationCompletion;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the data of one CloudEvent into what core found. Core unwraps every shape a Log Router
 * sink's entry arrives in ({@code messagePublished} data {@code {message:{data:base64},
 * subscription}}, or an Eventarc audit-log event whose data is the LogEntry itself), so this class
 * needs to know none of them.
 */
public final class LogSinkDetection {
  static final String SOURCE = "pubsub";

  // Shared across invocations: it holds only the immutable parser list.
  private static final Ingestor INGESTOR = new Ingestor();

  private LogSinkDetection() {}

  /** What core found in one event, with the counts that account for every record read. */
  public record Result(
      List<AdminCommand> commands,
      List<OperationCompletion> completions,
      int statuses,
      List<IngestError> errors,
      IngestStats stats) {

    public Result {
      commands = List.copyOf(commands);
      completions = List.copyOf(completions);
      errors = List.copyOf(errors);
    }

    /** Counts only: audit entries carry e-mails, caller IPs and startup scripts. */
    public String summaryLine() {
      return new SummaryLine("DetectFunction")
          .count("bytes", stats.bytes())
          .count("records", stats.records())
          .count("relevant", stats.relevant())
          .count("skipped", stats.skipped())
          .count("commands", commands.size())
          .count("completions", completions.size())
          .count("statuses", statuses)
          .count("errors", errors.size())
          .errorKinds(errors)
          .toString();
    }
  }

  public static Result detect(byte[] data) {
    Collector found = new Collector();
    INGESTOR.ingest(SOURCE, data == null ? new byte[0] : data, found, found.stats);
    return new Result(found.commands, found.completions, found.statuses, found.errors, found.stats);
  }

  private static final class Collector implements IngestListener {
    final List<AdminCommand> commands = new ArrayList<>();
    final List<OperationCompletion> completions = new ArrayList<>();
    final List<IngestError> errors = new ArrayList<>();
    final IngestStats stats = new IngestStats();
    int statuses;

    @Override
    public void command(AdminCommand command) {
      commands.add(command);
    }

    @Override
    public void completion(OperationCompletion completion) {
      completions.add(completion);
    }

    @Override
    public void status(AgentStatusEvent status) {
      statuses++;
    }

    @Override
    public void error(IngestError error) {
      errors.add(error);
    }
  }
}
